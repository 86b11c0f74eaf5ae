// GET /api/usage/tokens and /api/usage/credits: sums of my own rows, per report or per UTC month.
import { beforeAll, describe, expect, it } from 'vitest';
import { creditLedger, tokenUsage } from '../../db/schema';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';
import { errorOf } from '../helpers/members';

let me: BuiltUser;
let other: BuiltUser;
let reportA: { id: string; topic: string };
let reportB: { id: string; topic: string };

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  me = await buildUser();
  other = await buildUser();
  reportA = await buildReport(me.id, { topic: 'Tidal power' });
  reportB = await buildReport(me.id, { topic: 'Wind farms' });
  const otherReport = await buildReport(other.id, { topic: 'Secret topic' });
  const row = (userId: string, reportId: string | null, prompt: number, completion: number, cost: number, createdAt: Date, task = 'section') => ({
    userId, reportId, task, model: 'm', promptTokens: prompt, completionTokens: completion, costMicroUsd: cost, createdAt,
  });
  await testDb().insert(tokenUsage).values([
    row(me.id, reportA.id, 100, 50, 10, at('2026-01-31T23:59:00Z')),
    row(me.id, reportA.id, 200, 70, 20, at('2026-02-01T00:01:00Z'), 'edit'),
    row(me.id, reportB.id, 10, 5, 1, at('2026-02-15T12:00:00Z')),
    row(me.id, null, 1, 1, 0, at('2026-02-16T12:00:00Z'), 'references'),
    row(other.id, otherReport.id, 9999, 9999, 9999, at('2026-02-10T00:00:00Z')),
    row(other.id, reportA.id, 5000, 5000, 5000, at('2026-02-10T00:00:00Z')),
  ]);
  const entry = (userId: string, delta: number, reason: 'report_reserve' | 'report_release' | 'ai_edit' | 'staff_grant', reportId: string | null, createdAt: Date) => ({
    userId, delta, reason, reportId, createdAt, idempotencyKey: `usage-test:${crypto.randomUUID()}`,
  });
  await testDb().insert(creditLedger).values([
    entry(me.id, 100, 'staff_grant', null, at('2026-01-01T00:00:00Z')),
    entry(me.id, -5, 'report_reserve', reportA.id, at('2026-01-20T00:00:00Z')),
    entry(me.id, 2, 'report_release', reportA.id, at('2026-01-21T00:00:00Z')),
    entry(me.id, -1, 'ai_edit', reportA.id, at('2026-02-02T00:00:00Z')),
    entry(me.id, -5, 'report_reserve', reportB.id, at('2026-02-03T00:00:00Z')),
    entry(other.id, -7, 'report_reserve', otherReport.id, at('2026-02-03T00:00:00Z')),
    entry(other.id, -1, 'ai_edit', reportA.id, at('2026-02-03T00:00:00Z')),
  ]);
});

async function dataOf(path: string, session = me.session) {
  const res = await api(path, { cookie: session });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Array<Record<string, unknown>> }).data;
}

const byKey = (rows: Array<Record<string, unknown>>, key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), r]));

describe('GET /api/usage/tokens', () => {
  it('sums my token usage per report, with the topic, excluding other users', async () => {
    const rows = await dataOf('/api/usage/tokens?groupBy=report');
    expect(rows).toHaveLength(3);
    const groups = byKey(rows, 'reportId');
    expect(groups[reportA.id]).toEqual({ reportId: reportA.id, topic: 'Tidal power', promptTokens: 300, completionTokens: 120, costMicroUsd: 30, calls: 2 });
    expect(groups[reportB.id]).toEqual({ reportId: reportB.id, topic: 'Wind farms', promptTokens: 10, completionTokens: 5, costMicroUsd: 1, calls: 1 });
    expect(groups.null).toEqual({ reportId: null, topic: null, promptTokens: 1, completionTokens: 1, costMicroUsd: 0, calls: 1 });
    expect(JSON.stringify(rows)).not.toContain('Secret topic');
  });

  it('sums per UTC month, newest first', async () => {
    const rows = await dataOf('/api/usage/tokens?groupBy=month');
    expect(rows).toEqual([
      { month: '2026-02', promptTokens: 211, completionTokens: 76, costMicroUsd: 21, calls: 3 },
      { month: '2026-01', promptTokens: 100, completionTokens: 50, costMicroUsd: 10, calls: 1 },
    ]);
  });

  it('answers an empty list to a user without usage, 401 without a session, 400 naming groupBy', async () => {
    const fresh = await buildUser();
    expect(await dataOf('/api/usage/tokens?groupBy=month', fresh.session)).toEqual([]);
    expect((await api('/api/usage/tokens')).status).toBe(401);
    const bad = await api('/api/usage/tokens?groupBy=year', { cookie: me.session });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: 'validation_error', field: 'groupBy' });
  });
});

describe('GET /api/usage/credits', () => {
  it('sums credits spent per report (reserve, release, AI edits), excluding grants and other users', async () => {
    const rows = await dataOf('/api/usage/credits?groupBy=report');
    expect(rows).toHaveLength(2);
    const groups = byKey(rows, 'reportId');
    expect(groups[reportA.id]).toEqual({ reportId: reportA.id, topic: 'Tidal power', credits: 4, entries: 3 });
    expect(groups[reportB.id]).toEqual({ reportId: reportB.id, topic: 'Wind farms', credits: 5, entries: 1 });
  });

  it('sums per UTC month and defaults to per report', async () => {
    expect(await dataOf('/api/usage/credits?groupBy=month')).toEqual([
      { month: '2026-02', credits: 6, entries: 2 },
      { month: '2026-01', credits: 3, entries: 2 },
    ]);
    expect(await dataOf('/api/usage/credits')).toHaveLength(2);
    expect((await api('/api/usage/credits')).status).toBe(401);
  });
});
