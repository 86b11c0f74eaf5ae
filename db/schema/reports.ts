// Reports and the stored copies of their content. Replaces seed `seydam_reports`, `seydam_outline`,
// `seydam_jsonreport`, `seydam_rawhtmlcode` and `seydam_references`. The live copy of a report is the
// Yjs document in its PartyKit room; these rows are what the room last saved.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { reportFolders } from './folders';
import { users } from './users';

export const reportStatus = pgEnum('report_status', [
  'draft',
  'outlining',
  'outlined',
  'generating',
  'completed',
  'partial',
  'failed',
]);

export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    folderId: uuid('folder_id').references(() => reportFolders.id, { onDelete: 'set null' }),
    topic: text('topic').notNull(),
    // "Your understanding of the topic" from the new-report form.
    description: text('description').notNull(),
    referenceCount: integer('reference_count').notNull().default(10),
    guidelines: text('guidelines').notNull().default(''),
    citationStyle: text('citation_style').notNull().default('apa'),
    status: reportStatus('status').notNull().default('draft'),
    // What a full generation costs, fixed when the report is created so a price change never
    // rewrites an old report's bill.
    creditCost: integer('credit_cost').notNull().default(5),
    creditsCharged: integer('credits_charged').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('reports_owner_idx').on(t.ownerId, t.createdAt),
    index('reports_folder_idx').on(t.folderId),
    check('reports_reference_count_range', sql`${t.referenceCount} between 5 and 100 and ${t.referenceCount} % 5 = 0`),
    check('reports_credits_nonnegative', sql`${t.creditCost} >= 0 and ${t.creditsCharged} >= 0`),
  ],
);

export const reportOutlines = pgTable('report_outlines', {
  reportId: uuid('report_id')
    .primaryKey()
    .references(() => reports.id, { onDelete: 'cascade' }),
  // The outline as edited: { version, chapters: [{ id, title, sections: [{ id, title, notes }] }] }.
  content: jsonb('content').notNull(),
  // The outline as the model proposed it, kept for "reset to generated".
  generated: jsonb('generated'),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const reportDocuments = pgTable('report_documents', {
  reportId: uuid('report_id')
    .primaryKey()
    .references(() => reports.id, { onDelete: 'cascade' }),
  // The report body as JSON (seed `seydam_jsonreport`), carrying its own `version` field.
  json: jsonb('json').notNull(),
  // The rendered, sanitized HTML (seed `seydam_rawhtmlcode`).
  html: text('html').notNull().default(''),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const referenceSource = pgEnum('reference_source', ['openalex', 'crossref', 'upload', 'manual']);

export const reportReferences = pgTable(
  'report_references',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    authors: jsonb('authors').$type<string[]>().notNull().default([]),
    year: integer('year'),
    venue: text('venue'),
    doi: text('doi'),
    url: text('url'),
    abstract: text('abstract'),
    source: referenceSource('source').notNull(),
    // The id at the source (an OpenAlex work id, a DOI for Crossref, an upload id).
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('report_references_report_idx').on(t.reportId, t.position),
    uniqueIndex('report_references_report_external_unique').on(t.reportId, t.source, t.externalId),
  ],
);
