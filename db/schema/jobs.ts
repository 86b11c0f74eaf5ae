// Background work on a report. Replaces seed `seydam_reportjobid` and `seydam_referencejobid`.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { reports } from './reports';
import { users } from './users';

export const jobStatus = pgEnum('job_status', ['queued', 'running', 'finished', 'partial', 'failed', 'cancelled']);

const jobColumns = () => ({
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id')
    .notNull()
    .references(() => reports.id, { onDelete: 'cascade' }),
  // Who started it; kept null when that account is gone so the job history stays readable.
  userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
  status: jobStatus('status').notNull().default('queued'),
  stage: text('stage').notNull().default('queued'),
  // 0..100.
  progress: integer('progress').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const reportJobs = pgTable('report_jobs', jobColumns(), (t) => [
  index('report_jobs_report_idx').on(t.reportId, t.createdAt),
  check('report_jobs_progress_range', sql`${t.progress} between 0 and 100`),
]);

export const referenceJobs = pgTable('reference_jobs', jobColumns(), (t) => [
  index('reference_jobs_report_idx').on(t.reportId, t.createdAt),
  check('reference_jobs_progress_range', sql`${t.progress} between 0 and 100`),
]);
