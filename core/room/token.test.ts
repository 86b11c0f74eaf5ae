import { describe, expect, it } from 'vitest';
import { signRoomToken, verifyRoomToken, type RoomTokenClaims } from './token';

const SECRET = 'test-room-secret-0123456789';
const RID = '6f1c2a9e-1111-4222-8333-444455556666';
const claims = (over: Partial<RoomTokenClaims> = {}): RoomTokenClaims => ({
  sub: 'u1', rid: RID, role: 'editor', name: 'Ann', color: '#e91e63', exp: Math.floor(Date.now() / 1000) + 300, ...over,
});

describe('room tokens', () => {
  it('round-trips claims signed with the shared secret', async () => {
    const token = await signRoomToken(claims(), SECRET);
    const check = await verifyRoomToken(token, SECRET, RID);
    expect(check).toEqual({ ok: true, claims: claims({ exp: check.ok ? check.claims.exp : 0 }) });
  });

  it.each([
    ['missing', async (): Promise<string> => '', RID],
    ['malformed', async (): Promise<string> => 'not-a-token', RID],
    ['bad_signature', async () => signRoomToken(claims(), 'another-secret'), RID],
    ['expired', async () => signRoomToken(claims({ exp: Math.floor(Date.now() / 1000) - 1 }), SECRET), RID],
    ['wrong_report', async () => signRoomToken(claims(), SECRET), '00000000-0000-4000-8000-000000000000'],
  ] as const)('refuses a %s token', async (error, make, rid) => {
    expect(await verifyRoomToken(await make(), SECRET, rid)).toEqual({ ok: false, error });
  });

  it('refuses a token whose payload was edited to raise the role', async () => {
    const token = await signRoomToken(claims({ role: 'viewer' }), SECRET);
    const [payload, sig] = token.split('.');
    const forged = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace('viewer', 'owner')).toString('base64url');
    expect(await verifyRoomToken(`${forged}.${sig}`, SECRET, RID)).toEqual({ ok: false, error: 'bad_signature' });
  });
});
