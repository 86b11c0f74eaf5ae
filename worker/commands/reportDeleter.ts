// Deletes a report. Its outline, document, references, jobs, members and share links go with it
// (ON DELETE CASCADE); ledger entries and survey answers keep their rows with the link cleared.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reports } from '../../db/schema';

export interface ReportDeleterProps {
  /** The report to delete; the caller has checked that it is the owner asking. */
  reportId: string;
}

/** Deletes the report; true when a row went. */
export default async function reportDeleter(db: Db, props: ReportDeleterProps): Promise<boolean> {
  return db.transaction(async (tx) => {
    const gone = await tx.delete(reports).where(eq(reports.id, props.reportId)).returning({ id: reports.id });
    return gone.length > 0;
  });
}
