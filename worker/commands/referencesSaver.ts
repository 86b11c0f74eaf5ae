// Stores a report's gathered references in report_references, in document order, in one
// transaction. The gathered list replaces the report's list, as it does in the live document;
// gather dedupes, so (source, externalId) is unique within it.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportReferences } from '../../db/schema';
import type { GatheredReference } from '../lib/scholarly/gather';
import { referenceRowId } from './roomSnapshotSaver';

export interface ReferencesSaverProps {
  /** The report the references belong to. */
  reportId: string;
  /** The references in the order the document lists them. */
  references: GatheredReference[];
}

/** Replaces the report's references with `references`; answers the stored rows in order. */
export default async function referencesSaver(db: Db, props: ReferencesSaverProps) {
  const { reportId } = props;
  // Row ids come from the document ids, as the room's own saves derive them, so both writers
  // agree on which row is which reference.
  const rows = await Promise.all(
    props.references.map(async (ref, position) => ({
      id: await referenceRowId(reportId, ref.id),
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
      externalId: ref.externalId,
    })),
  );
  return db.transaction(async (tx) => {
    // Replaced whole, as roomSnapshotSaver does: deleting first keeps the (reportId, source,
    // externalId) unique index from tripping over a source that merely moved, and a source found
    // again keeps its createdAt.
    const existing = await tx
      .select({ id: reportReferences.id, createdAt: reportReferences.createdAt })
      .from(reportReferences)
      .where(eq(reportReferences.reportId, reportId));
    const createdAt = new Map(existing.map((r) => [r.id, r.createdAt]));
    await tx.delete(reportReferences).where(eq(reportReferences.reportId, reportId));
    if (rows.length === 0) return [];
    const now = new Date();
    return tx
      .insert(reportReferences)
      .values(rows.map((r) => ({ ...r, createdAt: createdAt.get(r.id) ?? now })))
      .returning();
  });
}
