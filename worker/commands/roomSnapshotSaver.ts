// Writes a room's snapshot to Postgres: the outline, the report JSON and its HTML, the references
// and reports.updatedAt, in one transaction. Saving the same snapshot twice changes nothing.
import { eq } from 'drizzle-orm';
import { renderReportHtml, type OutlineJson, type ReportJson } from '../../core/doc';
import type { Db } from '../../db/client';
import { reportDocuments, reportOutlines, reportReferences, reports } from '../../db/schema';
import { OUTLINE_CONTENT_VERSION } from '../lib/report-document';

export interface RoomSnapshotSaverProps {
  /** The report whose room sent the snapshot. */
  reportId: string;
  /** The room's document as report JSON (readReportJson of its state). */
  json: ReportJson;
}

export type RoomSnapshotSaverResult = { kind: 'saved' } | { kind: 'unchanged' } | { kind: 'not_found' };

/** Stores the snapshot unless Postgres already holds exactly this report JSON. */
export default async function roomSnapshotSaver(db: Db, props: RoomSnapshotSaverProps): Promise<RoomSnapshotSaverResult> {
  const { reportId } = props;
  const json = withoutNul(props.json);
  return db.transaction(async (tx) => {
    // The row lock orders two saves of one room that arrive together (and keeps a delete out).
    const [report] = await tx.select({ id: reports.id }).from(reports).where(eq(reports.id, reportId)).for('no key update');
    if (!report) return { kind: 'not_found' };
    const [current] = await tx.select({ json: reportDocuments.json }).from(reportDocuments).where(eq(reportDocuments.reportId, reportId));
    if (current && canonicalJson(current.json) === canonicalJson(json)) return { kind: 'unchanged' };

    const now = new Date();
    const content = outlineContent(json.outline);
    const generated = json.generatedOutline ? outlineContent(json.generatedOutline) : null;
    await tx
      .insert(reportOutlines)
      .values({ reportId, content, generated, updatedAt: now })
      .onConflictDoUpdate({ target: reportOutlines.reportId, set: { content, generated, updatedAt: now } });
    const html = renderReportHtml(json);
    await tx
      .insert(reportDocuments)
      .values({ reportId, json, html, updatedAt: now })
      .onConflictDoUpdate({ target: reportDocuments.reportId, set: { json, html, updatedAt: now } });

    // Replaced whole, rows keyed by the reference's id: deleting first keeps the (source,
    // externalId) unique index from tripping over rows that merely swapped places.
    const existing = await tx
      .select({ id: reportReferences.id, createdAt: reportReferences.createdAt })
      .from(reportReferences)
      .where(eq(reportReferences.reportId, reportId));
    const createdAt = new Map(existing.map((r) => [r.id, r.createdAt]));
    await tx.delete(reportReferences).where(eq(reportReferences.reportId, reportId));
    const seenExternal = new Set<string>();
    const rows = await Promise.all(
      json.references.map(async (ref, position) => {
        const id = await referenceRowId(reportId, ref.id);
        // The document may hold one source id twice (two people adding the same paper); the
        // unique index allows it once, so the second copy is stored without it.
        const externalKey = ref.externalId === null ? null : `${ref.source}\u0000${ref.externalId}`;
        const duplicate = externalKey !== null && seenExternal.has(externalKey);
        if (externalKey !== null) seenExternal.add(externalKey);
        return {
          id,
          reportId,
          position,
          title: ref.title,
          authors: ref.authors,
          year: ref.year,
          venue: ref.venue,
          doi: ref.doi,
          url: ref.url,
          abstract: ref.abstract,
          source: ref.source,
          externalId: duplicate ? null : ref.externalId,
          createdAt: createdAt.get(id) ?? now,
        };
      }),
    );
    if (rows.length > 0) await tx.insert(reportReferences).values(rows);

    await tx.update(reports).set({ updatedAt: now }).where(eq(reports.id, reportId));
    return { kind: 'saved' };
  });
}

/**
 * The report_references.id of a document reference: a UUID derived from the report and the
 * reference's id in the document (which is not a UUID), so every save maps it to the same row and
 * two reports never share one.
 */
export async function referenceRowId(reportId: string, referenceId: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${reportId}:${referenceId}`)));
  const b = digest.slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8: custom
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function outlineContent(outline: OutlineJson) {
  return { version: OUTLINE_CONTENT_VERSION, chapters: outline.chapters };
}

/** The JSON with NUL characters removed from every string: Postgres text and jsonb cannot hold them. */
function withoutNul<T>(value: T): T {
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replaceAll('\0', '');
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replaceAll('\0', ''), clean(x)]));
    return v;
  };
  return clean(value) as T;
}

/** JSON with object keys sorted: jsonb does not keep key order, so compare this way. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
