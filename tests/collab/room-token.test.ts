// GET /api/reports/:id/room-token: who gets a ticket to a report's room, and as what.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ROOM_TOKEN_TTL_SECONDS } from '../../core/api/room-token';
import { roomName, verifyRoomToken } from '../../core/room/token';
import { presenceColor } from '../../worker/lib/presence-color';
import { buildReport, buildUser } from '../factories';
import { api } from '../helpers/api';
import { addMember } from '../helpers/members';

async function tokenOf(reportId: string, session: string) {
  return api(`/api/reports/${reportId}/room-token`, { cookie: session });
}

describe('GET /api/reports/:id/room-token', () => {
  it("issues the owner a token for the report's room that the room's secret verifies", async () => {
    const owner = await buildUser({ fullName: 'Olga Owner' });
    const report = await buildReport(owner.id);
    const before = Math.floor(Date.now() / 1000);
    const res = await tokenOf(report.id, owner.session);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { data } = (await res.json()) as { data: Record<string, unknown> };
    expect(Object.keys(data).sort()).toEqual(['expiresAt', 'party', 'role', 'room', 'token', 'url']);
    expect(data).toMatchObject({ role: 'owner', party: 'main', room: roomName(report.id), url: inject('partyUrl').replace(/^http/, 'ws') });

    const check = await verifyRoomToken(data.token as string, inject('roomTokenSecret'), report.id);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.claims).toMatchObject({ sub: owner.id, rid: report.id, role: 'owner', name: 'Olga Owner', color: presenceColor(owner.id) });
    expect(check.claims.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(check.claims.exp).toBeGreaterThanOrEqual(before + ROOM_TOKEN_TTL_SECONDS);
    expect(check.claims.exp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + ROOM_TOKEN_TTL_SECONDS);
    expect(new Date(data.expiresAt as string).getTime()).toBe(check.claims.exp * 1000);
    // Another report's room refuses it; so does a room with another secret.
    expect(await verifyRoomToken(data.token as string, inject('roomTokenSecret'), (await buildReport(owner.id)).id)).toEqual({ ok: false, error: 'wrong_report' });
    expect(await verifyRoomToken(data.token as string, 'another secret', report.id)).toEqual({ ok: false, error: 'bad_signature' });
  });

  it('gives editors and viewers their own role', async () => {
    const owner = await buildUser();
    const editor = await buildUser({ fullName: 'Eddie Editor' });
    const viewer = await buildUser({ fullName: 'Vera Viewer' });
    const report = await buildReport(owner.id);
    await addMember(report.id, editor, 'editor');
    await addMember(report.id, viewer, 'viewer');
    for (const [user, role] of [[editor, 'editor'], [viewer, 'viewer']] as const) {
      const res = await tokenOf(report.id, user.session);
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: { token: string; role: string } };
      expect(data.role).toBe(role);
      const check = await verifyRoomToken(data.token, inject('roomTokenSecret'), report.id);
      expect(check.ok && check.claims).toMatchObject({ sub: user.id, role, name: user.fullName });
    }
  });

  it('answers 401 without a session', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    const res = await api(`/api/reports/${report.id}/room-token`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it("answers 404 for someone else's report, without a token", async () => {
    const owner = await buildUser();
    const stranger = await buildUser();
    const report = await buildReport(owner.id);
    const res = await tokenOf(report.id, stranger.session);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string }; data?: unknown };
    expect(body.error.code).toBe('not_found');
    expect(body.data).toBeUndefined();
  });

  it('answers 400 naming the field for an id that is not a UUID', async () => {
    const owner = await buildUser();
    const res = await tokenOf('not-a-uuid', owner.session);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('id');
  });
});
