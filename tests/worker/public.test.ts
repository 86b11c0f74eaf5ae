import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactMessages, rateLimits, reportMembers, surveyResponses, waitlist } from '../../db/schema';
import { CONTACT_LIMIT } from '../../worker/routes/contact';
import { WAITLIST_LIMIT } from '../../worker/routes/waitlist';
import { buildReport, buildUser, uniqueEmail, uniqueIp, type BuiltUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; field?: string } }).error;
}

async function contactRowsFrom(email: string) {
  return testDb().select().from(contactMessages).where(eq(contactMessages.email, email));
}

describe('POST /api/contact', () => {
  const message = (email: string) => ({ name: 'Vera Visitor', email, subject: 'Pricing', message: 'Do you offer student plans?' });

  it('stores a visitor’s message and answers its id', async () => {
    const email = uniqueEmail('contact');
    const res = await api('/api/contact', { json: message(email), ip: uniqueIp() });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string; createdAt: string } };
    expect(data).toEqual({ id: expect.any(String), createdAt: expect.any(String) });
    const rows = await contactRowsFrom(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: data.id, userId: null, name: 'Vera Visitor', subject: 'Pricing', message: 'Do you offer student plans?' });
  });

  it('records who sent it when signed in, and defaults the subject', async () => {
    const me = await buildUser();
    const res = await api('/api/contact', { cookie: me.session, ip: uniqueIp(), json: { name: 'Me', email: me.email, message: 'Hello' } });
    expect(res.status).toBe(201);
    const rows = await contactRowsFrom(me.email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: me.id, subject: '' });
  });

  it('answers 400 naming the field and writes nothing', async () => {
    const email = uniqueEmail('contact-bad');
    const good = message(email);
    for (const [json, field] of [
      [{ ...good, name: undefined }, 'name'],
      [{ ...good, name: '  ' }, 'name'],
      [{ ...good, email: 'not-an-email' }, 'email'],
      [{ ...good, email: undefined }, 'email'],
      [{ ...good, subject: 'x'.repeat(201) }, 'subject'],
      [{ ...good, message: '' }, 'message'],
      [{ ...good, message: 'x'.repeat(5001) }, 'message'],
    ] as const) {
      const res = await api('/api/contact', { json, ip: uniqueIp() });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
    }
    expect(await contactRowsFrom(email)).toEqual([]);
  });

  it(`limits one IP to ${CONTACT_LIMIT.max} messages per window`, async () => {
    const ip = uniqueIp();
    const email = uniqueEmail('contact-flood');
    for (let i = 0; i < CONTACT_LIMIT.max; i++) {
      expect((await api('/api/contact', { json: message(email), ip })).status).toBe(201);
    }
    const res = await api('/api/contact', { json: message(email), ip });
    expect(res.status).toBe(429);
    expect((await errorOf(res)).code).toBe('rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await contactRowsFrom(email)).toHaveLength(CONTACT_LIMIT.max);
    // The limit is counted against the address the client sent (wrangler dev passes CF-Connecting-IP through).
    // Every hit is counted, the refused one too (a window boundary may split them over two rows).
    const counters = await testDb().select().from(rateLimits).where(eq(rateLimits.key, `contact-ip:${ip}`));
    expect(counters.reduce((sum, c) => sum + c.count, 0)).toBe(CONTACT_LIMIT.max + 1);
    // Another address is not affected.
    expect((await api('/api/contact', { json: message(email), ip: uniqueIp() })).status).toBe(201);
  });
});

describe('POST /api/waitlist', () => {
  const rowsFor = (email: string) => testDb().select().from(waitlist).where(sql`lower(${waitlist.email}) = lower(${email})`);

  it('joins once, and answers the same when joining again in another case', async () => {
    const email = uniqueEmail('Wait.List');
    const first = await api('/api/waitlist', { json: { email, source: 'pricing-page' }, ip: uniqueIp() });
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    expect(firstBody).toEqual({ data: { email: email.toLowerCase(), joined: true } });

    const again = await api('/api/waitlist', { json: { email: email.toUpperCase() }, ip: uniqueIp() });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);

    const rows = await rowsFor(email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: email.toLowerCase(), source: 'pricing-page' });
  });

  it('answers 400 naming the field and writes nothing', async () => {
    for (const [json, field] of [
      [{}, 'email'],
      [{ email: 'nope' }, 'email'],
      [{ email: 42 }, 'email'],
      [{ email: uniqueEmail(), source: 'x'.repeat(51) }, 'source'],
    ] as const) {
      const res = await api('/api/waitlist', { json, ip: uniqueIp() });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
      if ('email' in json && typeof json.email === 'string') expect(await rowsFor(json.email)).toEqual([]);
    }
  });

  it(`limits one IP to ${WAITLIST_LIMIT.max} sign-ups per window`, async () => {
    const ip = uniqueIp();
    for (let i = 0; i < WAITLIST_LIMIT.max; i++) {
      expect((await api('/api/waitlist', { json: { email: uniqueEmail('wl-flood') }, ip })).status).toBe(200);
    }
    const blocked = uniqueEmail('wl-flood');
    const res = await api('/api/waitlist', { json: { email: blocked }, ip });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await rowsFor(blocked)).toEqual([]);
  });
});

describe('POST /api/surveys', () => {
  let me: BuiltUser;
  beforeAll(async () => {
    me = await buildUser();
  });

  const answers = { satisfaction: 4, wouldRecommend: true, processEasy: false, metExpectations: true, mostValuableFeature: 'Outline editor', feedback: 'More citation styles, please.' };
  const responsesOf = (userId: string) => testDb().select().from(surveyResponses).where(eq(surveyResponses.userId, userId));

  it('stores my answers', async () => {
    const res = await api('/api/surveys', { cookie: me.session, json: answers });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string } };
    expect(data).toEqual({ id: expect.any(String), createdAt: expect.any(String) });
    const [row] = await testDb().select().from(surveyResponses).where(eq(surveyResponses.id, data.id));
    expect(row).toMatchObject({ userId: me.id, reportId: null, ...answers });
  });

  it('links a report I own or was shared, with the optional texts defaulted', async () => {
    const mine = await buildReport(me.id);
    const other = await buildUser();
    const shared = await buildReport(other.id);
    await testDb().insert(reportMembers).values({ reportId: shared.id, userId: me.id, invitedEmail: me.email, role: 'viewer' });
    for (const reportId of [mine.id, shared.id]) {
      const res = await api('/api/surveys', { cookie: me.session, json: { reportId, satisfaction: 5, wouldRecommend: true, processEasy: true, metExpectations: true } });
      expect(res.status).toBe(201);
      const { data } = (await res.json()) as { data: { id: string } };
      const [row] = await testDb().select().from(surveyResponses).where(eq(surveyResponses.id, data.id));
      expect(row).toMatchObject({ reportId, mostValuableFeature: '', feedback: '' });
    }
  });

  it("answers 404 naming reportId for another user's report and writes nothing", async () => {
    const stranger = await buildUser();
    const theirs = await buildReport(stranger.id, { topic: 'Confidential' });
    const someone = await buildUser();
    for (const reportId of [theirs.id, randomUUID()]) {
      const res = await api('/api/surveys', { cookie: someone.session, json: { ...answers, reportId } });
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(JSON.parse(text).error).toMatchObject({ code: 'not_found', field: 'reportId' });
      expect(text).not.toContain('Confidential');
    }
    expect(await responsesOf(someone.id)).toEqual([]);
  });

  it('answers 400 naming the field and writes nothing', async () => {
    const someone = await buildUser();
    for (const [json, field] of [
      [{ ...answers, satisfaction: 0 }, 'satisfaction'],
      [{ ...answers, satisfaction: 6 }, 'satisfaction'],
      [{ ...answers, satisfaction: 3.5 }, 'satisfaction'],
      [{ ...answers, satisfaction: '5' }, 'satisfaction'],
      [{ ...answers, wouldRecommend: undefined }, 'wouldRecommend'],
      [{ ...answers, processEasy: 'yes' }, 'processEasy'],
      [{ ...answers, metExpectations: null }, 'metExpectations'],
      [{ ...answers, mostValuableFeature: 'x'.repeat(201) }, 'mostValuableFeature'],
      [{ ...answers, feedback: 'x'.repeat(5001) }, 'feedback'],
      [{ ...answers, reportId: 'r-1' }, 'reportId'],
    ] as const) {
      const res = await api('/api/surveys', { cookie: someone.session, json });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
    }
    expect(await responsesOf(someone.id)).toEqual([]);
  });

  it('answers 401 without a session and writes nothing', async () => {
    const feedback = `anonymous ${randomUUID()}`;
    const res = await api('/api/surveys', { json: { ...answers, feedback } });
    expect(res.status).toBe(401);
    const [row] = await testDb().select({ n: count() }).from(surveyResponses).where(and(eq(surveyResponses.feedback, feedback)));
    expect(row!.n).toBe(0);
  });
});

