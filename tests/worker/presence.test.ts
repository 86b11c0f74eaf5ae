import { describe, expect, it } from 'vitest';
import { buildReport, buildUser } from '../factories';
import { api } from '../helpers/api';
import { addMember, errorOf } from '../helpers/members';
import { join, sampleReport, seedDocument, waitFor } from '../helpers/yclient';

type Presence = { userId: string; name: string; color: string; role: string; connections: number };

async function presenceOf(reportId: string, session: string): Promise<Presence[]> {
  const res = await api(`/api/reports/${reportId}/presence`, { cookie: session });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: Presence[] };
  return data.sort((a, b) => a.name.localeCompare(b.name));
}

describe('GET /api/reports/:id/presence', () => {
  it('lists who is connected to the room, with name, colour, role and how many connections', async () => {
    const owner = await buildUser({ fullName: 'Alma Owner' });
    const viewer = await buildUser({ fullName: 'Bo Viewer' });
    const absent = await buildUser({ fullName: 'Cy Absent' });
    const report = await buildReport(owner.id);
    await addMember(report.id, viewer, 'viewer');
    await addMember(report.id, absent, 'editor');
    await seedDocument(report.id, sampleReport());
    expect(await presenceOf(report.id, viewer.session)).toEqual([]);

    const clients = [await join(report.id, owner.session), await join(report.id, owner.session), await join(report.id, viewer.session)];
    try {
      const expected = [
        { userId: owner.id, name: 'Alma Owner', color: expect.stringMatching(/^#[0-9a-f]{6}$/i), role: 'owner', connections: 2 },
        { userId: viewer.id, name: 'Bo Viewer', color: expect.stringMatching(/^#[0-9a-f]{6}$/i), role: 'viewer', connections: 1 },
      ];
      // Anyone on the report may ask, the absent editor included.
      for (const who of [viewer, absent]) expect(await presenceOf(report.id, who.session)).toEqual(expected);
      for (const entry of await presenceOf(report.id, owner.session)) expect(Object.keys(entry).sort()).toEqual(['color', 'connections', 'name', 'role', 'userId']);

      clients[2]!.close();
      await waitFor(async () => (await presenceOf(report.id, owner.session)).length === 1, { message: 'the viewer never left the presence list' });
      expect(await presenceOf(report.id, owner.session)).toEqual([expected[0]]);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('answers 401 without a session, 404 to a stranger, 400 for a bad id', async () => {
    const owner = await buildUser();
    const stranger = await buildUser();
    const report = await buildReport(owner.id, { topic: 'Presence topic' });
    await addMember(report.id, await buildUser(), 'viewer');
    expect((await api(`/api/reports/${report.id}/presence`)).status).toBe(401);
    const res = await api(`/api/reports/${report.id}/presence`, { cookie: stranger.session });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain('Presence topic');
    const bad = await api('/api/reports/room-1/presence', { cookie: owner.session });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('id');
  });
});
