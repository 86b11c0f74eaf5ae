// Starts a generation job: the job row, one row per section to write, and the credit reservation,
// in one transaction, so a job either exists with its credits held or not at all (402 when the
// owner's balance is short: nothing is created). One active job per report (a unique index): a
// second start while one runs is a 409.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportJobSections, reportJobs, reports } from '../../db/schema';
import { conflict, isUniqueViolation, notFound } from '../errors';
import { lockUser } from '../lib/ledger';
import type { ReportRow } from '../policies/report';
import creditReserver from './creditReserver';

export interface GenerationJobCreatorProps {
  report: ReportRow;
  /** Who started it (their usage); the report's owner pays the credits. */
  userId: string;
  kind: 'report' | 'section';
  sections: Array<{ sectionId: string; title: string }>;
  credits: number;
}

export default async function generationJobCreator(db: Db, props: GenerationJobCreatorProps) {
  try {
    return await db.transaction(async (tx) => {
      // The owner's account first: the job row's foreign key share-locks the starter's account, and
      // the reservation below locks the owner's for update; taken in the other order, two starts for
      // reports of one owner wait on each other and PostgreSQL aborts one as a deadlock.
      if (props.credits > 0 && !(await lockUser(tx, props.report.ownerId))) throw notFound('User');
      const [job] = await tx
        .insert(reportJobs)
        .values({ reportId: props.report.id, userId: props.userId, kind: props.kind, creditsReserved: props.credits })
        .returning();
      const sections = await tx
        .insert(reportJobSections)
        .values(props.sections.map((s, position) => ({ jobId: job!.id, sectionId: s.sectionId, title: s.title.slice(0, 1_000), position })))
        .returning();
      if (props.credits > 0) await creditReserver(tx, { userId: props.report.ownerId, reportId: props.report.id, jobId: job!.id, amount: props.credits });
      if (props.kind === 'report') await tx.update(reports).set({ status: 'generating', updatedAt: sql`now()` }).where(sql`${reports.id} = ${props.report.id}`);
      return { job: job!, sections };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('job_running', 'A generation job is already running for this report. Wait for it or cancel it.');
    throw err;
  }
}
