// The staff pages' reads beside the staff API: the audit log (who did what) and the generation
// jobs list that requeueing starts from. Staff only, and every read is itself audited.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffAuditEntryDto, StaffJobDto } from '../../core/api/staff';
import { reportJobs, staffAuditLog } from '../../db/schema';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';
import { errorOf } from '../helpers/members';

async function page<T>(path: string, who: BuiltUser): Promise<{ data: T[]; nextCursor: string | null }> {
  const res = await api(path, { cookie: who.session });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: T[]; nextCursor: string | null };
}

let staff: BuiltUser;
let someone: BuiltUser;
beforeAll(async () => {
  staff = await buildUser({ isStaff: true, fullName: 'Sam Staff' });
  someone = await buildUser();
});

describe('GET /api/staff/audit', () => {
  it('is for staff only: 401 anonymous, 403 for everyone else', async () => {
    expect((await api('/api/staff/audit')).status).toBe(401);
    const res = await api('/api/staff/audit', { cookie: someone.session });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
  });

  it('lists what staff did, newest first, narrowed by actor and action, and records the reading', async () => {
    const granted = await api(`/api/staff/users/${someone.id}/credits`, { cookie: staff.session, json: { delta: 3, reason: 'Apology for an outage' } });
    expect(granted.status).toBe(201);
    const { data } = await page<StaffAuditEntryDto>(`/api/staff/audit?actorId=${staff.id}&action=credits.grant`, staff);
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ actorId: staff.id, actorEmail: staff.email, action: 'credits.grant', targetType: 'user', targetId: someone.id });
    expect(JSON.stringify(data[0]!.details)).toContain('Apology for an outage');
    const reads = await testDb().select().from(staffAuditLog).where(eq(staffAuditLog.action, 'audit.list'));
    expect(reads.some((r) => r.actorId === staff.id && r.details.action === 'credits.grant')).toBe(true);
  });

  it('answers 400 naming the field for a bad actor id', async () => {
    const res = await api('/api/staff/audit?actorId=nope', { cookie: staff.session });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'actorId' });
  });
});

describe('GET /api/staff/jobs', () => {
  it('lists active jobs with their report by default, every job with state=all; staff only', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id, { topic: 'Stuck job topic' });
    const [finished] = await testDb().insert(reportJobs).values({ reportId: report.id, status: 'finished', progress: 100 }).returning();
    const [running] = await testDb().insert(reportJobs).values({ reportId: report.id, status: 'running', progress: 40, lastError: 'slow provider' }).returning();

    expect((await api('/api/staff/jobs', { cookie: someone.session })).status).toBe(403);
    const active = await page<StaffJobDto>('/api/staff/jobs?limit=100', staff);
    const mine = active.data.filter((j) => j.reportId === report.id);
    expect(mine).toEqual([
      expect.objectContaining({ id: running!.id, reportTopic: 'Stuck job topic', status: 'running', progress: 40, lastError: 'slow provider', leased: false, kind: 'report' }),
    ]);
    const all = await page<StaffJobDto>('/api/staff/jobs?state=all&limit=100', staff);
    expect(all.data.filter((j) => j.reportId === report.id).map((j) => j.id)).toEqual([running!.id, finished!.id]);
    const bad = await api('/api/staff/jobs?state=stuck', { cookie: staff.session });
    expect(await errorOf(bad)).toMatchObject({ code: 'validation_error', field: 'state' });
  });
});
