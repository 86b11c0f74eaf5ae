// Stores a report's gathered references in report_references, in document order, in one
// transaction. The gathered list (scholarly sources, then the report's guideline documents)
// replaces the report's list, as it does in the live document; gather dedupes, so (source,
// externalId) is unique within it.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reports } from '../../db/schema';
import { replaceReferenceRows, type ReferenceInput } from '../lib/report-references';

export interface ReferencesSaverProps {
  /** The report the references belong to. */
  reportId: string;
  /** The references in the order the document lists them. */
  references: ReferenceInput[];
}

/** Replaces the report's references with `references`; answers the stored rows in order. */
export default async function referencesSaver(db: Db, props: ReferencesSaverProps) {
  return db.transaction(async (tx) => {
    // The report row first, as the room's save takes it before rewriting the same rows (one order, no deadlock).
    await tx.select({ id: reports.id }).from(reports).where(eq(reports.id, props.reportId)).for('no key update');
    return replaceReferenceRows(tx, props.reportId, props.references, new Date());
  });
}
