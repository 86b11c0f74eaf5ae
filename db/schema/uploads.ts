// Files people upload: guideline documents and images. Replaces seed `seydam_uploadedimage` and
// Supabase `storage.objects` / `storage.buckets` (the bytes live in R2 under `storageKey`).
import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { reports } from './reports';
import { users } from './users';

export const uploadKind = pgEnum('upload_kind', ['guideline', 'image']);

export const uploads = pgTable(
  'uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reportId: uuid('report_id').references(() => reports.id, { onDelete: 'cascade' }),
    kind: uploadKind('kind').notNull(),
    storageKey: text('storage_key').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    // Text extracted from a guideline document, fed to generation.
    extractedText: text('extracted_text'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uploads_storage_key_unique').on(t.storageKey),
    index('uploads_report_idx').on(t.reportId),
    check('uploads_size_positive', sql`${t.sizeBytes} >= 0`),
  ],
);
