// Who may do what to a report. Roles come from `reports.ownerId` and `report_members`; a user with
// no role is told the report does not exist (404), so its id, topic and owner never leak.
import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportFolders, reportMembers, reports, users } from '../../db/schema';
import type { ReportRole } from '../../core/api/reports';
import { forbidden, notFound } from '../errors';

export type Role = ReportRole | 'none';

export const reportActions = ['read', 'rename', 'move', 'delete', 'edit', 'share', 'generate'] as const;
export type ReportAction = (typeof reportActions)[number];

// Folders belong to the owner, so only the owner files a report; spending credits and changing
// content is for whoever was invited to write.
const allowed: Record<Role, ReadonlySet<ReportAction>> = {
  owner: new Set(reportActions),
  editor: new Set<ReportAction>(['read', 'rename', 'edit', 'generate']),
  viewer: new Set<ReportAction>(['read']),
  none: new Set<ReportAction>(),
};

/** Whether `role` may do `action`. */
export function can(role: Role, action: ReportAction): boolean {
  return allowed[role].has(action);
}

/** Throws 404 for a user with no role, 403 for a role that may not do `action`. */
export function authorize(role: Role, action: ReportAction): void {
  if (role === 'none') throw notFound('Report');
  if (!can(role, action)) throw forbidden(`A report's ${role} may not ${action} it.`);
}

export type ReportRow = typeof reports.$inferSelect;

/** A report with what its presenter shows besides the row: the caller's role, folder and owner. */
export interface ReportEntry {
  report: ReportRow;
  role: ReportRole;
  /** The report's folder, only when the caller owns the report (folders are private). */
  folder: { id: string; name: string } | null;
  owner: { id: string; fullName: string };
}

export type ReportLookup = ({ kind: 'found' } & ReportEntry) | { kind: 'not_found' };

/** The caller's role on the current row of `reports`: owner, else their best membership, else null. */
export function roleSql(userId: string) {
  // min() over the enum picks 'editor' before 'viewer' should two invites reach one user.
  return sql<ReportRole | null>`case when ${reports.ownerId} = ${userId} then 'owner' else (
    select min(${reportMembers.role})::text from ${reportMembers}
    where ${reportMembers.reportId} = ${reports.id} and ${reportMembers.userId} = ${userId}
  ) end`;
}

/** Reports the user owns or was made a member of. */
export function visibleTo(userId: string) {
  return or(
    eq(reports.ownerId, userId),
    sql`exists (select 1 from ${reportMembers} where ${reportMembers.reportId} = ${reports.id} and ${reportMembers.userId} = ${userId})`,
  )!;
}

/** The select every report read shares: row, role, the owner's folder (for the owner only), owner. */
export function selectReportEntries(db: Db, userId: string) {
  return db
    .select({
      report: reports,
      role: roleSql(userId),
      folder: { id: reportFolders.id, name: reportFolders.name },
      owner: { id: users.id, fullName: users.fullName },
    })
    .from(reports)
    .innerJoin(users, eq(users.id, reports.ownerId))
    .leftJoin(reportFolders, and(eq(reportFolders.id, reports.folderId), eq(reportFolders.ownerId, userId)))
    .$dynamic();
}

/** Loads a report with the user's role on it; `not_found` when it is missing or not theirs to see. */
export async function loadReportForUser(db: Db, reportId: string, userId: string): Promise<ReportLookup> {
  const [row] = await selectReportEntries(db, userId)
    .where(and(eq(reports.id, reportId), visibleTo(userId)))
    .limit(1);
  if (!row || !row.role) return { kind: 'not_found' };
  return { kind: 'found', report: row.report, role: row.role, folder: row.folder, owner: row.owner };
}

/** Loads a report and checks the user may do `action`: 404 if they have no role, 403 if it is not theirs to do. */
export async function loadAuthorizedReport(db: Db, reportId: string, userId: string, action: ReportAction): Promise<ReportEntry> {
  const found = await loadReportForUser(db, reportId, userId);
  switch (found.kind) {
    case 'not_found':
      throw notFound('Report');
    case 'found': {
      const { kind: _kind, ...entry } = found;
      authorize(entry.role, action);
      return entry;
    }
    default:
      return found satisfies never;
  }
}
