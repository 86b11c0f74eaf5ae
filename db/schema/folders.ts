// Folders ("projects") to file reports in. Replaces seed `seydam_reportdirectory`.
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const reportFolders = pgTable(
  'report_folders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('report_folders_owner_idx').on(t.ownerId),
    uniqueIndex('report_folders_owner_name_unique').on(t.ownerId, sql`lower(${t.name})`),
  ],
);
