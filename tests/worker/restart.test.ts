// `npm run dev` keeps its data: an account, its session and its report outlive a restart of the
// whole stack (PGlite under a data directory, proxy and wrangler dev).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../../db/schema';
import { connectFromNode } from '../../db/node';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { TEST_WORKER_VARS } from '../setup/vars';

const dir = mkdtempSync(join(tmpdir(), 'seydam-restart-'));
let stack: Stack | undefined;

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// The stack as `npm run dev` starts it: wrangler bundles the worker from source (the other suites
// serve the run's prebuilt bundle), so the developer's path is covered too.
async function boot(): Promise<Stack> {
  return startStack({ dataDir: join(dir, 'pglite'), persistTo: join(dir, 'wrangler'), vars: TEST_WORKER_VARS });
}

async function call(path: string, init: { json?: unknown; cookie?: string } = {}) {
  return fetch(`${stack!.worker.url}${path}`, {
    method: init.json ? 'POST' : 'GET',
    headers: { ...(init.json ? { 'content-type': 'application/json' } : {}), ...(init.cookie ? { cookie: `seydam_session=${init.cookie}` } : {}) },
    body: init.json ? JSON.stringify(init.json) : null,
  });
}

describe('the development database', () => {
  it('keeps accounts, sessions and reports across a restart of the dev stack', { timeout: 120_000 }, async () => {
    stack = await boot();
    const email = `restart.${Date.now()}@example.test`;
    const signup = await call('/api/auth/signup', {
      json: { fullName: 'Rita Restart', email, password: 'a long password', passwordConfirm: 'a long password' },
    });
    expect(signup.status).toBe(202);

    const { db, pool } = connectFromNode({ DATABASE_URL: stack.db.url, DB_WS_PROXY: stack.db.wsProxy });
    const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(desc(mailOutbox.createdAt)).limit(1);
    await pool.end();
    const code = /\b(\d{6})\b/.exec(mail!.text)![1]!;

    const verified = await call('/api/auth/signup/verify', { json: { email, code } });
    expect(verified.status).toBe(201);
    const session = /seydam_session=([^;]+)/.exec(verified.headers.get('set-cookie') ?? '')![1]!;
    const created = await call('/api/reports', { cookie: session, json: { topic: 'Tidal energy', description: 'What I know', referenceCount: 20 } });
    expect(created.status).toBe(201);
    const reportId = ((await created.json()) as { data: { id: string } }).data.id;

    await stack.stop();
    stack = await boot();

    const me = await call('/api/auth/me', { cookie: session });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { data: { user: { email: string } } }).data.user.email).toBe(email);
    const report = await call(`/api/reports/${reportId}`, { cookie: session });
    expect(report.status).toBe(200);
    expect(((await report.json()) as { data: { topic: string; referenceCount: number } }).data).toMatchObject({ topic: 'Tidal energy', referenceCount: 20 });
  });
});
