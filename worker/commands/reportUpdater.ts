// Renames a report and/or moves it between the owner's folders.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportFolders, reports } from '../../db/schema';
import type { ReportRow } from '../policies/report';

export interface ReportUpdaterProps {
  reportId: string;
  /** The report's owner: a folder it moves into must be theirs. */
  ownerId: string;
  /** The new topic, or undefined to keep it. */
  topic?: string | undefined;
  /** The folder to move into, null to take it out of its folder, undefined to leave it. */
  folderId?: string | null | undefined;
}

export type ReportUpdaterResult = { kind: 'updated'; report: ReportRow } | { kind: 'folder_not_found' } | { kind: 'report_not_found' };

/** Applies the changes given; a folder that is not the owner's changes nothing. */
export default async function reportUpdater(db: Db, props: ReportUpdaterProps): Promise<ReportUpdaterResult> {
  return db.transaction(async (tx) => {
    if (props.folderId) {
      // Locked so a concurrent folder delete cannot slip between this check and the update.
      const [folder] = await tx
        .select({ id: reportFolders.id })
        .from(reportFolders)
        .where(and(eq(reportFolders.id, props.folderId), eq(reportFolders.ownerId, props.ownerId)))
        .for('key share');
      if (!folder) return { kind: 'folder_not_found' };
    }
    const changes: Partial<typeof reports.$inferInsert> = { updatedAt: new Date() };
    if (props.topic !== undefined) changes.topic = props.topic;
    if (props.folderId !== undefined) changes.folderId = props.folderId;
    const [report] = await tx.update(reports).set(changes).where(eq(reports.id, props.reportId)).returning();
    return report ? { kind: 'updated', report } : { kind: 'report_not_found' };
  });
}
