// Report history: named (manual) and automatic snapshots of a report's live document. Restoring
// one writes its content into the document as new changes, so no snapshot is ever consumed.
import { sql } from 'drizzle-orm';
import { check, customType, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ReportJson } from '../../core/doc/schema';
import { reports } from './reports';
import { users } from './users';

/** Postgres bytea as a Uint8Array, whichever form the driver hands back (Buffer or `\x` hex text). */
export const bytea = customType<{ data: Uint8Array; driverData: string | Uint8Array }>({
  dataType: () => 'bytea',
  // Hex text is bytea's input format everywhere, so no driver-specific binary parameter path is needed.
  toDriver: (value) => `\\x${[...value].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
  fromDriver: (value) => {
    if (typeof value !== 'string') return new Uint8Array(value);
    const hex = value.startsWith('\\x') ? value.slice(2) : value;
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return out;
  },
});

export const snapshotKind = pgEnum('snapshot_kind', ['manual', 'auto']);

export const reportSnapshots = pgTable(
  'report_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    kind: snapshotKind('kind').notNull(),
    // Manual snapshots are named by the person who took them; automatic ones may carry a label.
    name: text('name'),
    // The whole document as one Yjs update (Y.encodeStateAsUpdate).
    state: bytea('state').notNull(),
    // The same content as report JSON (readReportJson), so previews never need Yjs.
    json: jsonb('json').$type<ReportJson>().notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('report_snapshots_report_created_idx').on(t.reportId, t.createdAt),
    check('report_snapshots_manual_named', sql`${t.kind} = 'auto' or ${t.name} is not null`),
  ],
);

export type ReportSnapshot = typeof reportSnapshots.$inferSelect;
