// Writes a room's snapshot to Postgres: the outline, the report JSON and its HTML, the references
// and reports.updatedAt, in one transaction. Saving the same snapshot twice changes nothing.
import { eq } from 'drizzle-orm';
import { renderReportHtml, type OutlineJson, type ReportJson } from '../../core/doc';
import type { Db } from '../../db/client';
import { reportDocuments, reportOutlines, reports } from '../../db/schema';
import { OUTLINE_CONTENT_VERSION } from '../lib/report-document';
import { replaceReferenceRows } from '../lib/report-references';

export { referenceRowId } from '../lib/report-references';

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

    await replaceReferenceRows(tx, reportId, json.references, now);

    await tx.update(reports).set({ updatedAt: now }).where(eq(reports.id, reportId));
    return { kind: 'saved' };
  });
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
