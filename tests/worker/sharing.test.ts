import { createHash, randomUUID } from 'node:crypto';
import { appendToSection, readMeta, sectionPlainText, setTitle } from '../../core/doc';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportMembers, reports, shareLinks } from '../../db/schema';
import { buildFolder, buildReport, buildUser, uniqueEmail, type BuiltUser } from '../factories';
import { expectNoSecrets, latestMail, mailCount, signUp } from '../helpers/accounts';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';
import { addMember, addPendingInvite, errorOf } from '../helpers/members';
import { join, roomToken, sampleReport, seedDocument, serverDoc, waitFor, type Client } from '../helpers/yclient';

type Member = { id: string | null; userId: string | null; email: string | null; fullName: string | null; role: string; pending: boolean; createdAt: string };
type Link = { id: string; role: string; expiresAt: string | null; revokedAt: string | null; active: boolean; createdAt: string; token?: string; url?: string };

async function membersOf(reportId: string) {
  return testDb().select().from(reportMembers).where(eq(reportMembers.reportId, reportId));
}

async function linksOf(reportId: string) {
  return testDb().select().from(shareLinks).where(eq(shareLinks.reportId, reportId));
}

async function reportRow(id: string) {
  const [row] = await testDb().select().from(reports).where(eq(reports.id, id));
  return row!;
}

/** The caller's reports as the dashboard lists them: id → role. */
async function listedRoles(session: string, query = ''): Promise<Record<string, string>> {
  const res = await api(`/api/reports${query}`, { cookie: session });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: { id: string; role: string }[] };
  return Object.fromEntries(data.map((r) => [r.id, r.role]));
}

/** A report with an owner, an editor, a viewer and a stranger. */
async function sharedReport() {
  const owner = await buildUser({ fullName: 'Olive Owner' });
  const editor = await buildUser({ fullName: 'Eddie Editor' });
  const viewer = await buildUser({ fullName: 'Vera Viewer' });
  const stranger = await buildUser({ fullName: 'Stan Stranger' });
  const report = await buildReport(owner.id, { topic: 'Shared topic' });
  const editorRow = await addMember(report.id, editor, 'editor');
  const viewerRow = await addMember(report.id, viewer, 'viewer');
  return { owner, editor, viewer, stranger, report, editorRow, viewerRow };
}

describe('POST /api/reports/:id/members', () => {
  let owner: BuiltUser;
  let report: Awaited<ReturnType<typeof buildReport>>;
  beforeAll(async () => {
    owner = await buildUser({ fullName: 'Ines Inviter' });
    report = await buildReport(owner.id, { topic: 'Tidal energy' });
  });

  it('makes an existing account a member at once, mails them, and puts the report on their dashboard', async () => {
    const invitee = await buildUser({ fullName: 'Ann Account' });
    const res = await api(`/api/reports/${report.id}/members`, { cookie: owner.session, json: { email: `  ${invitee.email.toUpperCase()} `, role: 'editor' } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: Member };
    expect(data).toEqual({
      id: expect.any(String),
      userId: invitee.id,
      email: invitee.email,
      fullName: 'Ann Account',
      role: 'editor',
      pending: false,
      createdAt: expect.any(String),
    });
    const [row] = (await membersOf(report.id)).filter((m) => m.id === data.id);
    expect(row).toMatchObject({ userId: invitee.id, invitedEmail: invitee.email, role: 'editor', invitedBy: owner.id });
    expect(row!.acceptedAt).toBeInstanceOf(Date);

    const mail = await latestMail(invitee.email);
    expect(mail?.subject).toContain('Ines Inviter');
    expect(mail?.text).toContain('"Tidal energy"');
    expect(mail?.text).toContain(`http://localhost:5173/reports/${report.id}`);
    expect(mail?.text).toContain('to edit');

    expect(await listedRoles(invitee.session)).toMatchObject({ [report.id]: 'editor' });
    expect(await listedRoles(invitee.session, '?scope=shared')).toMatchObject({ [report.id]: 'editor' });
    expect(await listedRoles(invitee.session, '?scope=mine')).not.toHaveProperty(report.id);
    const opened = await api(`/api/reports/${report.id}`, { cookie: invitee.session });
    expect(opened.status).toBe(200);
  });

  it('keeps an invite to an email without an account until that email signs up, then it is theirs', async () => {
    const email = uniqueEmail('later');
    const res = await api(`/api/reports/${report.id}/members`, { cookie: owner.session, json: { email, role: 'viewer' } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: Member };
    expect(data).toMatchObject({ userId: null, email, fullName: null, role: 'viewer', pending: true });
    const [pending] = (await membersOf(report.id)).filter((m) => m.id === data.id);
    expect(pending).toMatchObject({ userId: null, acceptedAt: null, invitedEmail: email });
    const mail = await latestMail(email);
    expect(mail?.text).toContain(`http://localhost:5173/reports/${report.id}`);
    expect(mail?.text).toContain('Sign up with this email address');

    // The person signs up (in another case) the way anyone does: code by mail, then verify.
    const person = await signUp({ email: email.toUpperCase() });
    const [claimed] = (await membersOf(report.id)).filter((m) => m.id === data.id);
    expect(claimed!.userId).toBe(person.id);
    expect(claimed!.acceptedAt).toBeInstanceOf(Date);
    expect(await listedRoles(person.session)).toEqual({ [report.id]: 'viewer' });
    expect(await listedRoles(person.session, '?scope=shared')).toEqual({ [report.id]: 'viewer' });
    expect(await listedRoles(person.session, '?scope=mine')).toEqual({});
  });

  it('answers 400 for inviting the owner, writing nothing', async () => {
    const before = (await membersOf(report.id)).length;
    const res = await api(`/api/reports/${report.id}/members`, { cookie: owner.session, json: { email: owner.email.toUpperCase(), role: 'editor' } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'is_owner', field: 'email' });
    expect((await membersOf(report.id)).length).toBe(before);
  });

  it('answers 409 for an email already on the report (member or pending), changing no role', async () => {
    const member = await buildUser();
    await addMember(report.id, member, 'viewer');
    const pendingEmail = uniqueEmail('pending');
    await addPendingInvite(report.id, pendingEmail, 'viewer');
    const before = await mailCount(member.email);
    for (const email of [member.email.toUpperCase(), pendingEmail]) {
      const res = await api(`/api/reports/${report.id}/members`, { cookie: owner.session, json: { email, role: 'editor' } });
      expect(res.status).toBe(409);
      expect(await errorOf(res)).toMatchObject({ code: 'already_member', field: 'email' });
    }
    const rows = (await membersOf(report.id)).filter((m) => m.userId === member.id || m.invitedEmail === pendingEmail);
    expect(rows.map((r) => r.role)).toEqual(['viewer', 'viewer']);
    expect(await mailCount(member.email)).toBe(before);
  });

  it('answers 401 without a session and writes nothing', async () => {
    const email = uniqueEmail('anon');
    const res = await api(`/api/reports/${report.id}/members`, { json: { email, role: 'viewer' } });
    expect(res.status).toBe(401);
    expect((await membersOf(report.id)).filter((m) => m.invitedEmail === email)).toEqual([]);
  });

  describe('bad input answers 400 naming the field and writes nothing', () => {
    const cases: [string, unknown, string][] = [
      ['missing email', { role: 'viewer' }, 'email'],
      ['email not an email', { email: 'not-an-email', role: 'viewer' }, 'email'],
      ['email a number', { email: 7, role: 'viewer' }, 'email'],
      ['missing role', { email: 'x@example.test' }, 'role'],
      ['role owner', { email: 'x@example.test', role: 'owner' }, 'role'],
      ['role admin', { email: 'x@example.test', role: 'admin' }, 'role'],
    ];
    for (const [name, json, field] of cases) {
      it(name, async () => {
        const before = (await membersOf(report.id)).length;
        const res = await api(`/api/reports/${report.id}/members`, { cookie: owner.session, json });
        expect(res.status).toBe(400);
        const error = await errorOf(res);
        expect(error).toMatchObject({ code: 'validation_error', field });
        expect(error.message).toMatch(new RegExp(`^${field}: `));
        expect((await membersOf(report.id)).length).toBe(before);
      });
    }
    it('a report id that is not a uuid', async () => {
      const res = await api('/api/reports/nope/members', { cookie: owner.session, json: { email: 'x@example.test', role: 'viewer' } });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe('id');
    });
  });

  it("answers 404 for a stranger and for a report that does not exist, and 403 to the report's editor and viewer", async () => {
    const { editor, viewer, stranger, report: theirs } = await sharedReport();
    const email = uniqueEmail('nope');
    for (const [who, id, status] of [
      [stranger, theirs.id, 404],
      [owner, randomUUID(), 404],
      [editor, theirs.id, 403],
      [viewer, theirs.id, 403],
    ] as const) {
      const res = await api(`/api/reports/${id}/members`, { cookie: who.session, json: { email, role: 'editor' } });
      expect(res.status).toBe(status);
      const body = JSON.stringify(await res.json());
      if (status === 404) expect(body).not.toContain('Shared topic');
    }
    expect((await membersOf(theirs.id)).filter((m) => m.invitedEmail === email)).toEqual([]);
    expect(await mailCount(email)).toBe(0);
  });

  it('limits invites per owner: the 51st within the hour is 429', async () => {
    const busy = await buildUser();
    const mine = await buildReport(busy.id);
    for (let batch = 0; batch < 5; batch++) {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () =>
          api(`/api/reports/${mine.id}/members`, { cookie: busy.session, json: { email: uniqueEmail('bulk'), role: 'viewer' } }).then((r) => r.status),
        ),
      );
      expect(statuses).toEqual(Array(10).fill(201));
    }
    const email = uniqueEmail('one-too-many');
    const res = await api(`/api/reports/${mine.id}/members`, { cookie: busy.session, json: { email, role: 'viewer' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await membersOf(mine.id)).length).toBe(50);
    // Another owner is not affected.
    const other = await api(`/api/reports/${report.id}/members`, { cookie: owner.session, json: { email, role: 'viewer' } });
    expect(other.status).toBe(201);
  });
});

describe('GET /api/reports/:id/members', () => {
  let s: Awaited<ReturnType<typeof sharedReport>>;
  let pendingEmail: string;
  beforeAll(async () => {
    s = await sharedReport();
    pendingEmail = uniqueEmail('waiting');
    await addPendingInvite(s.report.id, pendingEmail, 'editor');
  });

  it('shows the owner everyone, pending invites included, with emails', async () => {
    const res = await api(`/api/reports/${s.report.id}/members`, { cookie: s.owner.session });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Member[] };
    expect(data).toEqual([
      { id: null, userId: s.owner.id, email: s.owner.email, fullName: 'Olive Owner', role: 'owner', pending: false, createdAt: expect.any(String) },
      { id: s.editorRow.id, userId: s.editor.id, email: s.editor.email, fullName: 'Eddie Editor', role: 'editor', pending: false, createdAt: expect.any(String) },
      { id: s.viewerRow.id, userId: s.viewer.id, email: s.viewer.email, fullName: 'Vera Viewer', role: 'viewer', pending: false, createdAt: expect.any(String) },
      { id: expect.any(String), userId: null, email: pendingEmail, fullName: null, role: 'editor', pending: true, createdAt: expect.any(String) },
    ]);
    expectNoSecrets(data);
  });

  it('shows members who is on the report by name, their own email only, and no pending invites', async () => {
    for (const me of [s.editor, s.viewer]) {
      const res = await api(`/api/reports/${s.report.id}/members`, { cookie: me.session });
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: Member[] };
      expect(data.map((m) => [m.fullName, m.role])).toEqual([
        ['Olive Owner', 'owner'],
        ['Eddie Editor', 'editor'],
        ['Vera Viewer', 'viewer'],
      ]);
      expect(data.map((m) => m.email)).toEqual(data.map((m) => (m.userId === me.id ? me.email : null)));
      expect(JSON.stringify(data)).not.toContain(pendingEmail);
      expect(JSON.stringify(data)).not.toContain(s.owner.email);
    }
  });

  it('answers 401 without a session, 404 to a stranger, 400 for a bad id', async () => {
    expect((await api(`/api/reports/${s.report.id}/members`)).status).toBe(401);
    const res = await api(`/api/reports/${s.report.id}/members`, { cookie: s.stranger.session });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain(s.editor.email);
    const bad = await api('/api/reports/123/members', { cookie: s.owner.session });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('id');
  });
});

describe('PATCH /api/reports/:id/members/:memberId', () => {
  it("changes a member's role: the member's own view of the report follows", async () => {
    const s = await sharedReport();
    const res = await api(`/api/reports/${s.report.id}/members/${s.editorRow.id}`, { method: 'PATCH', cookie: s.owner.session, json: { role: 'viewer' } });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Member };
    expect(data).toMatchObject({ id: s.editorRow.id, userId: s.editor.id, role: 'viewer', pending: false });
    const [row] = (await membersOf(s.report.id)).filter((m) => m.id === s.editorRow.id);
    expect(row!.role).toBe('viewer');
    expect(await listedRoles(s.editor.session)).toEqual({ [s.report.id]: 'viewer' });
    // Now a viewer, they may no longer rename it.
    const rename = await api(`/api/reports/${s.report.id}`, { method: 'PATCH', cookie: s.editor.session, json: { topic: 'Mine now' } });
    expect(rename.status).toBe(403);

    const back = await api(`/api/reports/${s.report.id}/members/${s.editorRow.id}`, { method: 'PATCH', cookie: s.owner.session, json: { role: 'editor' } });
    expect(back.status).toBe(200);
    expect(await listedRoles(s.editor.session)).toEqual({ [s.report.id]: 'editor' });
  });

  it('answers 400 naming role for a bad role, changing nothing', async () => {
    const s = await sharedReport();
    for (const json of [{}, { role: 'owner' }, { role: 1 }]) {
      const res = await api(`/api/reports/${s.report.id}/members/${s.viewerRow.id}`, { method: 'PATCH', cookie: s.owner.session, json });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'role' });
    }
    const bad = await api(`/api/reports/${s.report.id}/members/xyz`, { method: 'PATCH', cookie: s.owner.session, json: { role: 'editor' } });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('memberId');
    const [row] = (await membersOf(s.report.id)).filter((m) => m.id === s.viewerRow.id);
    expect(row!.role).toBe('viewer');
  });

  it('answers 401, 404 to a stranger, 403 to the editor and viewer, 404 for a membership of another report', async () => {
    const s = await sharedReport();
    const other = await sharedReport();
    const url = `/api/reports/${s.report.id}/members/${s.viewerRow.id}`;
    expect((await api(url, { method: 'PATCH', json: { role: 'editor' } })).status).toBe(401);
    expect((await api(url, { method: 'PATCH', cookie: s.stranger.session, json: { role: 'editor' } })).status).toBe(404);
    expect((await api(url, { method: 'PATCH', cookie: s.editor.session, json: { role: 'editor' } })).status).toBe(403);
    expect((await api(url, { method: 'PATCH', cookie: s.viewer.session, json: { role: 'editor' } })).status).toBe(403);
    // s's owner names a membership of another report through their own report's URL.
    const cross = await api(`/api/reports/${s.report.id}/members/${other.viewerRow.id}`, { method: 'PATCH', cookie: s.owner.session, json: { role: 'editor' } });
    expect(cross.status).toBe(404);
    expect((await errorOf(cross)).code).toBe('not_found');
    const roles = [...(await membersOf(s.report.id)), ...(await membersOf(other.report.id))].filter((m) => m.role === 'editor');
    expect(roles.map((m) => m.id).sort()).toEqual([s.editorRow.id, other.editorRow.id].sort());
  });
});

describe('DELETE /api/reports/:id/members/:memberId', () => {
  it('removes a member: the report leaves their dashboard and they can no longer open it', async () => {
    const s = await sharedReport();
    const res = await api(`/api/reports/${s.report.id}/members/${s.editorRow.id}`, { method: 'DELETE', cookie: s.owner.session });
    expect(res.status).toBe(204);
    expect((await membersOf(s.report.id)).map((m) => m.id)).toEqual([s.viewerRow.id]);
    expect(await listedRoles(s.editor.session)).toEqual({});
    expect((await api(`/api/reports/${s.report.id}`, { cookie: s.editor.session })).status).toBe(404);
    expect((await api(`/api/reports/${s.report.id}/members`, { cookie: s.editor.session })).status).toBe(404);
  });

  it('withdraws a pending invite, so a later sign-up with that email gets nothing', async () => {
    const s = await sharedReport();
    const email = uniqueEmail('withdrawn');
    const pending = await addPendingInvite(s.report.id, email, 'editor');
    const res = await api(`/api/reports/${s.report.id}/members/${pending.id}`, { method: 'DELETE', cookie: s.owner.session });
    expect(res.status).toBe(204);
    const person = await signUp({ email });
    expect(await listedRoles(person.session)).toEqual({});
  });

  it('lets a member leave on their own', async () => {
    const s = await sharedReport();
    const res = await api(`/api/reports/${s.report.id}/members/${s.viewerRow.id}`, { method: 'DELETE', cookie: s.viewer.session });
    expect(res.status).toBe(204);
    expect((await membersOf(s.report.id)).map((m) => m.id)).toEqual([s.editorRow.id]);
    expect(await listedRoles(s.viewer.session)).toEqual({});
  });

  it("answers 403 to a member removing someone else, 404 to a stranger, 401 without a session, removing nothing", async () => {
    const s = await sharedReport();
    const pending = await addPendingInvite(s.report.id, uniqueEmail('p'), 'viewer');
    const cases: [BuiltUser | null, string, number][] = [
      [s.viewer, s.editorRow.id, 403],
      [s.editor, s.viewerRow.id, 403],
      [s.editor, pending.id, 403],
      [s.editor, randomUUID(), 403],
      [s.stranger, s.viewerRow.id, 404],
      [null, s.viewerRow.id, 401],
      [s.owner, randomUUID(), 404],
    ];
    for (const [who, memberId, status] of cases) {
      const res = await api(`/api/reports/${s.report.id}/members/${memberId}`, { method: 'DELETE', ...(who ? { cookie: who.session } : {}) });
      expect(res.status).toBe(status);
    }
    expect((await membersOf(s.report.id)).length).toBe(3);
  });

  it('answers 404 for a membership of another report, removing nothing', async () => {
    const s = await sharedReport();
    const other = await sharedReport();
    const res = await api(`/api/reports/${s.report.id}/members/${other.editorRow.id}`, { method: 'DELETE', cookie: s.owner.session });
    expect(res.status).toBe(404);
    // A member of the other report cannot use a report they are not on to remove themselves there either.
    const own = await api(`/api/reports/${s.report.id}/members/${other.editorRow.id}`, { method: 'DELETE', cookie: other.editor.session });
    expect(own.status).toBe(404);
    expect((await membersOf(other.report.id)).length).toBe(2);
  });
});

describe('POST /api/reports/:id/links', () => {
  it('creates a link whose token is shown once and stored only as its hash', async () => {
    const s = await sharedReport();
    const before = Date.now();
    const res = await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session, json: { role: 'editor', expiresInHours: 24 } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: Link };
    expect(data).toEqual({
      id: expect.any(String),
      role: 'editor',
      expiresAt: expect.any(String),
      revokedAt: null,
      active: true,
      createdAt: expect.any(String),
      token: expect.stringMatching(/^sdl_[A-Za-z0-9_-]{43}$/),
      url: `http://localhost:5173/share#${data.token}`,
    });
    const expires = Date.parse(data.expiresAt!);
    expect(expires).toBeGreaterThanOrEqual(before + 24 * 3_600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000 + 1000);
    const [row] = await linksOf(s.report.id);
    expect(row).toMatchObject({ id: data.id, role: 'editor', createdBy: s.owner.id, revokedAt: null });
    expect(row!.tokenHash).toBe(createHash('sha256').update(data.token!).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(data.token!.slice(4));
  });

  it('creates a link without expiry when expiresInHours is left out', async () => {
    const s = await sharedReport();
    const res = await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session, json: { role: 'viewer' } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: Link };
    expect(data).toMatchObject({ role: 'viewer', expiresAt: null, active: true });
    expect((await linksOf(s.report.id))[0]!.expiresAt).toBeNull();
  });

  it('answers 400 naming the field for bad input, writing nothing', async () => {
    const s = await sharedReport();
    const cases: [unknown, string][] = [
      [{}, 'role'],
      [{ role: 'owner' }, 'role'],
      [{ role: 'viewer', expiresInHours: 0 }, 'expiresInHours'],
      [{ role: 'viewer', expiresInHours: 721 }, 'expiresInHours'],
      [{ role: 'viewer', expiresInHours: 1.5 }, 'expiresInHours'],
      [{ role: 'viewer', expiresInHours: '24' }, 'expiresInHours'],
    ];
    for (const [json, field] of cases) {
      const res = await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session, json });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
    }
    expect(await linksOf(s.report.id)).toEqual([]);
    for (const expiresInHours of [1, 720]) {
      expect((await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session, json: { role: 'viewer', expiresInHours } })).status).toBe(201);
    }
  });

  it('answers 401, 404 to a stranger, 403 to the editor and viewer, writing nothing', async () => {
    const s = await sharedReport();
    const url = `/api/reports/${s.report.id}/links`;
    expect((await api(url, { json: { role: 'viewer' } })).status).toBe(401);
    expect((await api(url, { cookie: s.stranger.session, json: { role: 'viewer' } })).status).toBe(404);
    expect((await api(url, { cookie: s.editor.session, json: { role: 'viewer' } })).status).toBe(403);
    expect((await api(url, { cookie: s.viewer.session, json: { role: 'viewer' } })).status).toBe(403);
    expect(await linksOf(s.report.id)).toEqual([]);
  });
});

describe('GET /api/reports/:id/links', () => {
  it('lists the links, newest first, with their state and no secret', async () => {
    const s = await sharedReport();
    const make = async (json: unknown) => ((await (await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session, json })).json()) as { data: Link }).data;
    const revoked = await make({ role: 'viewer' });
    const expired = await make({ role: 'viewer', expiresInHours: 1 });
    const live = await make({ role: 'editor', expiresInHours: 5 });
    await testDb().update(shareLinks).set({ revokedAt: new Date() }).where(eq(shareLinks.id, revoked.id));
    await testDb()
      .update(shareLinks)
      .set({ createdAt: new Date(Date.now() - 7_200_000), expiresAt: new Date(Date.now() - 3_600_000) })
      .where(eq(shareLinks.id, expired.id));
    const res = await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Link[] };
    expect(data.map((l) => [l.id, l.role, l.active])).toEqual([
      [live.id, 'editor', true],
      [revoked.id, 'viewer', false],
      [expired.id, 'viewer', false],
    ]);
    expect(data[1]!.revokedAt).not.toBeNull();
    for (const link of data) expect(Object.keys(link).sort()).toEqual(['active', 'createdAt', 'expiresAt', 'id', 'revokedAt', 'role']);
    const body = JSON.stringify(data);
    for (const token of [revoked.token!, expired.token!, live.token!]) expect(body).not.toContain(token);
    expectNoSecrets(data);
  });

  it('answers 401, 404 to a stranger, 403 to the editor and viewer', async () => {
    const s = await sharedReport();
    const url = `/api/reports/${s.report.id}/links`;
    expect((await api(url)).status).toBe(401);
    expect((await api(url, { cookie: s.stranger.session })).status).toBe(404);
    expect((await api(url, { cookie: s.editor.session })).status).toBe(403);
    expect((await api(url, { cookie: s.viewer.session })).status).toBe(403);
  });
});

describe('DELETE /api/reports/:id/links/:linkId', () => {
  it('revokes a link (twice is fine); whoever joined through it stays a member', async () => {
    const s = await sharedReport();
    const created = await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session, json: { role: 'editor' } });
    const { data: link } = (await created.json()) as { data: Link };
    const joiner = await buildUser();
    expect((await api('/api/share-links/accept', { cookie: joiner.session, json: { token: link.token } })).status).toBe(200);

    const res = await api(`/api/reports/${s.report.id}/links/${link.id}`, { method: 'DELETE', cookie: s.owner.session });
    expect(res.status).toBe(204);
    const [row] = await linksOf(s.report.id);
    expect(row!.revokedAt).toBeInstanceOf(Date);
    const again = await api(`/api/reports/${s.report.id}/links/${link.id}`, { method: 'DELETE', cookie: s.owner.session });
    expect(again.status).toBe(204);
    expect((await linksOf(s.report.id))[0]!.revokedAt!.getTime()).toBe(row!.revokedAt!.getTime());

    expect(await listedRoles(joiner.session)).toEqual({ [s.report.id]: 'editor' });
    const late = await buildUser();
    const refused = await api('/api/share-links/accept', { cookie: late.session, json: { token: link.token } });
    expect(refused.status).toBe(404);
    expect(await listedRoles(late.session)).toEqual({});
  });

  it('answers 401, 404 to a stranger, 403 to the editor and viewer, 404 for a link of another report, revoking nothing', async () => {
    const s = await sharedReport();
    const other = await sharedReport();
    const mk = async (owner: BuiltUser, reportId: string) =>
      ((await (await api(`/api/reports/${reportId}/links`, { cookie: owner.session, json: { role: 'viewer' } })).json()) as { data: Link }).data;
    const link = await mk(s.owner, s.report.id);
    const otherLink = await mk(other.owner, other.report.id);
    const url = `/api/reports/${s.report.id}/links/${link.id}`;
    expect((await api(url, { method: 'DELETE' })).status).toBe(401);
    expect((await api(url, { method: 'DELETE', cookie: s.stranger.session })).status).toBe(404);
    expect((await api(url, { method: 'DELETE', cookie: s.editor.session })).status).toBe(403);
    expect((await api(url, { method: 'DELETE', cookie: s.viewer.session })).status).toBe(403);
    expect((await api(`/api/reports/${s.report.id}/links/${otherLink.id}`, { method: 'DELETE', cookie: s.owner.session })).status).toBe(404);
    expect((await api(`/api/reports/${s.report.id}/links/${randomUUID()}`, { method: 'DELETE', cookie: s.owner.session })).status).toBe(404);
    const bad = await api(`/api/reports/${s.report.id}/links/x`, { method: 'DELETE', cookie: s.owner.session });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('linkId');
    expect([...(await linksOf(s.report.id)), ...(await linksOf(other.report.id))].map((l) => l.revokedAt)).toEqual([null, null]);
  });
});

describe('POST /api/share-links/accept', () => {
  async function linkFor(s: Awaited<ReturnType<typeof sharedReport>>, role: 'editor' | 'viewer', expiresInHours?: number) {
    const res = await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session, json: { role, expiresInHours } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { data: Link & { token: string } }).data;
  }

  it("makes the caller a member with the link's role, once however often they accept", async () => {
    const s = await sharedReport();
    const link = await linkFor(s, 'viewer', 2);
    const joiner = await buildUser({ fullName: 'Jo Joiner' });
    for (let i = 0; i < 2; i++) {
      const res = await api('/api/share-links/accept', { cookie: joiner.session, json: { token: link.token } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { reportId: s.report.id, role: 'viewer' } });
    }
    const rows = (await membersOf(s.report.id)).filter((m) => m.userId === joiner.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'viewer', invitedEmail: joiner.email, invitedBy: s.owner.id });
    expect(rows[0]!.acceptedAt).toBeInstanceOf(Date);
    expect(await listedRoles(joiner.session, '?scope=shared')).toEqual({ [s.report.id]: 'viewer' });
  });

  it('raises a viewer to editor, never lowers an editor, and leaves the owner as owner', async () => {
    const s = await sharedReport();
    const editorLink = await linkFor(s, 'editor');
    const viewerLink = await linkFor(s, 'viewer');
    const raised = await api('/api/share-links/accept', { cookie: s.viewer.session, json: { token: editorLink.token } });
    expect(await raised.json()).toEqual({ data: { reportId: s.report.id, role: 'editor' } });
    const kept = await api('/api/share-links/accept', { cookie: s.editor.session, json: { token: viewerLink.token } });
    expect(await kept.json()).toEqual({ data: { reportId: s.report.id, role: 'editor' } });
    const owner = await api('/api/share-links/accept', { cookie: s.owner.session, json: { token: viewerLink.token } });
    expect(await owner.json()).toEqual({ data: { reportId: s.report.id, role: 'owner' } });
    const rows = await membersOf(s.report.id);
    expect(rows.map((r) => [r.userId, r.role]).sort()).toEqual(
      [
        [s.editor.id, 'editor'],
        [s.viewer.id, 'editor'],
      ].sort(),
    );
    expect((await reportRow(s.report.id)).ownerId).toBe(s.owner.id);
  });

  it('claims a pending invite to the caller’s email instead of adding a second membership', async () => {
    const s = await sharedReport();
    const person = await buildUser();
    // An invite that predates the account (e.g. a sign-up through a path that did not claim it).
    await testDb().insert(reportMembers).values({ reportId: s.report.id, invitedEmail: person.email.toUpperCase(), role: 'editor' });
    const link = await linkFor(s, 'viewer');
    const res = await api('/api/share-links/accept', { cookie: person.session, json: { token: link.token } });
    expect(await res.json()).toEqual({ data: { reportId: s.report.id, role: 'editor' } });
    const rows = (await membersOf(s.report.id)).filter((m) => m.invitedEmail.toLowerCase() === person.email.toLowerCase());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: person.id, role: 'editor' });
  });

  it('answers 404 link_invalid for an expired, a revoked and an unknown link, adding no one', async () => {
    const s = await sharedReport();
    const expired = await linkFor(s, 'editor', 1);
    await testDb()
      .update(shareLinks)
      .set({ createdAt: new Date(Date.now() - 7_200_000), expiresAt: new Date(Date.now() - 1000) })
      .where(eq(shareLinks.id, expired.id));
    const revoked = await linkFor(s, 'editor');
    await api(`/api/reports/${s.report.id}/links/${revoked.id}`, { method: 'DELETE', cookie: s.owner.session });
    const joiner = await buildUser();
    for (const token of [expired.token, revoked.token, 'sdl_unknown', revoked.token.slice(0, -1)]) {
      const res = await api('/api/share-links/accept', { cookie: joiner.session, json: { token } });
      expect(res.status).toBe(404);
      const error = await errorOf(res);
      expect(error.code).toBe('link_invalid');
      expect(JSON.stringify(error)).not.toContain(s.report.id);
    }
    expect((await membersOf(s.report.id)).filter((m) => m.userId === joiner.id)).toEqual([]);
  });

  it('limits attempts per person: the 31st within ten minutes is 429, even with a good link', async () => {
    const s = await sharedReport();
    const link = await linkFor(s, 'viewer');
    const guesser = await buildUser();
    for (let batch = 0; batch < 3; batch++) {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => api('/api/share-links/accept', { cookie: guesser.session, json: { token: `sdl_guess_${batch}_${i}` } }).then((r) => r.status)),
      );
      expect(statuses).toEqual(Array(10).fill(404));
    }
    const res = await api('/api/share-links/accept', { cookie: guesser.session, json: { token: link.token } });
    expect(res.status).toBe(429);
    expect((await membersOf(s.report.id)).filter((m) => m.userId === guesser.id)).toEqual([]);
    // Someone else is not affected.
    expect((await api('/api/share-links/accept', { cookie: s.stranger.session, json: { token: link.token } })).status).toBe(200);
  });

  it('answers 401 without a session and 400 naming token, adding no one', async () => {
    const s = await sharedReport();
    const link = await linkFor(s, 'editor');
    expect((await api('/api/share-links/accept', { json: { token: link.token } })).status).toBe(401);
    const joiner = await buildUser();
    for (const json of [{}, { token: '' }, { token: 5 }, { token: 'x'.repeat(201) }]) {
      const res = await api('/api/share-links/accept', { cookie: joiner.session, json });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'token' });
    }
    expect((await membersOf(s.report.id)).length).toBe(2);
  });
});

describe('POST /api/reports/:id/transfer', () => {
  it('makes a member the owner; the previous owner becomes an editor and the report leaves their folder', async () => {
    const s = await sharedReport();
    const folder = await buildFolder(s.owner.id, 'Handed over');
    await testDb().update(reports).set({ folderId: folder.id }).where(eq(reports.id, s.report.id));
    const res = await api(`/api/reports/${s.report.id}/transfer`, { cookie: s.owner.session, json: { userId: s.viewer.id } });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { id: string; role: string; owner: { id: string; fullName: string }; folder: unknown } };
    expect(data).toMatchObject({ id: s.report.id, role: 'editor', owner: { id: s.viewer.id, fullName: 'Vera Viewer' }, folder: null });

    const row = await reportRow(s.report.id);
    expect(row.ownerId).toBe(s.viewer.id);
    expect(row.folderId).toBeNull();
    const members = await membersOf(s.report.id);
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [s.editor.id, 'editor'],
        [s.owner.id, 'editor'],
      ].sort(),
    );
    expect(await listedRoles(s.viewer.session, '?scope=mine')).toEqual({ [s.report.id]: 'owner' });
    expect(await listedRoles(s.owner.session, '?scope=shared')).toEqual({ [s.report.id]: 'editor' });
    expect(await listedRoles(s.owner.session, `?folderId=${folder.id}`)).toEqual({});
    // The new owner now shares; the previous one may not.
    expect((await api(`/api/reports/${s.report.id}/links`, { cookie: s.viewer.session })).status).toBe(200);
    expect((await api(`/api/reports/${s.report.id}/links`, { cookie: s.owner.session })).status).toBe(403);
  });

  it('answers 400 naming userId for someone who is not a member with an account, or for the owner, changing nothing', async () => {
    const s = await sharedReport();
    await addPendingInvite(s.report.id, uniqueEmail('pending'), 'editor');
    const cases: [unknown, string][] = [
      [{ userId: s.stranger.id }, 'not_a_member'],
      [{ userId: randomUUID() }, 'not_a_member'],
      [{ userId: s.owner.id }, 'already_owner'],
      [{}, 'validation_error'],
      [{ userId: 'Vera' }, 'validation_error'],
    ];
    for (const [json, code] of cases) {
      const res = await api(`/api/reports/${s.report.id}/transfer`, { cookie: s.owner.session, json });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code, field: 'userId' });
    }
    expect((await reportRow(s.report.id)).ownerId).toBe(s.owner.id);
    expect((await membersOf(s.report.id)).length).toBe(3);
  });

  it('answers 401, 404 to a stranger, 403 to the editor and viewer, changing nothing', async () => {
    const s = await sharedReport();
    const url = `/api/reports/${s.report.id}/transfer`;
    expect((await api(url, { json: { userId: s.editor.id } })).status).toBe(401);
    expect((await api(url, { cookie: s.stranger.session, json: { userId: s.stranger.id } })).status).toBe(404);
    expect((await api(url, { cookie: s.editor.session, json: { userId: s.editor.id } })).status).toBe(403);
    expect((await api(url, { cookie: s.viewer.session, json: { userId: s.viewer.id } })).status).toBe(403);
    expect((await reportRow(s.report.id)).ownerId).toBe(s.owner.id);
  });
});

describe('sharing mounts', () => {
  it('leaves the report routes on the same prefix working', async () => {
    const s = await sharedReport();
    expect((await api(`/api/reports/${s.report.id}`, { cookie: s.editor.session })).status).toBe(200);
    expect((await api(`/api/reports/${s.report.id}`, { method: 'PATCH', cookie: s.editor.session, json: { topic: 'Renamed' } })).status).toBe(200);
    expect((await api(`/api/reports/${s.report.id}/nothing-here`, { cookie: s.owner.session })).status).toBe(404);
  });
});

describe('live connections after a membership change', () => {
  /** Close codes the client's connection has seen so far. */
  function closeCodes(client: Client): number[] {
    const codes: number[] = [];
    client.provider.on('connection-close', (event: { code: number } | null) => {
      if (event) codes.push(event.code);
    });
    return codes;
  }

  it('removing a member closes their Yjs connection within seconds and keeps them out; others stay', async () => {
    const s = await sharedReport();
    await seedDocument(s.report.id, sampleReport('Tidal energy'));
    const owner = await join(s.report.id, s.owner.session);
    const editor = await join(s.report.id, s.editor.session);
    try {
      const codes = closeCodes(editor);
      const started = Date.now();
      const res = await api(`/api/reports/${s.report.id}/members/${s.editorRow.id}`, { method: 'DELETE', cookie: s.owner.session });
      expect(res.status).toBe(204);
      await waitFor(() => codes.includes(4403), { timeout: 5000, message: 'the removed editor was not disconnected' });
      expect(Date.now() - started).toBeLessThan(5000);
      // No new token, and what they type now reaches no one, while the owner keeps editing.
      expect((await api(`/api/reports/${s.report.id}/room-token`, { cookie: s.editor.session })).status).toBe(404);
      setTitle(editor.doc, 'Written after removal');
      appendToSection(owner.doc, 's11', ' The owner is still here.');
      await waitFor(async () => sectionPlainText(await serverDoc(s.report.id), 's11').includes('The owner is still here.'), {
        message: "the owner's edit never reached the room",
      });
      await new Promise((r) => setTimeout(r, 1500));
      expect(readMeta(await serverDoc(s.report.id)).title).toBe('Tidal energy');
      expect(readMeta(owner.doc).title).toBe('Tidal energy');
      expect(owner.provider.wsconnected).toBe(true);
    } finally {
      owner.close();
      editor.close();
    }
  });

  it('making an editor a viewer closes their writable connection; their next token is a viewer’s', async () => {
    const s = await sharedReport();
    await seedDocument(s.report.id, sampleReport('Tidal energy'));
    const editor = await join(s.report.id, s.editor.session);
    try {
      const codes = closeCodes(editor);
      const res = await api(`/api/reports/${s.report.id}/members/${s.editorRow.id}`, { method: 'PATCH', cookie: s.owner.session, json: { role: 'viewer' } });
      expect(res.status).toBe(200);
      await waitFor(() => codes.includes(4403), { timeout: 5000, message: 'the demoted editor kept their connection' });
      setTitle(editor.doc, 'Written after demotion');
      await new Promise((r) => setTimeout(r, 1500));
      expect(readMeta(await serverDoc(s.report.id)).title).toBe('Tidal energy');
      expect((await roomToken(s.report.id, s.editor.session)).role).toBe('viewer');
    } finally {
      editor.close();
    }
  });

  it('a viewer leaving on their own is disconnected too', async () => {
    const s = await sharedReport();
    await seedDocument(s.report.id, sampleReport('Tidal energy'));
    const viewer = await join(s.report.id, s.viewer.session);
    try {
      const codes = closeCodes(viewer);
      const res = await api(`/api/reports/${s.report.id}/members/${s.viewerRow.id}`, { method: 'DELETE', cookie: s.viewer.session });
      expect(res.status).toBe(204);
      await waitFor(() => codes.includes(4403), { timeout: 5000, message: 'the viewer who left was not disconnected' });
    } finally {
      viewer.close();
    }
  });
});
