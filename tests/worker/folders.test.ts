import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportFolders, reports } from '../../db/schema';
import { buildFolder, buildReport, buildUser, type BuiltUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';

async function foldersOf(ownerId: string) {
  return testDb().select().from(reportFolders).where(eq(reportFolders.ownerId, ownerId));
}

async function folderRow(id: string) {
  const [row] = await testDb().select().from(reportFolders).where(eq(reportFolders.id, id));
  return row;
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; field?: string } }).error;
}

describe('GET /api/folders', () => {
  it('lists my folders with how many reports each holds, and nobody else’s', async () => {
    const me = await buildUser();
    const other = await buildUser();
    const beta = await buildFolder(me.id, 'beta');
    const alpha = await buildFolder(me.id, 'Alpha');
    await buildFolder(other.id, 'Not mine');
    await buildReport(me.id, { folderId: beta.id });
    await buildReport(me.id, { folderId: beta.id });
    await buildReport(me.id);

    const res = await api('/api/folders', { cookie: me.session });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Record<string, unknown>[] };
    expect(data).toEqual([
      { id: alpha.id, name: 'Alpha', reportCount: 0, createdAt: alpha.createdAt.toISOString(), updatedAt: alpha.updatedAt.toISOString() },
      { id: beta.id, name: 'beta', reportCount: 2, createdAt: beta.createdAt.toISOString(), updatedAt: beta.updatedAt.toISOString() },
    ]);
  });

  it('answers 401 without a session', async () => {
    expect((await api('/api/folders')).status).toBe(401);
  });
});

describe('POST /api/folders', () => {
  let me: BuiltUser;
  beforeAll(async () => {
    me = await buildUser();
  });

  it('creates a folder', async () => {
    const res = await api('/api/folders', { cookie: me.session, json: { name: '  Thesis chapters ' } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string; name: string; reportCount: number } };
    expect(data).toEqual({ id: expect.any(String), name: 'Thesis chapters', reportCount: 0, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(await folderRow(data.id)).toMatchObject({ ownerId: me.id, name: 'Thesis chapters' });
  });

  it('answers 409 folder_exists for a name I already use, whatever its case', async () => {
    await buildFolder(me.id, 'Biology');
    const before = (await foldersOf(me.id)).length;
    const res = await api('/api/folders', { cookie: me.session, json: { name: 'BIOLOGY' } });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toEqual({ code: 'folder_exists', message: 'You already have a folder with that name.', field: 'name' });
    expect((await foldersOf(me.id)).length).toBe(before);
  });

  it('lets two people use the same name', async () => {
    const other = await buildUser();
    await buildFolder(other.id, 'Shared name');
    const res = await api('/api/folders', { cookie: me.session, json: { name: 'Shared name' } });
    expect(res.status).toBe(201);
  });

  it('answers 400 naming the field and writes nothing', async () => {
    const before = (await foldersOf(me.id)).length;
    for (const json of [{}, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 12 }]) {
      const res = await api('/api/folders', { cookie: me.session, json });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'name' });
    }
    expect((await foldersOf(me.id)).length).toBe(before);
  });

  it('answers 401 without a session', async () => {
    const name = `anon ${randomUUID()}`;
    expect((await api('/api/folders', { json: { name } })).status).toBe(401);
    expect(await testDb().select().from(reportFolders).where(eq(reportFolders.name, name))).toEqual([]);
  });
});

describe('PATCH /api/folders/:id', () => {
  let me: BuiltUser;
  let stranger: BuiltUser;
  beforeAll(async () => {
    me = await buildUser();
    stranger = await buildUser();
  });

  const patch = (user: BuiltUser | undefined, id: string, json: unknown) => api(`/api/folders/${id}`, { method: 'PATCH', cookie: user?.session, json });

  it('renames my folder and answers it with its report count', async () => {
    const folder = await buildFolder(me.id, 'Old name');
    await buildReport(me.id, { folderId: folder.id });
    const res = await patch(me, folder.id, { name: 'New name' });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { id: string; name: string; reportCount: number; updatedAt: string } };
    expect(data).toMatchObject({ id: folder.id, name: 'New name', reportCount: 1 });
    const row = await folderRow(folder.id);
    expect(row?.name).toBe('New name');
    expect(row!.updatedAt.getTime()).toBeGreaterThanOrEqual(folder.updatedAt.getTime());
  });

  it('allows changing only the case of its own name', async () => {
    const folder = await buildFolder(me.id, 'lower case');
    const res = await patch(me, folder.id, { name: 'Lower Case' });
    expect(res.status).toBe(200);
    expect((await folderRow(folder.id))?.name).toBe('Lower Case');
  });

  it('answers 409 folder_exists when the name is taken by another of my folders', async () => {
    await buildFolder(me.id, 'Taken');
    const folder = await buildFolder(me.id, 'Free');
    const res = await patch(me, folder.id, { name: 'taken' });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'folder_exists', field: 'name' });
    expect((await folderRow(folder.id))?.name).toBe('Free');
  });

  it("answers 404 for another user's folder and renames nothing", async () => {
    const theirs = await buildFolder(stranger.id, 'Their folder');
    for (const id of [theirs.id, randomUUID()]) {
      const res = await patch(me, id, { name: 'Mine now' });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('Their folder');
    }
    expect((await folderRow(theirs.id))?.name).toBe('Their folder');
  });

  it('answers 400 naming the field', async () => {
    const folder = await buildFolder(me.id, 'Stays');
    let res = await patch(me, folder.id, { name: '' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('name');
    res = await patch(me, 'not-a-uuid', { name: 'x' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('id');
    expect((await folderRow(folder.id))?.name).toBe('Stays');
  });

  it('answers 401 without a session', async () => {
    const folder = await buildFolder(me.id, 'Untouched');
    expect((await patch(undefined, folder.id, { name: 'x' })).status).toBe(401);
    expect((await folderRow(folder.id))?.name).toBe('Untouched');
  });
});

describe('DELETE /api/folders/:id', () => {
  let me: BuiltUser;
  beforeAll(async () => {
    me = await buildUser();
  });

  it('deletes my folder and leaves its reports unfiled', async () => {
    const folder = await buildFolder(me.id);
    const a = await buildReport(me.id, { folderId: folder.id });
    const b = await buildReport(me.id, { folderId: folder.id });
    const res = await api(`/api/folders/${folder.id}`, { method: 'DELETE', cookie: me.session });
    expect(res.status).toBe(204);
    expect(await folderRow(folder.id)).toBeUndefined();
    const rows = await testDb().select().from(reports).where(eq(reports.ownerId, me.id));
    expect(rows.filter((r) => r.id === a.id || r.id === b.id).map((r) => r.folderId)).toEqual([null, null]);
    // And the API shows them unfiled.
    const list = (await (await api('/api/reports?folderId=none', { cookie: me.session })).json()) as { data: { id: string }[] };
    expect(list.data.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("answers 404 for another user's folder and keeps it and its reports", async () => {
    const stranger = await buildUser();
    const theirs = await buildFolder(stranger.id);
    await buildReport(stranger.id, { folderId: theirs.id });
    const res = await api(`/api/folders/${theirs.id}`, { method: 'DELETE', cookie: me.session });
    expect(res.status).toBe(404);
    expect(await folderRow(theirs.id)).toBeDefined();
    const [kept] = await testDb().select({ n: count() }).from(reports).where(eq(reports.folderId, theirs.id));
    expect(kept!.n).toBe(1);
  });

  it('answers 400 naming id and 401 without a session', async () => {
    const folder = await buildFolder(me.id);
    let res = await api('/api/folders/42', { method: 'DELETE', cookie: me.session });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('id');
    res = await api(`/api/folders/${folder.id}`, { method: 'DELETE' });
    expect(res.status).toBe(401);
    expect(await folderRow(folder.id)).toBeDefined();
  });
});
