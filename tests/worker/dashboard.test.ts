import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { creditLedger, reportMembers } from '../../db/schema';
import { balanceOf, creditSummary } from '../../worker/lib/credits';
import { buildReport, buildUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';

type Reason = (typeof creditLedger.$inferInsert)['reason'];

async function ledger(userId: string, entries: [Reason, number][]) {
  await testDb()
    .insert(creditLedger)
    .values(entries.map(([reason, delta]) => ({ userId, reason, delta, idempotencyKey: `test:${randomUUID()}` })));
}

describe('GET /api/dashboard', () => {
  it('sums my reports and credits from the ledger', async () => {
    const me = await buildUser({ fullName: 'Dana Dashboard' });
    const other = await buildUser();
    await buildReport(me.id);
    await buildReport(me.id);
    // A report shared with me is not one I created.
    const shared = await buildReport(other.id);
    await testDb().insert(reportMembers).values({ reportId: shared.id, userId: me.id, invitedEmail: me.email, role: 'editor' });
    await ledger(me.id, [
      ['signup_grant', 5],
      ['purchase', 50],
      ['staff_grant', 10],
      ['refund', -20],
      ['staff_revoke', -3],
      ['report_reserve', -5],
      ['report_reserve', -5],
      ['report_release', 5],
      ['ai_edit', -1],
    ]);
    await ledger(other.id, [['purchase', 1000]]);

    const res = await api('/api/dashboard', { cookie: me.session });
    expect(res.status).toBe(200);
    // total = 5 + 50 + 10 - 20 - 3; used = 5 + 5 - 5 + 1; balance = total - used.
    expect(await res.json()).toEqual({
      data: { fullName: 'Dana Dashboard', reportsCreated: 2, credits: { balance: 36, total: 42, used: 6 } },
    });
    expect(await balanceOf(testDb(), me.id)).toBe(36);
  });

  it('answers zeros for a new account with no ledger', async () => {
    const me = await buildUser({ fullName: 'New Person' });
    const res = await api('/api/dashboard', { cookie: me.session });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { fullName: 'New Person', reportsCreated: 0, credits: { balance: 0, total: 0, used: 0 } } });
    expect(await balanceOf(testDb(), me.id)).toBe(0);
  });

  it('never shows negative use when more was released than reserved', async () => {
    const me = await buildUser();
    await ledger(me.id, [
      ['signup_grant', 5],
      ['report_reserve', -5],
      ['report_release', 8],
    ]);
    expect(await creditSummary(testDb(), me.id)).toEqual({ balance: 8, total: 5, used: 0 });
    const res = await api('/api/dashboard', { cookie: me.session });
    expect(((await res.json()) as { data: { credits: unknown } }).data.credits).toEqual({ balance: 8, total: 5, used: 0 });
  });

  it('answers 401 without a session', async () => {
    const res = await api('/api/dashboard');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });
});
