// Building a report document from JSON: a new report from the model's outline, or an empty room
// loading what Postgres last saved.
import * as Y from 'yjs';
import { createSectionBody } from './body';
import { createSectionStates, toCitationStyle } from './meta';
import { normalizeOutline, type OutlineInput } from './outline-read';
import { replaceOutline } from './outline';
import { referenceToY, uniqueReferences, type ReferenceInput } from './references';
import { DOC_VERSION, META, REPORT_JSON_VERSION, reportTypes, type Block, type CitationStyle } from './schema';

/** What a report document is built from. `ReportJson` (what readReportJson gives) is one. */
export interface ReportInput {
  /** When present, must be REPORT_JSON_VERSION. */
  version?: number;
  title: string;
  status?: string;
  citationStyle?: CitationStyle;
  outline: OutlineInput;
  /** The model's outline for "reset to generated"; by default the outline itself, null for none. */
  generatedOutline?: OutlineInput | null;
  /** Section bodies by section id: JSON blocks or plain-text paragraphs. Missing sections start empty. */
  sections?: Record<string, Array<Block | string>>;
  references?: ReferenceInput[];
}

/** A new report document holding `input`. */
export function buildReportDoc(input: ReportInput): Y.Doc {
  const doc = new Y.Doc();
  applyReportJson(doc, input);
  return doc;
}

/** Fills an empty document with `input`, in one transaction; throws on a non-empty document or an unknown JSON version. */
export function applyReportJson(doc: Y.Doc, input: ReportInput): void {
  if (input.version !== undefined && input.version !== REPORT_JSON_VERSION) {
    throw new Error(`unsupported report JSON version ${input.version}`);
  }
  const types = reportTypes(doc);
  if (types.meta.size > 0 || types.outline.length > 0 || types.sections.size > 0 || types.references.length > 0) {
    throw new Error('the report document is not empty');
  }
  const outline = normalizeOutline(input.outline);
  const generated = input.generatedOutline === undefined ? outline : input.generatedOutline && normalizeOutline(input.generatedOutline);
  doc.transact(() => {
    types.meta.set(META.version, DOC_VERSION);
    types.meta.set(META.title, input.title);
    types.meta.set(META.status, input.status ?? 'draft');
    types.meta.set(META.progress, 0);
    types.meta.set(META.citationStyle, toCitationStyle(input.citationStyle));
    types.meta.set(META.generatedOutline, generated);
    createSectionStates(doc);
    for (const chapter of outline.chapters) {
      for (const section of chapter.sections) createSectionBody(doc, section.id, input.sections?.[section.id]);
    }
    replaceOutline(doc, outline);
    types.references.insert(0, uniqueReferences(input.references ?? []).map(referenceToY));
  });
}
