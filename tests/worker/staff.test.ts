// The staff tools: staff-only access, what each list shows, manual credit grants and revocations,
// and the audit log every staff call writes.
import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { StaffContactMessageDto, StaffCreditDto, StaffPaymentDto, StaffReportDto, StaffUserDto } from '../../core/api/staff';
import { creditLedger, payments, staffAuditLog } from '../../db/schema';
import { balanceOf } from '../../worker/lib/credits';
import { buildReport, buildUser, uniqueEmail, uniqueIp, type BuiltUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; field?: string; details?: Record<string, unknown> } }).error;
}

async function auditBy(actorId: string) {
  return testDb().select().from(staffAuditLog).where(eq(staffAuditLog.actorId, actorId)).orderBy(desc(staffAuditLog.createdAt));
}

async function ledgerOf(userId: string) {
  return testDb().select().from(creditLedger).where(eq(creditLedger.userId, userId));
}

async function list<T>(path: string, who: BuiltUser): Promise<{ data: T[]; nextCursor: string | null }> {
  const res = await api(path, { cookie: who.session });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: T[]; nextCursor: string | null };
}

function grant(staff: BuiltUser, userId: string, json: unknown) {
  return api(`/api/staff/users/${userId}/credits`, { cookie: staff.session, json });
}

describe('staff routes', () => {
  const routes = (userId: string): [string, string, unknown?][] => [
    ['GET', '/api/staff/users'],
    ['GET', '/api/staff/reports'],
    ['GET', '/api/staff/payments'],
    ['GET', '/api/staff/contact-messages'],
    ['POST', `/api/staff/users/${userId}/credits`, { delta: 5, reason: 'Goodwill' }],
  ];

  it('answer 401 to anonymous callers on every route', async () => {
    const target = await buildUser();
    for (const [method, path, json] of routes(target.id)) {
      const res = await api(path, { method, json });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    expect(await ledgerOf(target.id)).toEqual([]);
  });

  it('answer 403 to a signed-in user who is not staff on every route, and record nothing', async () => {
    const me = await buildUser();
    const target = await buildUser();
    for (const [method, path, json] of routes(target.id)) {
      for (const auth of [{ cookie: me.session }, { bearer: me.session }]) {
        const res = await api(path, { method, json, ...auth });
        expect(res.status, `${method} ${path}`).toBe(403);
        expect((await errorOf(res)).code).toBe('forbidden');
      }
    }
    // Even a request with a bad body is refused before it is read.
    const res = await api(`/api/staff/users/${target.id}/credits`, { cookie: me.session, json: { delta: 'lots' } });
    expect(res.status).toBe(403);
    expect(await ledgerOf(target.id)).toEqual([]);
    expect(await auditBy(me.id)).toEqual([]);
  });
});

describe('GET /api/staff/users', () => {
  it('finds users by email with their balance, and records the search', async () => {
    const staff = await buildUser({ isStaff: true });
    const person = await buildUser({ credits: 7, fullName: 'Sam Searchable' });
    const { data, nextCursor } = await list<StaffUserDto>(`/api/staff/users?q=${encodeURIComponent(person.email.toUpperCase())}`, staff);
    expect(nextCursor).toBeNull();
    expect(data).toEqual([
      {
        id: person.id,
        email: person.email,
        fullName: 'Sam Searchable',
        isStaff: false,
        isActive: true,
        emailVerifiedAt: expect.any(String),
        lastLoginAt: null,
        createdAt: expect.any(String),
        balance: 7,
      },
    ]);
    const [audit] = await auditBy(staff.id);
    expect(audit).toMatchObject({ actorEmail: staff.email, action: 'users.list', targetType: 'user', targetId: null, details: { q: person.email.toUpperCase(), before: null, limit: 50 } });
  });

  it('matches an id exactly and % literally', async () => {
    const staff = await buildUser({ isStaff: true });
    const percent = await buildUser({ fullName: 'Percy 100% Real' });
    const plain = await buildUser({ fullName: 'Plain Person' });
    expect((await list<StaffUserDto>(`/api/staff/users?q=${plain.id}`, staff)).data.map((u) => u.id)).toEqual([plain.id]);
    const found = (await list<StaffUserDto>(`/api/staff/users?q=${encodeURIComponent('%')}&limit=100`, staff)).data;
    expect(found.map((u) => u.id)).toContain(percent.id);
    expect(found.map((u) => u.id)).not.toContain(plain.id);
    for (const u of found) expect(`${u.email} ${u.fullName}`).toContain('%');
  });

  it('pages newest first', async () => {
    const staff = await buildUser({ isStaff: true });
    const tag = `pager${Date.now()}`;
    const made = [];
    for (let i = 0; i < 3; i++) made.unshift(await buildUser({ fullName: `${tag} ${i}` }));
    const first = await list<StaffUserDto>(`/api/staff/users?q=${tag}&limit=2`, staff);
    expect(first.data.map((u) => u.id)).toEqual(made.slice(0, 2).map((u) => u.id));
    const second = await list<StaffUserDto>(`/api/staff/users?q=${tag}&limit=2&before=${first.nextCursor}`, staff);
    expect(second.data.map((u) => u.id)).toEqual([made[2]!.id]);
    expect(second.nextCursor).toBeNull();
  });

  it('answers 400 naming a bad limit', async () => {
    const staff = await buildUser({ isStaff: true });
    const res = await api('/api/staff/users?limit=0', { cookie: staff.session });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('limit');
  });
});

describe('GET /api/staff/reports', () => {
  it('lists reports with their owner, filtered by topic, status or owner, without their content', async () => {
    const staff = await buildUser({ isStaff: true });
    const owner = await buildUser({ fullName: 'Olga Owner' });
    const topic = `Staff-visible topic ${randomUUID()}`;
    const draft = await buildReport(owner.id, { topic });
    const done = await buildReport(owner.id, { topic: `${topic} (done)`, status: 'completed', creditsCharged: 5 });

    const byTopic = await list<StaffReportDto>(`/api/staff/reports?q=${encodeURIComponent(topic)}`, staff);
    expect(byTopic.data.map((r) => r.id)).toEqual([done.id, draft.id]);
    expect(byTopic.data[0]).toEqual({
      id: done.id,
      topic: `${topic} (done)`,
      status: 'completed',
      creditCost: 5,
      creditsCharged: 5,
      owner: { id: owner.id, email: owner.email, fullName: 'Olga Owner' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const completed = await list<StaffReportDto>(`/api/staff/reports?ownerId=${owner.id}&status=completed`, staff);
    expect(completed.data.map((r) => r.id)).toEqual([done.id]);
    const byOwnerEmail = await list<StaffReportDto>(`/api/staff/reports?q=${encodeURIComponent(owner.email)}`, staff);
    expect(byOwnerEmail.data).toHaveLength(2);
    expect((await auditBy(staff.id)).map((a) => a.action)).toEqual(['reports.list', 'reports.list', 'reports.list']);
  });

  it('answers 400 naming a bad status', async () => {
    const staff = await buildUser({ isStaff: true });
    const res = await api('/api/staff/reports?status=lost', { cookie: staff.session });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('status');
  });
});

describe('GET /api/staff/payments', () => {
  it('lists payments with their Stripe ids and refunds, filtered by user and status', async () => {
    const staff = await buildUser({ isStaff: true });
    const buyer = await buildUser();
    const db = testDb();
    const [paid] = await db
      .insert(payments)
      .values({ userId: buyer.id, userEmail: buyer.email, pack: 'credits_25', credits: 25, amountCents: 1125, status: 'paid', checkoutSessionId: `cs_test_${randomUUID()}`, paymentIntentId: 'pi_test_staff' })
      .returning();
    await db.insert(payments).values({ userId: buyer.id, userEmail: buyer.email, pack: 'credits_10', credits: 10, amountCents: 500 });
    await db.insert(creditLedger).values([
      { userId: buyer.id, delta: 25, reason: 'purchase', idempotencyKey: `purchase:${paid!.id}`, paymentId: paid!.id },
      { userId: buyer.id, delta: -11, reason: 'refund', idempotencyKey: `refund:${paid!.id}:11`, paymentId: paid!.id },
    ]);

    const all = await list<StaffPaymentDto>(`/api/staff/payments?userId=${buyer.id}`, staff);
    expect(all.data.map((p) => p.pack)).toEqual(['credits_10', 'credits_25']);
    const onlyPaid = await list<StaffPaymentDto>(`/api/staff/payments?userId=${buyer.id}&status=paid`, staff);
    expect(onlyPaid.data).toEqual([
      {
        id: paid!.id,
        userId: buyer.id,
        userEmail: buyer.email,
        provider: 'stripe',
        checkoutSessionId: paid!.checkoutSessionId,
        paymentIntentId: 'pi_test_staff',
        pack: 'credits_25',
        credits: 25,
        amountCents: 1125,
        currency: 'usd',
        status: 'paid',
        creditsRefunded: 11,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    const [audit] = await auditBy(staff.id);
    expect(audit).toMatchObject({ action: 'payments.list', targetType: 'payment', details: { status: 'paid', userId: buyer.id } });
  });
});

describe('GET /api/staff/contact-messages', () => {
  it('lists what visitors wrote, newest first', async () => {
    const staff = await buildUser({ isStaff: true });
    const email = uniqueEmail('contact');
    const sent = await api('/api/contact', { ip: uniqueIp(), json: { name: 'Vera Visitor', email, subject: 'Hello', message: 'Can you help?' } });
    expect(sent.status).toBe(201);
    const { data } = await list<StaffContactMessageDto>('/api/staff/contact-messages?limit=100', staff);
    expect(data.find((m) => m.email === email)).toEqual({
      id: expect.any(String),
      userId: null,
      name: 'Vera Visitor',
      email,
      subject: 'Hello',
      message: 'Can you help?',
      createdAt: expect.any(String),
      handledAt: null,
    });
    const [audit] = await auditBy(staff.id);
    expect(audit).toMatchObject({ action: 'contact_messages.list', targetType: 'contact_message' });
  });
});

describe('POST /api/staff/users/:id/credits', () => {
  it('grants and takes back credits with a reason: ledger, balance and audit log agree', async () => {
    const staff = await buildUser({ isStaff: true });
    const person = await buildUser();

    const granted = await grant(staff, person.id, { delta: 10, reason: 'Report failed twice' });
    expect(granted.status).toBe(201);
    const { data } = (await granted.json()) as { data: StaffCreditDto };
    expect(data).toEqual({
      entry: { id: expect.stringMatching(/^\d+$/), delta: 10, reason: 'staff_grant', note: 'Report failed twice', paymentId: null, reportId: null, createdAt: expect.any(String) },
      balance: 10,
    });
    const mine = await api('/api/billing/balance', { cookie: person.session });
    expect(((await mine.json()) as { data: { balance: number } }).data.balance).toBe(10);

    const revoked = await grant(staff, person.id, { delta: -4, reason: 'Granted too many' });
    expect(revoked.status).toBe(201);
    expect(((await revoked.json()) as { data: StaffCreditDto }).data).toMatchObject({ entry: { delta: -4, reason: 'staff_revoke' }, balance: 6 });
    expect(await balanceOf(testDb(), person.id)).toBe(6);

    const ledger = await ledgerOf(person.id);
    expect(ledger.map((e) => [e.reason, e.delta, e.createdBy])).toEqual([
      ['staff_grant', 10, staff.id],
      ['staff_revoke', -4, staff.id],
    ]);
    const audit = await testDb()
      .select()
      .from(staffAuditLog)
      .where(and(eq(staffAuditLog.actorId, staff.id), eq(staffAuditLog.targetId, person.id)))
      .orderBy(staffAuditLog.createdAt);
    expect(audit.map((a) => [a.action, a.targetType, a.details])).toEqual([
      ['credits.grant', 'user', { delta: 10, reason: 'Report failed twice', ledgerEntryId: ledger[0]!.id, balanceBefore: 0, balanceAfter: 10 }],
      ['credits.revoke', 'user', { delta: -4, reason: 'Granted too many', ledgerEntryId: ledger[1]!.id, balanceBefore: 10, balanceAfter: 6 }],
    ]);
  });

  it('refuses to take back more than the balance, writing nothing', async () => {
    const staff = await buildUser({ isStaff: true });
    const person = await buildUser({ credits: 6 });
    const res = await grant(staff, person.id, { delta: -7, reason: 'Too much' });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'balance_too_low', field: 'delta', details: { balance: 6 } });
    expect(await balanceOf(testDb(), person.id)).toBe(6);
    expect(await auditBy(staff.id)).toEqual([]);
  });

  it('makes a retried request with the same idempotencyKey once, and refuses the key for another change', async () => {
    const staff = await buildUser({ isStaff: true });
    const person = await buildUser();
    const idempotencyKey = randomUUID();
    const first = await grant(staff, person.id, { delta: 3, reason: 'Sorry', idempotencyKey });
    const again = await grant(staff, person.id, { delta: 3, reason: 'Sorry', idempotencyKey });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    const a = ((await first.json()) as { data: StaffCreditDto }).data;
    const b = ((await again.json()) as { data: StaffCreditDto }).data;
    expect(b.entry.id).toBe(a.entry.id);
    expect(b.balance).toBe(3);
    const reused = await grant(staff, person.id, { delta: 30, reason: 'Sorry', idempotencyKey });
    expect(reused.status).toBe(409);
    expect(await errorOf(reused)).toMatchObject({ code: 'idempotency_key_reused', field: 'idempotencyKey' });
    expect(await ledgerOf(person.id)).toHaveLength(1);
    expect(await auditBy(staff.id)).toHaveLength(1);
  });

  it.each([
    ['delta is 0', { delta: 0, reason: 'x' }, 'delta'],
    ['delta is not an integer', { delta: 1.5, reason: 'x' }, 'delta'],
    ['delta is a string', { delta: '5', reason: 'x' }, 'delta'],
    ['delta is missing', { reason: 'x' }, 'delta'],
    ['reason is missing', { delta: 5 }, 'reason'],
    ['reason is blank', { delta: 5, reason: '   ' }, 'reason'],
    ['idempotencyKey is too short', { delta: 5, reason: 'x', idempotencyKey: 'abc' }, 'idempotencyKey'],
  ])('answers 400 naming the field when %s, and writes nothing', async (_, json, field) => {
    const staff = await buildUser({ isStaff: true });
    const person = await buildUser();
    const res = await grant(staff, person.id, json);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
    expect(await ledgerOf(person.id)).toEqual([]);
    expect(await auditBy(staff.id)).toEqual([]);
  });

  it('answers 400 for a malformed user id and 404 for an unknown one', async () => {
    const staff = await buildUser({ isStaff: true });
    const bad = await grant(staff, 'not-a-uuid', { delta: 5, reason: 'x' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('id');
    const missing = await grant(staff, randomUUID(), { delta: 5, reason: 'x' });
    expect(missing.status).toBe(404);
    expect(await auditBy(staff.id)).toEqual([]);
  });
});
