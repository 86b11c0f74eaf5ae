// The http mail transport against a fake provider. A second worker runs here with MAIL_TRANSPORT=http,
// on the same test database as the main one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mailOutbox } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { startFakeMail, type FakeMail } from '../fakes/mail';
import { buildUser, uniqueEmail, uniqueIp } from '../factories';
import { codeIn, latestMail, sessionFrom } from '../helpers/accounts';
import { api, fetchWorker } from '../helpers/api';
import { testDb } from '../helpers/db';
import { TEST_WORKER_VARS } from '../setup/vars';

const API_KEY = 'test-key';
let fake: FakeMail;
let worker: RunningWorker;
let persistTo: string;

beforeAll(async () => {
  fake = await startFakeMail({ apiKey: API_KEY });
  persistTo = mkdtempSync(join(tmpdir(), 'seydam-mailer-'));
  worker = await startTestWorker({
    persistTo,
    vars: {
      ...TEST_WORKER_VARS,
      DATABASE_URL: inject('databaseUrl'),
      DB_WS_PROXY: inject('dbWsProxy'),
      MAIL_TRANSPORT: 'http',
      MAIL_API_URL: fake.url,
      MAIL_API_KEY: API_KEY,
      MAIL_FROM: 'Seydam Test <codes@seydam.test>',
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await fake?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

/** Calls the http-transport worker. */
function httpApi(path: string, json: unknown) {
  return fetchWorker(`${worker.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': uniqueIp() },
    body: JSON.stringify(json),
  });
}

function signupBody(email: string) {
  return { fullName: 'Hedda Http', email, password: 'a long enough password', passwordConfirm: 'a long enough password' };
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('mail over http', () => {
  it('POSTs {from, to, subject, text} with the bearer key, records it, and the mailed code works', async () => {
    const email = uniqueEmail('http');
    const res = await httpApi('/api/auth/signup', signupBody(email));
    expect(res.status).toBe(202);

    const sent = fake.requests.filter((r) => r.body?.to === email);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/emails', authorization: `Bearer ${API_KEY}`, status: 200 });
    expect(sent[0]!.contentType).toMatch(/^application\/json/);
    expect(sent[0]!.body).toEqual({
      from: 'Seydam Test <codes@seydam.test>',
      to: email,
      subject: expect.stringMatching(/sign-up code/i),
      text: expect.stringMatching(/expires in 10 minutes/),
    });
    const code = codeIn(sent[0]!.body!.text);

    // The record says where it went and when; the live code is not kept in it.
    const record = await latestMail(email);
    expect(record).toMatchObject({ transport: 'http', error: null, subject: sent[0]!.body!.subject });
    expect(record!.sentAt).toBeInstanceOf(Date);
    expect(record!.text).not.toContain(code);
    expect(record!.text).toContain('[redacted]');

    // Either worker can finish the sign-up: they share the database.
    const verified = await api('/api/auth/signup/verify', { ip: uniqueIp(), json: { email, code } });
    expect(verified.status).toBe(201);
    expect(sessionFrom(verified)).toBeDefined();
  });

  it('answers 502 mail_failed when the provider fails, and the code that did not arrive is dead', async () => {
    const email = uniqueEmail('outage');
    fake.failNext(500);
    const res = await httpApi('/api/auth/signup', signupBody(email));
    expect(res.status).toBe(502);
    expect(await errorOf(res)).toMatchObject({ code: 'mail_failed' });

    const record = await latestMail(email);
    expect(record).toMatchObject({ transport: 'http', sentAt: null });
    expect(record!.error).toMatch(/500/);

    // The provider saw the request (so we know the code) but did not deliver it: it must not work.
    const lost = fake.requests.filter((r) => r.body?.to === email).at(-1)!;
    const tried = await api('/api/auth/signup/verify', { ip: uniqueIp(), json: { email, code: codeIn(lost.body!.text) } });
    expect(tried.status).toBe(400);
    expect(await errorOf(tried)).toMatchObject({ code: 'code_expired' });

    // Once the provider is back, resending completes the sign-up.
    expect((await httpApi('/api/auth/signup/resend', { email })).status).toBe(202);
    const delivered = fake.sentTo(email);
    expect(delivered).toHaveLength(1);
    const verified = await api('/api/auth/signup/verify', { ip: uniqueIp(), json: { email, code: codeIn(delivered[0]!.text) } });
    expect(verified.status).toBe(201);
  });

  it('still answers 202 to forgot-password when the provider fails (nothing about the account is revealed)', async () => {
    const person = await buildUser();
    fake.failNext(503);
    const res = await httpApi('/api/auth/password/forgot', { email: person.email });
    expect(res.status).toBe(202);
    const [record] = await testDb().select().from(mailOutbox).where(eq(mailOutbox.to, person.email)).orderBy(desc(mailOutbox.createdAt)).limit(1);
    expect(record).toMatchObject({ transport: 'http', sentAt: null });
    expect(record!.error).toMatch(/503/);
  });

  it('sends the reset code for a real account', async () => {
    const person = await buildUser();
    expect((await httpApi('/api/auth/password/forgot', { email: person.email })).status).toBe(202);
    const [mail] = fake.sentTo(person.email);
    expect(mail!.subject).toMatch(/reset/i);
    const code = codeIn(mail!.text);
    const res = await httpApi('/api/auth/password/reset', { email: person.email, code, password: 'a fresh password', passwordConfirm: 'a fresh password' });
    expect(res.status).toBe(200);
  });
});
