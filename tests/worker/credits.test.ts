// Spending credits: the reserve and settle commands the generation job calls, run against the test
// database from several connection pools at once, so races are real races on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../db/client';
import { connectFromNode } from '../../db/node';
import { creditLedger, payments } from '../../db/schema';
import aiEditCharger from '../../worker/commands/aiEditCharger';
import creditGranter from '../../worker/commands/creditGranter';
import creditReserver from '../../worker/commands/creditReserver';
import creditSettler from '../../worker/commands/creditSettler';
import paymentSettler from '../../worker/commands/paymentSettler';
import { balanceOf } from '../../worker/lib/credits';
import { buildReport, buildUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';

// Four pools of four connections: enough for a dozen transactions in flight at once.
const pools = Array.from({ length: 4 }, () => connectFromNode({ DATABASE_URL: inject('databaseUrl'), DB_WS_PROXY: inject('dbWsProxy') }));
const dbAt = (i: number): Db => pools[i % pools.length]!.db;

afterAll(async () => {
  await Promise.all(pools.map((p) => p.pool.end()));
});

async function ledgerOf(userId: string) {
  return testDb().select().from(creditLedger).where(eq(creditLedger.userId, userId)).orderBy(asc(creditLedger.id));
}

/** A user with `credits` and a report to spend them on. */
async function spender(credits: number) {
  const user = await buildUser({ credits });
  const report = await buildReport(user.id);
  return { user, report };
}

/** The error's response body, for the 402 the reserver throws. */
async function bodyOf(err: unknown) {
  const res = (err as { getResponse(): Response }).getResponse();
  return { status: res.status, ...((await res.json()) as { error: { code: string; details?: Record<string, unknown> } }) };
}

describe('reserveCredits (worker/commands/creditReserver)', () => {
  it('writes one report_reserve entry keyed by the job', async () => {
    const { user, report } = await spender(10);
    const jobId = randomUUID();
    const result = await creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId, amount: 5 });
    expect(result.replayed).toBe(false);
    expect(result.balance).toBe(5);
    expect(result.entry).toMatchObject({ userId: user.id, delta: -5, reason: 'report_reserve', idempotencyKey: `reserve:${jobId}`, reportId: report.id, jobId });
    expect(await balanceOf(testDb(), user.id)).toBe(5);
  });

  it('returns the first reservation when the same job asks again, even with nothing left', async () => {
    const { user, report } = await spender(5);
    const jobId = randomUUID();
    const first = await creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId, amount: 5 });
    const again = await creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId, amount: 5 });
    expect(again).toMatchObject({ replayed: true, balance: 0 });
    expect(again.entry.id).toBe(first.entry.id);
    expect((await ledgerOf(user.id)).filter((e) => e.reason === 'report_reserve')).toHaveLength(1);
  });

  it('refuses with 402 insufficient_credits and the balance when it does not cover the cost, writing nothing', async () => {
    const { user, report } = await spender(4);
    const err = await creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId: randomUUID(), amount: 5 }).catch((e: unknown) => e);
    expect(await bodyOf(err)).toMatchObject({ status: 402, error: { code: 'insufficient_credits', details: { balance: 4, needed: 5 } } });
    expect(await ledgerOf(user.id)).toHaveLength(1);
  });

  it('refuses a non-positive amount and an unknown user', async () => {
    const { user, report } = await spender(5);
    await expect(creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId: randomUUID(), amount: 0 })).rejects.toThrow(RangeError);
    await expect(creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId: randomUUID(), amount: 2.5 })).rejects.toThrow(RangeError);
    await expect(creditReserver(testDb(), { userId: randomUUID(), reportId: report.id, jobId: randomUUID(), amount: 5 })).rejects.toMatchObject({ status: 404 });
    expect(await balanceOf(testDb(), user.id)).toBe(5);
  });

  it('lets exactly one of ten simultaneous reservations through when the balance covers one', async () => {
    const { user, report } = await spender(5);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => creditReserver(dbAt(i), { userId: user.id, reportId: report.id, jobId: randomUUID(), amount: 5 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.reason).toMatchObject({ status: 402 });
    expect(await balanceOf(testDb(), user.id)).toBe(0);
  });

  it('lets exactly as many through as the balance covers', async () => {
    const { user, report } = await spender(12);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => creditReserver(dbAt(i), { userId: user.id, reportId: report.id, jobId: randomUUID(), amount: 5 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(await balanceOf(testDb(), user.id)).toBe(2);
  });

  it('reserves once when one job asks five times at once', async () => {
    const { user, report } = await spender(20);
    const jobId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => creditReserver(dbAt(i), { userId: user.id, reportId: report.id, jobId, amount: 5 })),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    expect(await balanceOf(testDb(), user.id)).toBe(15);
  });

  it('never loses an entry when reservations, a purchase and a staff grant land at once', async () => {
    const { user, report } = await spender(10);
    const staff = await buildUser({ isStaff: true });
    const [payment] = await testDb()
      .insert(payments)
      .values({ userId: user.id, userEmail: user.email, pack: 'credits_25', credits: 25, amountCents: 1125, checkoutSessionId: `cs_test_${randomUUID()}` })
      .returning();
    const reserves = Array.from({ length: 12 }, (_, i) =>
      creditReserver(dbAt(i), { userId: user.id, reportId: report.id, jobId: randomUUID(), amount: 5 }).then(
        () => true,
        (err: unknown) => {
          expect(err).toMatchObject({ status: 402 });
          return false;
        },
      ),
    );
    const purchase = paymentSettler(dbAt(1), { paymentId: payment!.id, checkoutSessionId: payment!.checkoutSessionId!, paymentIntentId: 'pi_test_race', outcome: 'paid' });
    const grant = creditGranter(dbAt(2), { actor: staff, userId: user.id, delta: 15, reason: 'race test', idempotencyKey: randomUUID() });
    const [results, settled, granted] = await Promise.all([Promise.all(reserves), purchase, grant]);
    expect(settled).toMatchObject({ kind: 'settled', granted: true });
    expect(granted.kind).toBe('granted');

    const reserved = results.filter(Boolean).length;
    // 10 held before, 50 once both grants landed: between 2 and 10 reservations of 5 fit.
    expect(reserved).toBeGreaterThanOrEqual(2);
    expect(reserved).toBeLessThanOrEqual(10);
    const ledger = await ledgerOf(user.id);
    expect(ledger.map((e) => e.reason).sort()).toEqual(
      ['staff_grant', 'purchase', 'staff_grant', ...Array(reserved).fill('report_reserve')].sort(),
    );
    const sum = ledger.reduce((n, e) => n + e.delta, 0);
    expect(sum).toBe(10 + 25 + 15 - 5 * reserved);
    expect(await balanceOf(testDb(), user.id)).toBe(sum);
    expect(sum).toBeGreaterThanOrEqual(0);
  });
});

describe('releaseCredits (worker/commands/creditSettler)', () => {
  it('gives back the unspent part once, as report_release keyed by the job', async () => {
    const { user, report } = await spender(5);
    const jobId = randomUUID();
    await creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId, amount: 5 });
    const released = await creditSettler(testDb(), { jobId, amount: 2 });
    expect(released).toMatchObject({
      kind: 'released',
      replayed: false,
      entry: { userId: user.id, delta: 2, reason: 'report_release', idempotencyKey: `release:${jobId}`, reportId: report.id, jobId },
    });
    const again = await creditSettler(testDb(), { jobId, amount: 2 });
    expect(again).toMatchObject({ kind: 'released', replayed: true });
    expect(await balanceOf(testDb(), user.id)).toBe(2);

    // The dashboard counts the 3 credits the report kept as used.
    const res = await api('/api/dashboard', { cookie: user.session });
    expect(((await res.json()) as { data: { credits: unknown } }).data.credits).toEqual({ balance: 2, total: 5, used: 3 });
  });

  it('settles once when the end of a job is reported twice at once', async () => {
    const { user, report } = await spender(5);
    const jobId = randomUUID();
    await creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId, amount: 5 });
    const results = await Promise.all([0, 1, 2].map((i) => creditSettler(dbAt(i), { jobId, amount: 5 })));
    expect(results.filter((r) => r.kind === 'released' && !r.replayed)).toHaveLength(1);
    expect(await balanceOf(testDb(), user.id)).toBe(5);
  });

  it('refuses to give back more than was reserved, and answers for jobs without a reservation', async () => {
    const { user, report } = await spender(5);
    const jobId = randomUUID();
    await creditReserver(testDb(), { userId: user.id, reportId: report.id, jobId, amount: 5 });
    await expect(creditSettler(testDb(), { jobId, amount: 6 })).rejects.toThrow(RangeError);
    await expect(creditSettler(testDb(), { jobId, amount: -1 })).rejects.toThrow(RangeError);
    expect(await creditSettler(testDb(), { jobId, amount: 0 })).toEqual({ kind: 'nothing_to_release' });
    expect(await creditSettler(testDb(), { jobId: randomUUID(), amount: 1 })).toEqual({ kind: 'not_reserved' });
    expect(await balanceOf(testDb(), user.id)).toBe(0);
  });
});

describe('AI edit charges (worker/commands/aiEditCharger)', () => {
  it('charges several edits by one person finishing at once, each once (no deadlock between them)', async () => {
    // Each charge writes a usage row (its foreign key share-locks the account) and locks the account
    // to debit it: unless the lock comes first, two charges wait on each other and one is aborted.
    const { user, report } = await spender(20);
    const usage = { promptTokens: 500, completionTokens: 200 };
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => aiEditCharger(dbAt(i), { userId: user.id, reportId: report.id, editId: randomUUID(), model: 'm', usage, ok: true })),
    );
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual(Array(8).fill(1));
    expect(await balanceOf(testDb(), user.id)).toBe(12);
  });
});
