// The report's `meta` map: title, status, generation progress, citation style and the
// generation state of each section, all last-writer-wins values.
import * as Y from 'yjs';
import {
  DEFAULT_CITATION_STYLE,
  META,
  citationStyles,
  reportTypes,
  sectionStatuses,
  type CitationStyle,
  type SectionState,
} from './schema';

/** The meta values of a report. */
export interface ReportMeta {
  version: number;
  title: string;
  status: string;
  progress: number;
  citationStyle: CitationStyle;
  sectionState: Record<string, SectionState>;
}

/** Reads the meta map, with defaults for anything missing or malformed. */
export function readMeta(doc: Y.Doc): ReportMeta {
  const { meta } = reportTypes(doc);
  const version = meta.get(META.version);
  const title = meta.get(META.title);
  const status = meta.get(META.status);
  const progress = meta.get(META.progress);
  const sectionState: Record<string, SectionState> = {};
  sectionStates(doc)?.forEach((value, id) => {
    const state = toSectionState(value);
    if (state) sectionState[id] = state;
  });
  return {
    version: typeof version === 'number' ? version : 0,
    title: typeof title === 'string' ? title : '',
    status: typeof status === 'string' ? status : 'draft',
    progress: typeof progress === 'number' ? progress : 0,
    citationStyle: toCitationStyle(meta.get(META.citationStyle)),
    sectionState,
  };
}

/** Sets the report title. */
export function setTitle(doc: Y.Doc, title: string): void {
  reportTypes(doc).meta.set(META.title, title);
}

/** Sets the report status (the `report_status` values). */
export function setStatus(doc: Y.Doc, status: string): void {
  reportTypes(doc).meta.set(META.status, status);
}

/** Sets generation progress, clamped to 0..100. */
export function setProgress(doc: Y.Doc, progress: number): void {
  const value = Number.isFinite(progress) ? Math.min(100, Math.max(0, progress)) : 0;
  reportTypes(doc).meta.set(META.progress, value);
}

/** Sets the citation style; unknown styles fall back to the default. */
export function setCitationStyle(doc: Y.Doc, style: CitationStyle): void {
  reportTypes(doc).meta.set(META.citationStyle, toCitationStyle(style));
}

/** Sets (or, with null, clears) the generation state of one section. */
export function setSectionState(doc: Y.Doc, sectionId: string, state: SectionState | null): void {
  doc.transact(() => {
    const states = sectionStates(doc) ?? createSectionStates(doc);
    if (state === null) {
      states.delete(sectionId);
    } else {
      const value: SectionState = { status: state.status };
      if (state.error !== undefined) value.error = state.error;
      if (state.writer !== undefined) value.writer = state.writer;
      states.set(sectionId, value);
    }
  });
}

/** The generation state of one section (idle when none was set). */
export function getSectionState(doc: Y.Doc, sectionId: string): SectionState {
  return toSectionState(sectionStates(doc)?.get(sectionId)) ?? { status: 'idle' };
}

/** The `meta.sectionState` map, if the document has one. */
export function sectionStates(doc: Y.Doc): Y.Map<unknown> | undefined {
  const states = reportTypes(doc).meta.get(META.sectionState);
  return states instanceof Y.Map ? states : undefined;
}

/**
 * Creates `meta.sectionState`. Documents get it when they are built; creating it later from two
 * clients at once would leave one of the two maps (and what was written to it) behind.
 */
export function createSectionStates(doc: Y.Doc): Y.Map<unknown> {
  const states = new Y.Map<unknown>();
  reportTypes(doc).meta.set(META.sectionState, states);
  return states;
}

/** A known citation style, or the default. */
export function toCitationStyle(value: unknown): CitationStyle {
  return citationStyles.includes(value as CitationStyle) ? (value as CitationStyle) : DEFAULT_CITATION_STYLE;
}

function toSectionState(value: unknown): SectionState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { status, error, writer } = value as Record<string, unknown>;
  if (!sectionStatuses.includes(status as SectionState['status'])) return null;
  const state: SectionState = { status: status as SectionState['status'] };
  if (typeof error === 'string') state.error = error;
  if (typeof writer === 'string') state.writer = writer;
  return state;
}
