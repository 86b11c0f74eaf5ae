import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  creditLedger,
  referenceJobs,
  reportDocuments,
  reportJobs,
  reportMembers,
  reportOutlines,
  reportReferences,
  reports,
  shareLinks,
} from '../../db/schema';
import { buildFolder, buildReport, buildUser, type BuiltUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';

/** Makes `user` a member of the report as `role`, as an accepted invite would. */
async function addMember(reportId: string, user: BuiltUser, role: 'editor' | 'viewer') {
  await testDb().insert(reportMembers).values({ reportId, userId: user.id, invitedEmail: user.email, role, acceptedAt: new Date() });
}

async function reportCountOf(ownerId: string): Promise<number> {
  const [row] = await testDb().select({ n: count() }).from(reports).where(eq(reports.ownerId, ownerId));
  return row!.n;
}

async function reportRow(id: string) {
  const [row] = await testDb().select().from(reports).where(eq(reports.id, id));
  return row;
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; field?: string } }).error;
}

const validBody = { topic: 'Coral reef bleaching', description: 'Warming seas stress the algae corals live with.' };

describe('POST /api/reports', () => {
  let owner: BuiltUser;
  beforeAll(async () => {
    owner = await buildUser({ fullName: 'Ada Owner' });
  });

  it('creates a draft with the defaults and answers it', async () => {
    const res = await api('/api/reports', { cookie: owner.session, json: { ...validBody, topic: '  Coral reef bleaching  ' } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data).toEqual({
      id: expect.any(String),
      topic: 'Coral reef bleaching',
      description: validBody.description,
      referenceCount: 10,
      guidelines: '',
      citationStyle: 'apa',
      status: 'draft',
      creditCost: 5,
      creditsCharged: 0,
      folder: null,
      role: 'owner',
      owner: { id: owner.id, fullName: 'Ada Owner' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const row = await reportRow(data.id as string);
    expect(row).toMatchObject({ ownerId: owner.id, topic: 'Coral reef bleaching', status: 'draft', creditCost: 5, folderId: null });
  });

  it('keeps the guidelines and files the report in one of my folders', async () => {
    const folder = await buildFolder(owner.id, 'Oceans');
    const res = await api('/api/reports', {
      cookie: owner.session,
      json: { ...validBody, referenceCount: 25, guidelines: 'Use peer-reviewed sources.', folderId: folder.id },
    });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string; folder: unknown; referenceCount: number; guidelines: string } };
    expect(data.folder).toEqual({ id: folder.id, name: 'Oceans' });
    expect(data.referenceCount).toBe(25);
    expect(data.guidelines).toBe('Use peer-reviewed sources.');
    expect((await reportRow(data.id))?.folderId).toBe(folder.id);
  });

  it('answers 401 without a session and writes nothing', async () => {
    const topic = `anonymous ${randomUUID()}`;
    const res = await api('/api/reports', { json: { ...validBody, topic } });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthenticated');
    expect(await testDb().select().from(reports).where(eq(reports.topic, topic))).toEqual([]);
  });

  describe('bad input answers 400 naming the field and writes nothing', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['missing topic', { description: 'x' }, 'topic'],
      ['blank topic', { ...validBody, topic: '   ' }, 'topic'],
      ['topic over 300', { ...validBody, topic: 'x'.repeat(301) }, 'topic'],
      ['topic a number', { ...validBody, topic: 42 }, 'topic'],
      ['missing description', { topic: 'x' }, 'description'],
      ['description over 5000', { ...validBody, description: 'x'.repeat(5001) }, 'description'],
      ['guidelines over 10000', { ...validBody, guidelines: 'x'.repeat(10001) }, 'guidelines'],
      ['referenceCount 4', { ...validBody, referenceCount: 4 }, 'referenceCount'],
      ['referenceCount 7', { ...validBody, referenceCount: 7 }, 'referenceCount'],
      ['referenceCount 105', { ...validBody, referenceCount: 105 }, 'referenceCount'],
      ['referenceCount 0', { ...validBody, referenceCount: 0 }, 'referenceCount'],
      ['referenceCount 12.5', { ...validBody, referenceCount: 12.5 }, 'referenceCount'],
      ['referenceCount "10" (a string)', { ...validBody, referenceCount: '10' }, 'referenceCount'],
      ['folderId not a uuid', { ...validBody, folderId: 'inbox' }, 'folderId'],
    ];
    for (const [name, json, field] of cases) {
      it(name, async () => {
        const before = await reportCountOf(owner.id);
        const res = await api('/api/reports', { cookie: owner.session, json });
        expect(res.status).toBe(400);
        const error = await errorOf(res);
        expect(error.code).toBe('validation_error');
        expect(error.field).toBe(field);
        expect(error.message).toMatch(new RegExp(`^${field}: `));
        expect(await reportCountOf(owner.id)).toBe(before);
      });
    }
  });

  for (const referenceCount of [5, 100]) {
    it(`accepts referenceCount ${referenceCount} (a boundary)`, async () => {
      const res = await api('/api/reports', { cookie: owner.session, json: { ...validBody, referenceCount } });
      expect(res.status).toBe(201);
      const { data } = (await res.json()) as { data: { id: string; referenceCount: number } };
      expect(data.referenceCount).toBe(referenceCount);
      expect((await reportRow(data.id))?.referenceCount).toBe(referenceCount);
    });
  }

  it("answers 404 naming folderId for another user's folder and writes nothing", async () => {
    const stranger = await buildUser();
    const theirs = await buildFolder(stranger.id, 'Private');
    const before = await reportCountOf(owner.id);
    for (const folderId of [theirs.id, randomUUID()]) {
      const res = await api('/api/reports', { cookie: owner.session, json: { ...validBody, folderId } });
      expect(res.status).toBe(404);
      const error = await errorOf(res);
      expect(error).toMatchObject({ code: 'not_found', field: 'folderId' });
      expect(JSON.stringify(error)).not.toContain('Private');
    }
    expect(await reportCountOf(owner.id)).toBe(before);
    const [inTheirs] = await testDb().select({ n: count() }).from(reports).where(eq(reports.folderId, theirs.id));
    expect(inTheirs!.n).toBe(0);
  });
});

describe('GET /api/reports', () => {
  let me: BuiltUser;
  let other: BuiltUser;
  let folder: Awaited<ReturnType<typeof buildFolder>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    me = await buildUser({ fullName: 'Me Myself' });
    other = await buildUser({ fullName: 'Olga Other' });
    folder = await buildFolder(me.id, 'Thesis');
    const othersFolder = await buildFolder(other.id, 'Olga secret folder');
    const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 0, minutes));
    ids.mineUnfiled = (await buildReport(me.id, { topic: 'mine unfiled', createdAt: at(1) })).id;
    ids.mineFiled = (await buildReport(me.id, { topic: 'mine filed', folderId: folder.id, status: 'completed', createdAt: at(2) })).id;
    ids.sharedEdit = (await buildReport(other.id, { topic: 'shared edit', folderId: othersFolder.id, createdAt: at(3) })).id;
    ids.sharedView = (await buildReport(other.id, { topic: 'shared view', status: 'completed', createdAt: at(4) })).id;
    ids.notShared = (await buildReport(other.id, { topic: 'not shared', createdAt: at(5) })).id;
    await addMember(ids.sharedEdit, me, 'editor');
    await addMember(ids.sharedView, me, 'viewer');
  });

  const topics = (data: { topic: string }[]) => data.map((r) => r.topic);

  it('lists my reports and those shared with me, newest first, with my role on each', async () => {
    const res = await api('/api/reports', { cookie: me.session });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { id: string; topic: string; role: string; folder: unknown; owner: unknown; status: string }[] };
    expect(topics(data)).toEqual(['shared view', 'shared edit', 'mine filed', 'mine unfiled']);
    expect(data.map((r) => r.role)).toEqual(['viewer', 'editor', 'owner', 'owner']);
    expect(data[2]).toMatchObject({ folder: { id: folder.id, name: 'Thesis' }, status: 'completed', owner: { id: me.id, fullName: 'Me Myself' } });
    expect(data[3]!.folder).toBeNull();
    // The owner's folder is theirs alone: a member sees the report, not where it is filed.
    expect(data[1]).toMatchObject({ folder: null, owner: { id: other.id, fullName: 'Olga Other' } });
    expect(JSON.stringify(data)).not.toContain('not shared');
    expect(JSON.stringify(data)).not.toContain('Olga secret folder');
  });

  it('narrows by scope, status and folder', async () => {
    const list = async (query: string) => {
      const res = await api(`/api/reports?${query}`, { cookie: me.session });
      expect(res.status).toBe(200);
      return topics(((await res.json()) as { data: { topic: string }[] }).data);
    };
    expect(await list('scope=mine')).toEqual(['mine filed', 'mine unfiled']);
    expect(await list('scope=shared')).toEqual(['shared view', 'shared edit']);
    expect(await list('status=completed')).toEqual(['shared view', 'mine filed']);
    expect(await list(`folderId=${folder.id}`)).toEqual(['mine filed']);
    expect(await list('folderId=none')).toEqual(['mine unfiled']);
    expect(await list('scope=shared&status=draft')).toEqual(['shared edit']);
  });

  it('shows a stranger none of it', async () => {
    const stranger = await buildUser();
    const res = await api('/api/reports', { cookie: stranger.session });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [] });
  });

  it("answers 404 for another user's folder as a filter", async () => {
    const theirs = await buildFolder(other.id);
    const res = await api(`/api/reports?folderId=${theirs.id}`, { cookie: me.session });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'not_found', field: 'folderId' });
  });

  it('answers 400 naming the bad filter', async () => {
    for (const [query, field] of [
      ['status=done', 'status'],
      ['scope=everyone', 'scope'],
      ['folderId=inbox', 'folderId'],
    ]) {
      const res = await api(`/api/reports?${query}`, { cookie: me.session });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
  });

  it('answers 401 without a session', async () => {
    expect((await api('/api/reports')).status).toBe(401);
  });
});

describe('GET /api/reports/:id', () => {
  let owner: BuiltUser;
  let report: Awaited<ReturnType<typeof buildReport>>;
  let folder: Awaited<ReturnType<typeof buildFolder>>;
  beforeAll(async () => {
    owner = await buildUser({ fullName: 'Olu Owner' });
    folder = await buildFolder(owner.id, 'Filed away');
    report = await buildReport(owner.id, { topic: 'Secret topic', folderId: folder.id, guidelines: 'be brief' });
  });

  it('answers the owner with the report', async () => {
    const res = await api(`/api/reports/${report.id}`, { cookie: owner.session });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      id: report.id,
      topic: 'Secret topic',
      guidelines: 'be brief',
      role: 'owner',
      folder: { id: folder.id, name: 'Filed away' },
      owner: { id: owner.id, fullName: 'Olu Owner' },
      createdAt: report.createdAt.toISOString(),
    });
    expect(Object.keys(data).sort()).toEqual(
      ['citationStyle', 'createdAt', 'creditCost', 'creditsCharged', 'description', 'folder', 'guidelines', 'id', 'owner', 'referenceCount', 'role', 'status', 'topic', 'updatedAt'].sort(),
    );
  });

  it('answers members with their role and without the folder', async () => {
    for (const role of ['editor', 'viewer'] as const) {
      const member = await buildUser();
      await addMember(report.id, member, role);
      const res = await api(`/api/reports/${report.id}`, { cookie: member.session });
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: { role: string; folder: unknown } };
      expect(data.role).toBe(role);
      expect(data.folder).toBeNull();
    }
  });

  it("answers 404 for another user's report, and for no report, without its data", async () => {
    const stranger = await buildUser();
    // A pending invite (no user yet) gives nobody access.
    await testDb().insert(reportMembers).values({ reportId: report.id, invitedEmail: stranger.email, role: 'viewer' });
    for (const id of [report.id, randomUUID()]) {
      const res = await api(`/api/reports/${id}`, { cookie: stranger.session });
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: 'not_found', message: 'Report not found.' } });
      expect(text).not.toContain('Secret');
    }
  });

  it('answers 400 naming id for a malformed id', async () => {
    const res = await api('/api/reports/not-a-uuid', { cookie: owner.session });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('id');
  });

  it('answers 401 without a session', async () => {
    expect((await api(`/api/reports/${report.id}`)).status).toBe(401);
  });
});

describe('PATCH /api/reports/:id', () => {
  let owner: BuiltUser;
  let editor: BuiltUser;
  let viewer: BuiltUser;
  let stranger: BuiltUser;
  let report: Awaited<ReturnType<typeof buildReport>>;
  let folder: Awaited<ReturnType<typeof buildFolder>>;

  beforeAll(async () => {
    owner = await buildUser();
    editor = await buildUser();
    viewer = await buildUser();
    stranger = await buildUser();
    folder = await buildFolder(owner.id, 'Drafts');
    report = await buildReport(owner.id, { topic: 'Original', updatedAt: new Date('2030-01-01T00:00:00Z') });
    await addMember(report.id, editor, 'editor');
    await addMember(report.id, viewer, 'viewer');
  });

  const patch = (user: BuiltUser | undefined, json: unknown, id = report.id) =>
    api(`/api/reports/${id}`, { method: 'PATCH', cookie: user?.session, json });

  it('lets the owner rename it', async () => {
    const res = await patch(owner, { topic: '  Renamed by owner ' });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { topic: string; updatedAt: string } };
    expect(data.topic).toBe('Renamed by owner');
    const row = await reportRow(report.id);
    expect(row?.topic).toBe('Renamed by owner');
    expect(row!.updatedAt.getTime()).not.toBe(new Date('2030-01-01T00:00:00Z').getTime());
  });

  it('lets an editor rename it', async () => {
    const res = await patch(editor, { topic: 'Renamed by editor' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { role: string } }).data.role).toBe('editor');
    expect((await reportRow(report.id))?.topic).toBe('Renamed by editor');
  });

  it('lets the owner move it into a folder and out again', async () => {
    let res = await patch(owner, { folderId: folder.id });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { folder: unknown } }).data.folder).toEqual({ id: folder.id, name: 'Drafts' });
    expect((await reportRow(report.id))?.folderId).toBe(folder.id);

    res = await patch(owner, { folderId: null });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { folder: unknown } }).data.folder).toBeNull();
    expect((await reportRow(report.id))?.folderId).toBeNull();
  });

  it("answers 404 naming folderId for a folder that is not the owner's, and moves nothing", async () => {
    const theirs = await buildFolder(stranger.id);
    const res = await patch(owner, { topic: 'Should not stick', folderId: theirs.id });
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'not_found', field: 'folderId' });
    const row = await reportRow(report.id);
    expect(row?.folderId).toBeNull();
    expect(row?.topic).not.toBe('Should not stick');
  });

  it('answers 403 to a viewer renaming and to an editor moving, changing nothing', async () => {
    const before = await reportRow(report.id);
    for (const [user, json] of [
      [viewer, { topic: 'Viewer was here' }],
      [viewer, { folderId: null }],
      [editor, { folderId: folder.id }],
      [editor, { topic: 'Editor moved it', folderId: null }],
    ] as const) {
      const res = await patch(user, json);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden');
    }
    expect(await reportRow(report.id)).toEqual(before);
  });

  it("answers 404 for another user's report and changes nothing", async () => {
    const before = await reportRow(report.id);
    const res = await patch(stranger, { topic: 'Stolen' });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('Renamed');
    expect(await reportRow(report.id)).toEqual(before);
  });

  it('answers 400 for an empty body, naming the field for a bad one', async () => {
    const before = await reportRow(report.id);
    let res = await patch(owner, {});
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('validation_error');
    for (const [json, field] of [
      [{ topic: '' }, 'topic'],
      [{ topic: 7 }, 'topic'],
      [{ folderId: 'inbox' }, 'folderId'],
    ] as const) {
      res = await patch(owner, json);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    // Only topic and folderId can be changed here; anything else is refused, not ignored.
    res = await patch(owner, { status: 'completed' });
    expect(res.status).toBe(400);
    res = await patch(owner, { topic: 'x' }, 'nope');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('id');
    expect(await reportRow(report.id)).toEqual(before);
  });

  it('answers 401 without a session', async () => {
    expect((await patch(undefined, { topic: 'x' })).status).toBe(401);
  });
});

describe('DELETE /api/reports/:id', () => {
  let owner: BuiltUser;
  beforeAll(async () => {
    owner = await buildUser();
  });

  it('lets the owner delete it, with everything that hangs off it', async () => {
    const db = testDb();
    const report = await buildReport(owner.id);
    const member = await buildUser();
    await addMember(report.id, member, 'editor');
    await db.insert(reportOutlines).values({ reportId: report.id, content: { version: 1, chapters: [] } });
    await db.insert(reportDocuments).values({ reportId: report.id, json: { version: 1 }, html: '<p>x</p>' });
    await db.insert(reportReferences).values({ reportId: report.id, position: 1, title: 'A paper', source: 'manual' });
    await db.insert(reportJobs).values({ reportId: report.id, userId: owner.id });
    await db.insert(referenceJobs).values({ reportId: report.id, userId: owner.id });
    await db.insert(shareLinks).values({ reportId: report.id, tokenHash: randomUUID(), role: 'viewer' });
    await db.insert(creditLedger).values({ userId: owner.id, delta: 5, reason: 'staff_grant', idempotencyKey: `t:${randomUUID()}`, reportId: report.id });

    const res = await api(`/api/reports/${report.id}`, { method: 'DELETE', cookie: owner.session });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await reportRow(report.id)).toBeUndefined();
    for (const table of [reportOutlines, reportDocuments, reportReferences, reportJobs, referenceJobs, reportMembers, shareLinks]) {
      const [row] = await db.select({ n: count() }).from(table).where(eq(table.reportId, report.id));
      expect(row!.n).toBe(0);
    }
    // Credit history outlives the report; only the link goes.
    const ledger = await db.select().from(creditLedger).where(eq(creditLedger.userId, owner.id));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]!.reportId).toBeNull();
    expect((await api(`/api/reports/${report.id}`, { cookie: owner.session })).status).toBe(404);
  });

  it('answers 403 to an editor and a viewer, 404 to a stranger, and keeps the report', async () => {
    const report = await buildReport(owner.id);
    const editor = await buildUser();
    const viewer = await buildUser();
    const stranger = await buildUser();
    await addMember(report.id, editor, 'editor');
    await addMember(report.id, viewer, 'viewer');
    for (const [user, status] of [
      [editor, 403],
      [viewer, 403],
      [stranger, 404],
    ] as const) {
      const res = await api(`/api/reports/${report.id}`, { method: 'DELETE', cookie: user.session });
      expect(res.status).toBe(status);
    }
    expect(await reportRow(report.id)).toBeDefined();
    const [members] = await testDb().select({ n: count() }).from(reportMembers).where(and(eq(reportMembers.reportId, report.id)));
    expect(members!.n).toBe(2);
  });

  it('answers 400 naming id for a malformed id and 401 without a session', async () => {
    const report = await buildReport(owner.id);
    let res = await api('/api/reports/123', { method: 'DELETE', cookie: owner.session });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('id');
    res = await api(`/api/reports/${report.id}`, { method: 'DELETE' });
    expect(res.status).toBe(401);
    expect(await reportRow(report.id)).toBeDefined();
  });
});
