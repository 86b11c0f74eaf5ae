// Creates a draft report from the new-report form, optionally filed in one of the owner's folders.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportFolders, reports } from '../../db/schema';
import { REPORT_CREDIT_COST } from '../lib/credits';
import type { ReportRow } from '../policies/report';

export interface ReportCreatorProps {
  /** The signed-in user, who owns the new report. */
  ownerId: string;
  /** What the report is about (trimmed, 1..300). */
  topic: string;
  /** The owner's own understanding of the topic, which steers the outline. */
  description: string;
  /** How many references to gather: 5..100 in steps of 5. */
  referenceCount: number;
  /** Free-text instructions for the writer ('' for none). */
  guidelines: string;
  /** One of the owner's folders, or null to leave it unfiled. */
  folderId: string | null;
}

export type ReportCreatorResult = { kind: 'created'; report: ReportRow } | { kind: 'folder_not_found' };

/** Inserts the report as a draft with today's price; refuses a folder the owner does not have. */
export default async function reportCreator(db: Db, props: ReportCreatorProps): Promise<ReportCreatorResult> {
  return db.transaction(async (tx) => {
    if (props.folderId) {
      // Locked so a concurrent folder delete cannot slip between this check and the insert.
      const [folder] = await tx
        .select({ id: reportFolders.id })
        .from(reportFolders)
        .where(and(eq(reportFolders.id, props.folderId), eq(reportFolders.ownerId, props.ownerId)))
        .for('key share');
      if (!folder) return { kind: 'folder_not_found' };
    }
    const [report] = await tx
      .insert(reports)
      .values({
        ownerId: props.ownerId,
        folderId: props.folderId,
        topic: props.topic,
        description: props.description,
        referenceCount: props.referenceCount,
        guidelines: props.guidelines,
        status: 'draft',
        creditCost: REPORT_CREDIT_COST,
      })
      .returning();
    return { kind: 'created', report: report! };
  });
}
