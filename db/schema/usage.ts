// Tokens every LLM call consumed. Replaces seed `seydam_tokenusage`.
import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { reportJobs } from './jobs';
import { reports } from './reports';
import { users } from './users';

export const tokenUsage = pgTable(
  'token_usage',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reportId: uuid('report_id').references(() => reports.id, { onDelete: 'set null' }),
    jobId: uuid('job_id').references(() => reportJobs.id, { onDelete: 'set null' }),
    // outline | section | edit | references
    task: text('task').notNull(),
    model: text('model').notNull(),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    // Provider cost in millionths of a US dollar, from the configured per-model price.
    costMicroUsd: bigint('cost_micro_usd', { mode: 'number' }).notNull().default(0),
    // ok | failed: failed calls that consumed tokens are recorded too.
    outcome: text('outcome').notNull().default('ok'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('token_usage_user_idx').on(t.userId, t.createdAt), index('token_usage_report_idx').on(t.reportId)],
);
