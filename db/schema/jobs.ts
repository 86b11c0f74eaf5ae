// Background work on a report. Replaces seed `seydam_reportjobid` and `seydam_referencejobid`.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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

export const reportJobKind = pgEnum('report_job_kind', ['report', 'section']);

/** What a generation job was asked to write, fixed when it starts (see worker/generation/plan.ts). */
export interface GenerationPlan {
  /** Reference numbers the model sees ([1], [2], ...) bound to reference ids. */
  references: Array<{ n: number; id: string }>;
}

export const reportJobs = pgTable(
  'report_jobs',
  {
    ...jobColumns(),
    // 'report': every section of the outline; 'section': one section (retry or regenerate).
    kind: reportJobKind('kind').notNull().default('report'),
    plan: jsonb('plan').$type<GenerationPlan>(),
    creditsReserved: integer('credits_reserved').notNull().default(0),
    // Set once, when the job settles (see docs/billing.md for the rule).
    creditsCharged: integer('credits_charged'),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    // The consumer working on the job holds a lease; another delivery of the same message waits for it
    // to expire instead of writing the same section a second time.
    leaseId: uuid('lease_id'),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
  },
  (t) => [
    index('report_jobs_report_idx').on(t.reportId, t.createdAt),
    check('report_jobs_progress_range', sql`${t.progress} between 0 and 100`),
    // One writer per report at a time: two jobs would write the same sections.
    uniqueIndex('report_jobs_one_active').on(t.reportId).where(sql`${t.status} in ('queued', 'running')`),
  ],
);

export const jobSectionStatus = pgEnum('job_section_status', ['queued', 'writing', 'done', 'failed', 'cancelled', 'skipped']);

/** One section a generation job writes; the row says whether it is written, so no delivery writes it twice. */
export const reportJobSections = pgTable(
  'report_job_sections',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => reportJobs.id, { onDelete: 'cascade' }),
    sectionId: text('section_id').notNull(),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    status: jobSectionStatus('status').notNull().default('queued'),
    // Model calls made for the section (retries included).
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    // References the finished section cites, and markers removed because they named no reference.
    cited: jsonb('cited').$type<string[]>(),
    removedMarkers: jsonb('removed_markers').$type<string[]>(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.sectionId] }), index('report_job_sections_order_idx').on(t.jobId, t.position)],
);

export const referenceJobs = pgTable('reference_jobs', jobColumns(), (t) => [
  index('reference_jobs_report_idx').on(t.reportId, t.createdAt),
  check('reference_jobs_progress_range', sql`${t.progress} between 0 and 100`),
]);
