// Keyset pages, newest first. The cursor is the last row's id; the next page is what sorts after
// that row by (created_at, id), compared in SQL so timestamps keep their full precision.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

/** Rows of `table` older than the row with id `cursor` (none if that row is gone). */
export function olderThan(table: PgTable & { id: AnyPgColumn; createdAt: AnyPgColumn }, cursor: string): SQL {
  // The inner table is aliased: drizzle may leave the outer columns unqualified.
  const at = sql.raw(`c."${table.createdAt.name}"`);
  const id = sql.raw(`c."${table.id.name}"`);
  return sql`(${table.createdAt}, ${table.id}) < (select ${at}, ${id} from ${table} c where ${id} = ${cursor})`;
}

/** Cuts `limit + 1` fetched rows to a page and the cursor of the next one (null on the last page). */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => string): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: cursorOf(page[page.length - 1]!) };
}
