// A report's Yjs document as Postgres has it, for a room whose storage is empty, and the room's
// snapshots read back: what the internal room endpoints (worker/routes/internal.ts) exchange.
import { asc, eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { buildReportDoc, coerceReportJson, parseReportJson, readMeta, readReportJson, reportTypes, type ReportJson, type SectionState } from '../../core/doc';
import type { DbOrTx } from '../../db/client';
import { reportDocuments, reportOutlines, reportReferences, reports } from '../../db/schema';

/**
 * Version of the outline JSON in report_outlines.content / .generated ({ version, chapters }).
 * Increment this any time you change that shape.
 */
export const OUTLINE_CONTENT_VERSION = 1;

/** Where a room's first document came from. */
export type DocumentSource = 'document' | 'outline' | 'empty';

export type ReportDocumentLookup =
  | { kind: 'found'; update: Uint8Array; source: DocumentSource }
  | { kind: 'not_found' }
  /** Stored JSON this code cannot read (a newer version, a broken row): loading it would lose it. */
  | { kind: 'unreadable'; reason: string };

/**
 * The report as one Yjs update: report_documents.json when the room ever saved one, else the
 * outline (with the references rows), else an empty document titled with the report's topic.
 */
export async function loadReportDocument(db: DbOrTx, reportId: string): Promise<ReportDocumentLookup> {
  const [row] = await db
    .select({
      topic: reports.topic,
      status: reports.status,
      citationStyle: reports.citationStyle,
      document: reportDocuments.json,
      outline: reportOutlines.content,
      generated: reportOutlines.generated,
    })
    .from(reports)
    .leftJoin(reportDocuments, eq(reportDocuments.reportId, reports.id))
    .leftJoin(reportOutlines, eq(reportOutlines.reportId, reports.id))
    .where(eq(reports.id, reportId))
    .limit(1);
  if (!row) return { kind: 'not_found' };

  if (row.document !== null && row.document !== undefined) {
    const parsed = parseReportJson(row.document);
    switch (parsed.kind) {
      case 'ok':
        return found(parsed.json, 'document');
      case 'unsupported_version':
        return { kind: 'unreadable', reason: `report_documents.json has version ${String(parsed.version)}` };
      case 'invalid':
        return { kind: 'unreadable', reason: `report_documents.json: ${parsed.reason}` };
      default:
        return parsed satisfies never;
    }
  }

  const refs = await db.select().from(reportReferences).where(eq(reportReferences.reportId, reportId)).orderBy(asc(reportReferences.position));
  const base = {
    version: 1,
    title: row.topic,
    status: row.status,
    citationStyle: row.citationStyle,
    sections: {},
    references: refs.map((r) => ({
      id: r.id,
      title: r.title,
      authors: r.authors,
      year: r.year,
      venue: r.venue,
      doi: r.doi,
      url: r.url,
      abstract: r.abstract,
      source: r.source,
      externalId: r.externalId,
    })),
  };
  if (row.outline !== null && row.outline !== undefined) {
    for (const [column, value] of [['content', row.outline], ['generated', row.generated]] as const) {
      const version = (value as { version?: unknown } | null)?.version;
      if (value !== null && version !== OUTLINE_CONTENT_VERSION) {
        return { kind: 'unreadable', reason: `report_outlines.${column} has version ${String(version)}` };
      }
    }
    // Stored rows are not trusted: coerce makes them well-formed without guessing.
    return found(coerceReportJson({ ...base, outline: row.outline, generatedOutline: row.generated }), 'outline');
  }
  return found(coerceReportJson({ ...base, outline: { chapters: [] }, generatedOutline: null }), 'empty');
}

function found(json: ReportJson, source: DocumentSource): ReportDocumentLookup {
  const doc = buildReportDoc(json);
  try {
    return { kind: 'found', update: Y.encodeStateAsUpdate(doc), source };
  } finally {
    doc.destroy();
  }
}

export type RoomStateReading = { kind: 'ok'; json: ReportJson; sectionState: Record<string, SectionState> } | { kind: 'invalid'; reason: string };

/** Reads a room's whole-document update back to report JSON, refusing anything that is not a complete report document. */
export function readRoomState(state: Uint8Array): RoomStateReading {
  const doc = new Y.Doc();
  try {
    try {
      Y.applyUpdate(doc, state);
    } catch (err) {
      return { kind: 'invalid', reason: `not a Yjs update (${String(err)})` };
    }
    // Updates that depend on content not included: a partial state, not the room's whole document.
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return { kind: 'invalid', reason: 'incomplete update' };
    // Every report document has meta; saving one without would wipe the stored copy.
    if (reportTypes(doc).meta.size === 0) return { kind: 'invalid', reason: 'not a report document' };
    return { kind: 'ok', json: readReportJson(doc), sectionState: readMeta(doc).sectionState };
  } finally {
    doc.destroy();
  }
}
