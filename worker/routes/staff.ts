// /api/staff: the staff tools. Every route is staff-only (401 anonymous, 403 for everyone else), and
// every call, read or write, leaves a line in the staff audit log: reads record what was searched,
// writes record the change in the same transaction as the change.
import { and, desc, eq, getTableColumns, ilike, or, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import {
  staffAuditQuery,
  staffContactMessagesQuery,
  staffCreditSchema,
  staffPaymentsQuery,
  staffReportsQuery,
  staffUserIdParam,
  staffUsersQuery,
} from '../../core/api/staff';
import { contactMessages, payments, reports, staffAuditLog, users } from '../../db/schema';
import creditGranter from '../commands/creditGranter';
import staffActionRecorder from '../commands/staffActionRecorder';
import type { AuthedEnv } from '../env';
import { apiError, conflict, notFound } from '../errors';
import { balancesOf } from '../lib/ledger';
import { olderThan, pageOf } from '../lib/pagination';
import { creditsRefundedColumn } from '../lib/payment-state';
import { requireStaff } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { presentLedgerEntry } from '../presenters/billing';
import { presentStaffAuditEntry, presentStaffContactMessage, presentStaffCredit, presentStaffPayment, presentStaffReport, presentStaffUser } from '../presenters/staff';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// `q` is matched literally: % and _ typed by staff are not wildcards.
const contains = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`;

export const staff = new Hono<AuthedEnv>()
  .use('*', requireStaff)

  .get('/users', validate('query', staffUsersQuery), async (c) => {
    const db = c.get('db');
    const { q, limit, before } = c.req.valid('query');
    await staffActionRecorder(db, { actor: c.get('user'), action: 'users.list', targetType: 'user', details: { q: q ?? null, before: before ?? null, limit } });
    const where: SQL[] = [];
    if (q) where.push(or(ilike(users.email, contains(q)), ilike(users.fullName, contains(q)), UUID.test(q) ? eq(users.id, q) : undefined)!);
    if (before) where.push(olderThan(users, before));
    const rows = await db
      .select()
      .from(users)
      .where(and(...where))
      .orderBy(desc(users.createdAt), desc(users.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => r.id);
    const balances = await balancesOf(db, page.rows.map((u) => u.id));
    return c.json({ data: page.rows.map((u) => presentStaffUser(u, balances.get(u.id) ?? 0)), nextCursor: page.nextCursor });
  })

  .get('/reports', validate('query', staffReportsQuery), async (c) => {
    const db = c.get('db');
    const { q, status, ownerId, limit, before } = c.req.valid('query');
    await staffActionRecorder(db, {
      actor: c.get('user'),
      action: 'reports.list',
      targetType: 'report',
      details: { q: q ?? null, status: status ?? null, ownerId: ownerId ?? null, before: before ?? null, limit },
    });
    const where: SQL[] = [];
    if (q) where.push(or(ilike(reports.topic, contains(q)), ilike(users.email, contains(q)))!);
    if (status) where.push(eq(reports.status, status));
    if (ownerId) where.push(eq(reports.ownerId, ownerId));
    if (before) where.push(olderThan(reports, before));
    const rows = await db
      .select({ report: reports, owner: { id: users.id, email: users.email, fullName: users.fullName } })
      .from(reports)
      .innerJoin(users, eq(users.id, reports.ownerId))
      .where(and(...where))
      .orderBy(desc(reports.createdAt), desc(reports.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => r.report.id);
    return c.json({ data: page.rows.map((r) => presentStaffReport(r.report, r.owner)), nextCursor: page.nextCursor });
  })

  .get('/payments', validate('query', staffPaymentsQuery), async (c) => {
    const db = c.get('db');
    const { status, userId, limit, before } = c.req.valid('query');
    await staffActionRecorder(db, {
      actor: c.get('user'),
      action: 'payments.list',
      targetType: 'payment',
      details: { status: status ?? null, userId: userId ?? null, before: before ?? null, limit },
    });
    const where: SQL[] = [];
    if (status) where.push(eq(payments.status, status));
    if (userId) where.push(eq(payments.userId, userId));
    if (before) where.push(olderThan(payments, before));
    const rows = await db
      .select({ ...getTableColumns(payments), creditsRefunded: creditsRefundedColumn })
      .from(payments)
      .where(and(...where))
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => r.id);
    return c.json({ data: page.rows.map(presentStaffPayment), nextCursor: page.nextCursor });
  })

  .get('/contact-messages', validate('query', staffContactMessagesQuery), async (c) => {
    const db = c.get('db');
    const { limit, before } = c.req.valid('query');
    await staffActionRecorder(db, {
      actor: c.get('user'),
      action: 'contact_messages.list',
      targetType: 'contact_message',
      details: { before: before ?? null, limit },
    });
    const rows = await db
      .select()
      .from(contactMessages)
      .where(before ? olderThan(contactMessages, before) : undefined)
      .orderBy(desc(contactMessages.createdAt), desc(contactMessages.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => r.id);
    return c.json({ data: page.rows.map(presentStaffContactMessage), nextCursor: page.nextCursor });
  })

  .get('/audit', validate('query', staffAuditQuery), async (c) => {
    const db = c.get('db');
    const { actorId, action, limit, before } = c.req.valid('query');
    // Reading the log is itself recorded (after the read, so a page never shows its own line first).
    const where: SQL[] = [];
    if (actorId) where.push(eq(staffAuditLog.actorId, actorId));
    if (action) where.push(eq(staffAuditLog.action, action));
    if (before) where.push(olderThan(staffAuditLog, before));
    const rows = await db
      .select()
      .from(staffAuditLog)
      .where(and(...where))
      .orderBy(desc(staffAuditLog.createdAt), desc(staffAuditLog.id))
      .limit(limit + 1);
    await staffActionRecorder(db, { actor: c.get('user'), action: 'audit.list', targetType: 'staff_audit_log', details: { actorId: actorId ?? null, action: action ?? null, before: before ?? null, limit } });
    const page = pageOf(rows, limit, (r) => r.id);
    return c.json({ data: page.rows.map(presentStaffAuditEntry), nextCursor: page.nextCursor });
  })

  .post('/users/:id/credits', validate('param', staffUserIdParam), validate('json', staffCreditSchema), async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await creditGranter(c.get('db'), {
      actor: c.get('user'),
      userId: id,
      delta: body.delta,
      reason: body.reason,
      idempotencyKey: body.idempotencyKey ?? crypto.randomUUID(),
    });
    switch (result.kind) {
      case 'user_not_found':
        throw notFound('User');
      case 'key_reused':
        throw conflict('idempotency_key_reused', 'This idempotency key was already used for a different change.', 'idempotencyKey');
      case 'balance_too_low':
        throw apiError(409, 'balance_too_low', `The balance is ${result.balance}; take back at most that much.`, {
          field: 'delta',
          details: { balance: result.balance },
        });
      case 'replayed':
        return c.json({ data: presentStaffCredit(presentLedgerEntry(result.entry), result.balance) }, 200);
      case 'granted':
        return c.json({ data: presentStaffCredit(presentLedgerEntry(result.entry), result.balance) }, 201);
      default:
        return result satisfies never;
    }
  });
