// The one writer of report_references rows: the room's saves and reference gathering both replace
// a report's list through it, so the two always map a document reference to the same row.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { reportReferences } from '../../db/schema';

/** A reference as the document holds it (core/doc ReferenceJson and gathered sources both fit). */
export interface ReferenceInput {
  id: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  doi: string | null;
  url: string | null;
  abstract: string | null;
  source: 'openalex' | 'crossref' | 'upload' | 'manual';
  externalId: string | null;
}

/** Replaces the report's reference rows with `refs`, in order; a row found again keeps its createdAt. */
export async function replaceReferenceRows(tx: DbOrTx, reportId: string, refs: readonly ReferenceInput[], now: Date) {
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
    refs.map(async (ref, position) => {
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
  if (rows.length === 0) return [];
  return tx.insert(reportReferences).values(rows).returning();
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

