// Changes the worker makes to a room's document (POST /internal/ops and /internal/replace), each
// request one Yjs transaction with origin 'server', through the same core/doc functions editors use.
import { z } from 'zod';
import type * as Y from 'yjs';
import {
  DOC_VERSION,
  META,
  allSectionIds,
  appendToSection,
  createSectionStates,
  normalizeBody,
  normalizeOutline,
  outlineEdited,
  readGeneratedOutline,
  readOutline,
  replaceOutline,
  referenceSources,
  reportTypes,
  sectionStates,
  sectionStatuses,
  setCitationStyle,
  setGeneratedOutline,
  setProgress,
  setReferences,
  setSectionParagraphs,
  setSectionState,
  setStatus,
  setTitle,
  type CitationStyle,
  type ReportJson,
} from '../core/doc';
import type { RoomOp } from '../worker/lib/room-client';

/** The transaction origin of changes the worker asks for, so observers can tell them from people's edits. */
export const SERVER_ORIGIN = 'server';

const id = z.string().min(1).max(100);
const nullableText = (max: number) => z.string().max(max).nullable();

const reference = z.object({
  id,
  title: z.string().max(2_000),
  authors: z.array(z.string().max(500)).max(500),
  year: z.number().int().nullable(),
  venue: nullableText(1_000),
  doi: nullableText(500),
  url: nullableText(2_000),
  abstract: nullableText(50_000),
  source: z.enum(referenceSources),
  externalId: nullableText(500),
});

const roomOp = z.discriminatedUnion('type', [
  z.object({ type: z.literal('appendText'), sectionId: id, text: z.string().max(1_000_000) }),
  z.object({ type: z.literal('setSectionParagraphs'), sectionId: id, paragraphs: z.array(z.string().max(1_000_000)).max(10_000) }),
  // Blocks are normalized (unknown nodes, marks and attributes dropped) before they reach the document.
  z.object({ type: z.literal('setSectionBlocks'), sectionId: id, blocks: z.array(z.unknown()).max(10_000) }),
  z.object({
    type: z.literal('setSectionState'),
    sectionId: id,
    state: z
      .object({ status: z.enum(sectionStatuses), error: z.string().max(2_000).optional(), writer: z.string().max(200).optional() })
      .nullable(),
  }),
  z.object({
    type: z.literal('setMeta'),
    title: z.string().max(1_000).optional(),
    status: z.string().max(40).optional(),
    progress: z.number().finite().optional(),
    citationStyle: z.string().max(40).optional(),
  }),
  z.object({
    type: z.literal('setOutline'),
    outline: z.object({
      chapters: z
        .array(
          z.object({
            id,
            title: z.string().max(1_000),
            sections: z.array(z.object({ id, title: z.string().max(1_000), notes: z.array(z.string().max(10_000)).max(1_000) })).max(1_000),
          }),
        )
        .max(1_000),
    }),
    generated: z.boolean(),
    ifUnedited: z.boolean().optional(),
  }),
  z.object({ type: z.literal('setReferences'), references: z.array(reference).max(1_000) }),
]);

/** The body of POST /internal/ops. */
export const roomOpsSchema = z.object({
  ops: z.array(roomOp).max(10_000),
  fence: z.object({ key: z.string().min(1).max(100), epoch: z.number().int().nonnegative() }).optional(),
  /** Answer only after the room has saved the result to Postgres (or OPS_SAVE_WAIT_MS passed). */
  save: z.boolean().optional(),
});

// The schema and worker/lib/room-client.ts's RoomOp describe one contract; this fails to compile when they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _contract: Same<z.infer<typeof roomOp>, RoomOp> = true;
void _contract;

/** Applies `ops` in order in one transaction; for each, whether it applied (false: its section is gone). */
export function applyRoomOps(doc: Y.Doc, ops: RoomOp[]): boolean[] {
  const applied: boolean[] = [];
  doc.transact(() => {
    for (const op of ops) applied.push(applyRoomOp(doc, op));
  }, SERVER_ORIGIN);
  return applied;
}

function applyRoomOp(doc: Y.Doc, op: RoomOp): boolean {
  switch (op.type) {
    case 'appendText':
      return appendToSection(doc, op.sectionId, op.text);
    case 'setSectionParagraphs':
      return setSectionParagraphs(doc, op.sectionId, op.paragraphs);
    case 'setSectionBlocks':
      return setSectionParagraphs(doc, op.sectionId, normalizeBody(op.blocks));
    case 'setSectionState':
      // A state for a section that is not in the outline would linger with nothing to show it.
      if (op.state !== null && !allSectionIds(doc).has(op.sectionId)) return false;
      setSectionState(doc, op.sectionId, op.state);
      return true;
    case 'setMeta':
      if (op.title !== undefined) setTitle(doc, op.title);
      if (op.status !== undefined) setStatus(doc, op.status);
      if (op.progress !== undefined) setProgress(doc, op.progress);
      if (op.citationStyle !== undefined) setCitationStyle(doc, op.citationStyle as CitationStyle);
      return true;
    case 'setOutline': {
      // Checked here, in the transaction that replaces it: an edit that landed while the caller
      // waited on the model is kept, and the caller is told.
      if (op.ifUnedited && outlineEdited(readOutline(doc), readGeneratedOutline(doc))) return false;
      // One outline for both, so "edited since generated" compares equal ids and text.
      const outline = normalizeOutline(op.outline);
      if (!sectionStates(doc)) createSectionStates(doc);
      replaceOutline(doc, outline);
      if (op.generated) setGeneratedOutline(doc, outline);
      return true;
    }
    case 'setReferences':
      setReferences(doc, op.references);
      return true;
    default:
      return op satisfies never;
  }
}

/**
 * Makes the document hold `json` (a history restore) with new operations in one transaction:
 * the old content stays in the document's history, so nothing is destroyed, and chapter, section
 * and reference ids are the ones `json` has. Section bodies are emptied and refilled, so editors
 * bound to them stay bound.
 */
export function replaceReportContent(doc: Y.Doc, json: ReportJson): void {
  doc.transact(() => {
    const { meta } = reportTypes(doc);
    if (meta.get(META.version) === undefined) meta.set(META.version, DOC_VERSION);
    setTitle(doc, json.title);
    setStatus(doc, json.status);
    setCitationStyle(doc, json.citationStyle);
    setGeneratedOutline(doc, json.generatedOutline);
    if (!sectionStates(doc)) createSectionStates(doc);
    const outline = normalizeOutline(json.outline);
    replaceOutline(doc, outline);
    for (const chapter of outline.chapters) {
      for (const section of chapter.sections) setSectionParagraphs(doc, section.id, json.sections[section.id] ?? []);
    }
    setReferences(doc, json.references);
  }, SERVER_ORIGIN);
}
