import { createHash, randomUUID } from 'node:crypto';
import { and, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { apiTokens, creditLedger, emailCodes, payments, reportFolders, reports, sessions, users } from '../../db/schema';
import { buildFolder, buildReport, buildUser, uniqueIp } from '../factories';
import { expectNoSecrets, sessionFrom, signUp } from '../helpers/accounts';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';

interface ApiErrorJson {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

async function errorOf(res: Response) {
  return ((await res.json()) as ApiErrorJson).error;
}

async function userRow(id: string) {
  const [row] = await testDb().select().from(users).where(eq(users.id, id));
  return row;
}

async function countOf(table: PgTable, where: SQL | undefined): Promise<number> {
  const [row] = await testDb().select({ n: count() }).from(table).where(where);
  return row!.n;
}

function login(email: string, password: string) {
  return api('/api/auth/login', { ip: uniqueIp(), json: { email, password } });
}

async function createToken(session: string, name = 'laptop') {
  const res = await api('/api/account/tokens', { cookie: session, json: { name } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { data: { id: string; name: string; prefix: string; token: string; createdAt: string } }).data;
}

describe('GET /api/account', () => {
  it('answers 401 without a session', async () => {
    const res = await api('/api/account');
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code: 'unauthenticated' });
  });

  it('answers the profile with exactly its listed fields', async () => {
    const person = await signUp({ fullName: 'Pat Profile' });
    const res = await api('/api/account', { cookie: person.session });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown> };
    expectNoSecrets(body);
    const row = await userRow(person.id);
    expect(body.data).toEqual({
      id: person.id,
      email: person.email,
      fullName: 'Pat Profile',
      isStaff: false,
      emailVerifiedAt: row!.emailVerifiedAt!.toISOString(),
      createdAt: row!.createdAt.toISOString(),
      lastLoginAt: row!.lastLoginAt!.toISOString(),
      hasPassword: true,
    });
  });

  it('says hasPassword false for an account without a password', async () => {
    const person = await buildUser();
    await testDb().update(users).set({ passwordHash: null }).where(eq(users.id, person.id));
    const body = (await (await api('/api/account', { cookie: person.session })).json()) as { data: { hasPassword: boolean } };
    expect(body.data.hasPassword).toBe(false);
  });
});

describe('PATCH /api/account', () => {
  it('renames the person, trimmed, and ignores fields that are not editable', async () => {
    const person = await buildUser({ fullName: 'Old Name' });
    const res = await api('/api/account', {
      method: 'PATCH',
      cookie: person.session,
      json: { fullName: '  New Name  ', email: 'evil@example.test', isStaff: true, passwordHash: 'x' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { fullName: string; email: string; isStaff: boolean } };
    expectNoSecrets(body);
    expect(body.data).toMatchObject({ fullName: 'New Name', email: person.email, isStaff: false });
    const row = await userRow(person.id);
    expect(row).toMatchObject({ fullName: 'New Name', email: person.email, isStaff: false });
    expect(row!.passwordHash).toMatch(/^pbkdf2_sha256\$/);
  });

  it.each([
    [{}],
    [{ fullName: '   ' }],
    [{ fullName: 7 }],
    [{ fullName: 'x'.repeat(201) }],
  ])('answers 400 naming fullName for %j and changes nothing', async (json) => {
    const person = await buildUser({ fullName: 'Kept Name' });
    const res = await api('/api/account', { method: 'PATCH', cookie: person.session, json });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'fullName' });
    expect((await userRow(person.id))!.fullName).toBe('Kept Name');
  });

  it('answers 401 without a session', async () => {
    expect((await api('/api/account', { method: 'PATCH', json: { fullName: 'Nobody' } })).status).toBe(401);
  });
});

describe('POST /api/account/password', () => {
  const NEW = 'my new password';

  it('changes the password, keeps this session and ends the others', async () => {
    const person = await buildUser();
    const other = sessionFrom(await login(person.email, person.password))!;
    const res = await api('/api/account/password', {
      cookie: person.session,
      json: { currentPassword: person.password, newPassword: NEW, newPasswordConfirm: NEW },
    });
    expect(res.status).toBe(200);
    expectNoSecrets(await res.json());
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(200);
    expect((await api('/api/auth/me', { cookie: other })).status).toBe(401);
    expect((await login(person.email, person.password)).status).toBe(401);
    expect((await login(person.email, NEW)).status).toBe(200);
  });

  it('through an API token: ends every session; the token keeps working', async () => {
    const person = await buildUser();
    const { token } = await createToken(person.session);
    const res = await api('/api/account/password', {
      bearer: token,
      json: { currentPassword: person.password, newPassword: NEW, newPasswordConfirm: NEW },
    });
    expect(res.status).toBe(200);
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(401);
    expect((await api('/api/auth/me', { bearer: token })).status).toBe(200);
  });

  it('answers 400 naming currentPassword for a wrong one, and changes nothing', async () => {
    const person = await buildUser();
    const other = sessionFrom(await login(person.email, person.password))!;
    const before = (await userRow(person.id))!.passwordHash;
    const res = await api('/api/account/password', {
      cookie: person.session,
      json: { currentPassword: 'not my password', newPassword: NEW, newPasswordConfirm: NEW },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'wrong_password', field: 'currentPassword' });
    expect((await userRow(person.id))!.passwordHash).toBe(before);
    expect((await api('/api/auth/me', { cookie: other })).status).toBe(200);
  });

  it('locks after 5 wrong current passwords, even for the right one', async () => {
    const person = await buildUser();
    for (let i = 0; i < 5; i++) {
      const res = await api('/api/account/password', {
        cookie: person.session,
        json: { currentPassword: `guess ${i}`, newPassword: NEW, newPasswordConfirm: NEW },
      });
      expect(res.status).toBe(400);
    }
    const res = await api('/api/account/password', {
      cookie: person.session,
      json: { currentPassword: person.password, newPassword: NEW, newPasswordConfirm: NEW },
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(person.email, NEW)).status).toBe(401);
  });

  it('answers 400 no_password for an account without one', async () => {
    const person = await buildUser();
    await testDb().update(users).set({ passwordHash: null }).where(eq(users.id, person.id));
    const res = await api('/api/account/password', {
      cookie: person.session,
      json: { currentPassword: 'anything', newPassword: NEW, newPasswordConfirm: NEW },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'no_password', field: 'currentPassword' });
    expect((await userRow(person.id))!.passwordHash).toBeNull();
  });

  it.each([
    ['currentPassword', { currentPassword: undefined }],
    ['newPassword', { newPassword: 'short', newPasswordConfirm: 'short' }],
    ['newPassword', { newPassword: undefined }],
    ['newPasswordConfirm', { newPasswordConfirm: 'something else' }],
  ])('answers 400 naming %s (%j) and changes nothing', async (field, overrides) => {
    const person = await buildUser();
    const before = (await userRow(person.id))!.passwordHash;
    const res = await api('/api/account/password', {
      cookie: person.session,
      json: { currentPassword: person.password, newPassword: NEW, newPasswordConfirm: NEW, ...overrides },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
    expect((await userRow(person.id))!.passwordHash).toBe(before);
  });

  it('answers 401 without a session', async () => {
    const res = await api('/api/account/password', { json: { currentPassword: 'a', newPassword: NEW, newPasswordConfirm: NEW } });
    expect(res.status).toBe(401);
  });
});

describe('DELETE /api/account', () => {
  it('deletes the account and everything of theirs, keeps their payments, and clears the cookie', async () => {
    const person = await buildUser({ credits: 20 });
    const neighbour = await buildUser();
    const folder = await buildFolder(person.id);
    await buildReport(person.id, { folderId: folder.id });
    await buildReport(neighbour.id);
    await createToken(person.session);
    await login(person.email, person.password);
    const [payment] = await testDb()
      .insert(payments)
      .values({ userId: person.id, userEmail: person.email, pack: 'starter', credits: 10, amountCents: 500, status: 'paid', checkoutSessionId: `cs_test_${randomUUID()}` })
      .returning();
    await testDb()
      .insert(creditLedger)
      .values({ userId: person.id, delta: 10, reason: 'purchase', idempotencyKey: `purchase:${payment!.id}`, paymentId: payment!.id });

    const res = await api('/api/account', { method: 'DELETE', cookie: person.session, json: { password: person.password } });
    expect(res.status).toBe(204);
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith('seydam_session='));
    expect(cleared).toMatch(/^seydam_session=;/);

    expect(await userRow(person.id)).toBeUndefined();
    expect(await countOf(reports, eq(reports.ownerId, person.id))).toBe(0);
    expect(await countOf(reportFolders, eq(reportFolders.ownerId, person.id))).toBe(0);
    expect(await countOf(sessions, eq(sessions.userId, person.id))).toBe(0);
    expect(await countOf(apiTokens, eq(apiTokens.userId, person.id))).toBe(0);
    expect(await countOf(creditLedger, eq(creditLedger.userId, person.id))).toBe(0);
    const [kept] = await testDb().select().from(payments).where(eq(payments.id, payment!.id));
    expect(kept).toMatchObject({ userId: null, userEmail: person.email, amountCents: 500, status: 'paid' });

    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(401);
    expect((await login(person.email, person.password)).status).toBe(401);
    // Nobody else's data went with it.
    expect(await countOf(reports, eq(reports.ownerId, neighbour.id))).toBe(1);
    expect((await api('/api/auth/me', { cookie: neighbour.session })).status).toBe(200);
  });

  it('frees the email for a new sign-up', async () => {
    const person = await signUp();
    expect((await api('/api/account', { method: 'DELETE', cookie: person.session, json: { password: person.password } })).status).toBe(204);
    const [pending] = await testDb().select({ n: count() }).from(emailCodes).where(sql`lower(${emailCodes.email}) = lower(${person.email})`);
    expect(pending!.n).toBe(0);
    const again = await signUp({ email: person.email });
    expect(again.id).not.toBe(person.id);
  });

  it('answers 400 naming password when it is wrong or missing, and deletes nothing', async () => {
    const person = await buildUser();
    for (const json of [{ password: 'not it' }, {}]) {
      const res = await api('/api/account', { method: 'DELETE', cookie: person.session, json });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ field: 'password' });
    }
    const bare = await api('/api/account', { method: 'DELETE', cookie: person.session });
    expect(bare.status).toBe(400);
    expect(await errorOf(bare)).toMatchObject({ field: 'password' });
    expect(await userRow(person.id)).toBeDefined();
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(200);
  });

  it('needs no password for an account without one', async () => {
    const person = await buildUser();
    await testDb().update(users).set({ passwordHash: null }).where(eq(users.id, person.id));
    expect((await api('/api/account', { method: 'DELETE', cookie: person.session })).status).toBe(204);
    expect(await userRow(person.id)).toBeUndefined();
  });

  it('answers 401 without a session', async () => {
    expect((await api('/api/account', { method: 'DELETE', json: { password: 'x' } })).status).toBe(401);
  });
});

describe('API tokens', () => {
  it('POST /api/account/tokens creates a token shown once and stores only its hash', async () => {
    const person = await buildUser();
    const res = await api('/api/account/tokens', { cookie: person.session, json: { name: '  CI runner ' } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { data: Record<string, string> };
    expectNoSecrets(body);
    expect(Object.keys(body.data).sort()).toEqual(['createdAt', 'id', 'name', 'prefix', 'token']);
    const { id, name, prefix, token } = body.data as { id: string; name: string; prefix: string; token: string };
    expect(name).toBe('CI runner');
    expect(token).toMatch(/^sdm_[\w-]{43}$/);
    expect(prefix).toBe(token.slice(0, 8));
    const [row] = await testDb().select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row).toMatchObject({ userId: person.id, name: 'CI runner', prefix, revokedAt: null, lastUsedAt: null });
    expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('GET /api/account/tokens lists my live tokens without secrets', async () => {
    const person = await buildUser();
    const other = await buildUser();
    const first = await createToken(person.session, 'first');
    const second = await createToken(person.session, 'second');
    await createToken(other.session, 'not mine');
    const res = await api('/api/account/tokens', { cookie: person.session });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<Record<string, unknown>> };
    expectNoSecrets(body);
    expect(JSON.stringify(body)).not.toContain(first.token);
    expect(body.data.map((t) => t.id).sort()).toEqual([first.id, second.id].sort());
    for (const t of body.data) expect(Object.keys(t).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix']);
  });

  it('a token works as `Authorization: Bearer` and records its last use', async () => {
    const person = await buildUser({ fullName: 'Toby Token' });
    const { id, token } = await createToken(person.session);
    const me = await api('/api/auth/me', { bearer: token });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { data: { user: { id: string } } }).data.user.id).toBe(person.id);
    const account = await api('/api/account', { bearer: token });
    expect(account.status).toBe(200);
    expect(((await account.json()) as { data: { fullName: string } }).data.fullName).toBe('Toby Token');
    const [row] = await testDb().select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });

  it('DELETE /api/account/tokens/:id revokes it: 401 afterwards, gone from the list', async () => {
    const person = await buildUser();
    const { id, token } = await createToken(person.session);
    expect((await api('/api/account', { bearer: token })).status).toBe(200);
    const res = await api(`/api/account/tokens/${id}`, { method: 'DELETE', cookie: person.session });
    expect(res.status).toBe(204);
    expect((await api('/api/auth/me', { bearer: token })).status).toBe(401);
    expect((await api('/api/account', { bearer: token })).status).toBe(401);
    const list = (await (await api('/api/account/tokens', { cookie: person.session })).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(0);
    // Revoking twice: the token is no longer there to revoke.
    expect((await api(`/api/account/tokens/${id}`, { method: 'DELETE', cookie: person.session })).status).toBe(404);
  });

  it('answers 404 for another person’s token and leaves it working', async () => {
    const owner = await buildUser();
    const stranger = await buildUser();
    const { id, token } = await createToken(owner.session);
    const res = await api(`/api/account/tokens/${id}`, { method: 'DELETE', cookie: stranger.session });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'not_found' });
    expect((await api('/api/auth/me', { bearer: token })).status).toBe(200);
    expect((await api(`/api/account/tokens/${randomUUID()}`, { method: 'DELETE', cookie: stranger.session })).status).toBe(404);
  });

  it('answers 400 naming id for a malformed id', async () => {
    const person = await buildUser();
    const res = await api('/api/account/tokens/not-a-uuid', { method: 'DELETE', cookie: person.session });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'id' });
  });

  it.each([[{}], [{ name: '  ' }], [{ name: 5 }], [{ name: 'x'.repeat(101) }]])('answers 400 naming name for %j and creates nothing', async (json) => {
    const person = await buildUser();
    const res = await api('/api/account/tokens', { cookie: person.session, json });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'name' });
    expect(await countOf(apiTokens, eq(apiTokens.userId, person.id))).toBe(0);
  });

  it('refuses a 51st live token with 409', async () => {
    const person = await buildUser();
    await testDb()
      .insert(apiTokens)
      .values(Array.from({ length: 50 }, (_, i) => ({ userId: person.id, name: `t${i}`, prefix: 'sdm_xxxx', tokenHash: randomUUID() })));
    const res = await api('/api/account/tokens', { cookie: person.session, json: { name: 'one too many' } });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'too_many_tokens' });
    await testDb().update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.userId, person.id), eq(apiTokens.name, 't0')));
    expect((await api('/api/account/tokens', { cookie: person.session, json: { name: 'room again' } })).status).toBe(201);
    const [live] = await testDb()
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, person.id), isNull(apiTokens.revokedAt)));
    expect(live!.n).toBe(50);
  });

  it('answers 401 without a session', async () => {
    expect((await api('/api/account/tokens')).status).toBe(401);
    expect((await api('/api/account/tokens', { json: { name: 'x' } })).status).toBe(401);
    expect((await api(`/api/account/tokens/${randomUUID()}`, { method: 'DELETE' })).status).toBe(401);
  });
});
