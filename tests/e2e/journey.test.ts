// One person's whole journey through the app in real browsers (Debian Chromium), against the real
// stack and a worker pointed at the fake OpenAI, the fake scholarly APIs and the fake Stripe: sign
// up with the emailed code → create a report → generate its outline → invite an editor, who sees
// it → both edit the outline and the text and converge → write the report and watch the text grow
// in both browsers → export PDF and DOCX → a viewer link opens read-only → buy credits. The steps
// share their state and run in order; a failed step skips the rest.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readOutline, readReportJson, sectionPlainText } from '../../core/doc';
import { payments, reportMembers, reports, users } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { startFakeOpenAI, type ChatRequestRecord, type FakeOpenAI } from '../fakes/openai';
import { startFakeScholarly, type FakeScholarly } from '../fakes/scholarly';
import { signPayload, startFakeStripe, stripeEvent, type FakeStripe } from '../fakes/stripe';
import { buildUser, uniqueEmail, type BuiltUser } from '../factories';
import { latestCode } from '../helpers/accounts';
import { testDb } from '../helpers/db';
import { sharedStackVars } from '../helpers/stack-vars';
import { serverDoc } from '../helpers/yclient';
import { eventually, launchBrowser, newContext, screenshot, signInContext, watchErrors } from './helpers/browser';
import { explainFailure, tracePage, type PageTrace } from './helpers/diagnose';
import { fillSignUpForm } from './helpers/forms';
import { reserveWebPort, startWeb, type RunningWeb } from './helpers/web';
import { fetchWorker } from '../helpers/api';

const STRIPE_KEY = `sk_test_${randomBytes(12).toString('hex')}`;
const WEBHOOK_SECRET = `whsec_${randomBytes(16).toString('hex')}`;

/** What the fake model proposes as the outline (asked for with response_format json_object). */
const OUTLINE = {
  chapters: [
    { title: 'Introduction', sections: [{ title: 'Why cities run hot', notes: ['definition'] }] },
    { title: 'Evidence', sections: [{ title: 'Measurements', notes: ['satellite data'] }, { title: 'Mitigation', notes: ['green roofs'] }] },
  ],
};

/** The section text the fake model writes for a section title: long enough to be seen growing. */
const writtenText = (title: string) =>
  `${title} as the fake model wrote it, word after word, streamed slowly enough that both people can watch every section of the report grow on their screens.`;
const askedTitle = (req: ChatRequestRecord) => /Write section \S+ "([^"]*)"/.exec((req.body.messages ?? []).map((m) => m.content).join('\n'))?.[1] ?? 'Section';

let openai: FakeOpenAI;
let scholarly: FakeScholarly;
let stripe: FakeStripe;
let worker: RunningWorker;
let web: RunningWeb;
let browser: Browser;
let persistTo: string;
let tmp: string;

beforeAll(async () => {
  // The web origin must be known first: the worker sends Stripe's buyers back to APP_ORIGIN.
  const port = await reserveWebPort();
  [openai, scholarly, stripe] = await Promise.all([startFakeOpenAI(), startFakeScholarly(), startFakeStripe({ secretKey: STRIPE_KEY })]);
  // Outline requests get the outline as JSON; section requests a slow stream.
  // The section both browsers watch ('Mitigation') streams slower, so a loaded machine, whose
  // browsers and worker run late, still shows it growing more than once.
  openai.fallback = (req) =>
    req.body.response_format?.type === 'json_object'
      ? { kind: 'text', text: JSON.stringify(OUTLINE) }
      : { kind: 'text', text: writtenText(askedTitle(req)), delayMs: askedTitle(req) === 'Mitigation' ? 300 : 40, chunkSize: 4 };
  persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-e2e-journey-'));
  tmp = mkdtempSync(joinPath(tmpdir(), 'seydam-e2e-journey-'));
  [worker, browser] = await Promise.all([
    startTestWorker({
      persistTo,
      vars: {
        ...sharedStackVars(),
        APP_ORIGIN: `http://127.0.0.1:${port}`,
        OPENAI_API_KEY: openai.apiKey,
        OPENAI_BASE_URL: openai.baseURL,
        OPENALEX_BASE_URL: scholarly.openAlexUrl,
        CROSSREF_BASE_URL: scholarly.crossrefUrl,
        GENERATION_BACKOFF_MS: '50',
        STRIPE_SECRET_KEY: STRIPE_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: stripe.url,
      },
    }),
    launchBrowser(),
  ]);
  web = await startWeb({ apiUrl: worker.url, port });
});

afterAll(async () => {
  for (const p of [a, b, c]) {
    if (!p) continue;
    // A page with edits the room has not confirmed asks before it is left.
    p.page.on('dialog', (d) => void d.accept());
    await p.page.goto('about:blank').catch(() => undefined);
    await p.context.close().catch(() => undefined);
  }
  await browser?.close();
  await web?.stop();
  await worker?.stop();
  await Promise.all([openai?.stop(), scholarly?.stop(), stripe?.stop()]);
  for (const dir of [persistTo, tmp]) if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** What the page did, for a failed wait to say (helpers/diagnose.ts). */
  trace?: PageTrace;
}

const roomStatus = (page: Page) => page.locator('.room-status').getAttribute('data-status');
/** The editable text of a section. */
const body = (page: Page, sectionId: string): Locator => page.locator(`[data-section-body="${sectionId}"] .tiptap`);
/** The text of an element without the name labels of carets shown in it. */
const textOf = (locator: Locator) =>
  locator.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const label of copy.querySelectorAll('.collaboration-carets__caret, .ai-caret')) label.remove();
    return copy.textContent ?? '';
  });
/** Section numbers and titles as the document shows them, in order. */
const sectionTitles = (page: Page) => page.locator('.doc-section-title').allTextContents();
const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const panel = (page: Page, name: string) => page.getByRole('tabpanel', { name, exact: true });
/** Waits for a frame and the tasks queued with it (the selectionchange of a caret move). */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));

/** Puts the caret at the end of a section's text, once the editor took the move in. */
async function caretAtEnd(page: Page, sectionId: string): Promise<void> {
  await body(page, sectionId).click();
  await page.keyboard.press('Control+End');
  await settle(page);
}

/** Page errors, plus the address of every response the server failed (a console error names none). */
function watchPage(page: Page): string[] {
  const errors = watchErrors(page);
  page.on('response', (res) => {
    if (res.status() >= 500) errors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return errors;
}

/** `user`'s own browser profile on the report page, once the live document is in. */
async function openReport(user: BuiltUser, path: string): Promise<Opened> {
  const context = await newContext(browser, web.url);
  await signInContext(context, web.url, user.session);
  const page = await context.newPage();
  const errors = watchPage(page);
  const trace = tracePage(page);
  await page.goto(path);
  await page.waitForURL(`${web.url}/reports/${reportId}`).catch(async (err: Error) => {
    // Say what the page showed instead (a share link that failed says why in an alert).
    const alerts = await page.getByRole('alert').allTextContents().catch(() => []);
    throw new Error(`${err.message}\nThe page at ${page.url()} showed: ${JSON.stringify(alerts)}; errors: ${JSON.stringify(errors)}`);
  });
  await explainFailure(page, trace, () => expect.poll(() => roomStatus(page), { timeout: 60_000, interval: 100 }).toBe('connected'), reportId);
  return { context, page, errors };
}

/** The section ids of the room's outline, in order. */
async function roomSectionIds(): Promise<string[]> {
  const doc = await serverDoc(reportId);
  try {
    return readOutline(doc).chapters.flatMap((ch) => ch.sections.map((s) => s.id));
  } finally {
    doc.destroy();
  }
}

async function roomText(sectionId: string): Promise<string> {
  const doc = await serverDoc(reportId);
  try {
    return sectionPlainText(doc, sectionId);
  } finally {
    doc.destroy();
  }
}

/**
 * Watches a section in the page itself (no round trips to miss a step) and resolves with the
 * lengths its text had while it was marked as being written, once it grew `times` times.
 */
function watchGrowth(page: Page, sectionId: string, times: number): Promise<number[]> {
  return page.evaluate(
    ({ sectionId, times }) =>
      new Promise<number[]>((resolve, reject) => {
        const seen: number[] = [];
        let grew = 0;
        const started = Date.now();
        const tick = () => {
          const section = document.querySelector(`[data-section-id="${sectionId}"]`);
          const editor = section?.querySelector(`[data-section-body="${sectionId}"] .tiptap`);
          const writing = section?.querySelector('.section-state.state-writing') != null;
          if (editor && writing) {
            const copy = editor.cloneNode(true) as HTMLElement;
            for (const label of copy.querySelectorAll('.collaboration-carets__caret, .ai-caret')) label.remove();
            const length = (copy.textContent ?? '').length;
            if (seen.length > 0 && length > seen[seen.length - 1]!) grew += 1;
            if (seen.length === 0 || length !== seen[seen.length - 1]) seen.push(length);
            if (grew >= times) return resolve(seen);
          }
          if (Date.now() - started > 60_000) return reject(new Error(`section ${sectionId} grew ${grew} times while written (lengths ${seen.join(', ')})`));
          setTimeout(tick, 10);
        };
        tick();
      }),
    { sectionId, times },
  );
}

// State the steps hand on.
let a: Opened | undefined; // the person who signs up and owns the report
let b: Opened | undefined; // the editor they invite
let c: Opened | undefined; // someone opening a viewer link
let ownerEmail: string;
let ownerId: string;
let editor: BuiltUser;
let reportId: string;
let sectionIds: string[];
let finalTitles: string[];
const topic = `Urban heat islands ${Date.now()}`;

// A journey: once a step failed, the later ones cannot mean anything.
let failed = false;
beforeEach((ctx) => {
  if (failed) ctx.skip();
  ctx.onTestFailed(() => {
    failed = true;
  });
});

describe('the journey, from sign-up to buying credits', () => {
  it('signs up with the code from the email', { timeout: 90_000 }, async () => {
    const context = await newContext(browser, web.url);
    const page = await context.newPage();
    a = { context, page, errors: watchPage(page), trace: tracePage(page) };
    ownerEmail = uniqueEmail('e2e-journey');
    await page.goto('/signup');
    await fillSignUpForm(page, { fullName: 'Olga Owner', email: ownerEmail });
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(/\/signup\/verify\?email=/);
    await eventually(() => page.locator('main').textContent()).toContain(ownerEmail);
    await page.getByLabel('Code').fill(await latestCode(ownerEmail));
    await screenshot(page, 'journey-01-signup-code');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL(/\/dashboard$/);
    await eventually(() => page.getByRole('heading', { name: 'Hello, Olga Owner' }).count()).toBe(1);
    expect(await page.locator('.summary').textContent()).toMatch(/Credits used \/ total\s*0 \/ 5/);
    const [user] = await testDb().select().from(users).where(eq(users.email, ownerEmail));
    expect(user?.emailVerifiedAt).toBeTruthy();
    ownerId = user!.id;
    await screenshot(page, 'journey-02-dashboard');
  });

  it('creates a report from the new-report dialog and opens it', { timeout: 90_000 }, async () => {
    const { page } = a!;
    await page.getByRole('button', { name: 'New report' }).click();
    const dialog = page.getByRole('dialog', { name: 'New report' });
    await eventually(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Topic', { exact: true }).fill(topic);
    await dialog.getByLabel('Your understanding of the topic').fill('How cities trap heat and what helps.');
    await dialog.getByLabel('Number of references').selectOption('5');
    await dialog.getByRole('button', { name: 'Create report' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'created' }).textContent()).toContain(`Report “${topic}” created.`);
    const [row] = await testDb().select().from(reports).where(eq(reports.topic, topic));
    expect(row).toMatchObject({ ownerId, description: 'How cities trap heat and what helps.', referenceCount: 5, status: 'draft' });
    reportId = row!.id;

    await page.getByRole('region', { name: 'My reports' }).getByRole('link', { name: topic }).click();
    await page.waitForURL(`${web.url}/reports/${reportId}`);
    await expect.poll(() => roomStatus(page), { timeout: 60_000, interval: 100 }).toBe('connected');
    await eventually(() => page.locator('.document-empty').isVisible()).toBe(true);
    await screenshot(page, 'journey-03-empty-report');
  });

  it('generates the outline, which appears in the document', { timeout: 90_000 }, async () => {
    const { page } = a!;
    await page.getByRole('button', { name: 'Generate outline' }).click();
    await eventually(() => sectionTitles(page)).toEqual(['1.1 Why cities run hot', '2.1 Measurements', '2.2 Mitigation']);
    const outlineCall = openai.requests.find((r) => r.body.response_format?.type === 'json_object');
    expect(outlineCall?.body.messages?.map((m) => m.content).join('\n')).toContain(`Topic: ${topic}`);
    sectionIds = await roomSectionIds();
    expect(sectionIds).toHaveLength(3);
    await screenshot(page, 'journey-04-outline');
  });

  it('invites an editor, who sees the outline in a second browser', { timeout: 90_000 }, async () => {
    editor = await buildUser({ fullName: 'Eddie Editor' });
    const { page } = a!;
    await tab(page, 'Share').click();
    const share = panel(page, 'Share');
    await share.getByLabel('Invite by email').fill(editor.email);
    await share.getByLabel('Role', { exact: true }).selectOption('editor');
    await share.getByRole('button', { name: 'Send invitation' }).click();
    await eventually(() => share.getByTestId('member').filter({ hasText: 'Eddie Editor' }).count()).toBe(1);
    const [member] = await testDb().select().from(reportMembers).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.userId, editor.id)));
    expect(member?.role).toBe('editor');

    b = await openReport(editor, `/reports/${reportId}`);
    await eventually(() => sectionTitles(b!.page)).toEqual(['1.1 Why cities run hot', '2.1 Measurements', '2.2 Mitigation']);
    await eventually(() => b!.page.getByRole('list', { name: 'People here' }).textContent()).toContain('Olga Owner');
    await screenshot(b.page, 'journey-05-editor-sees-outline');
  });

  it('both edit the outline and the text at once, and converge', { timeout: 120_000 }, async () => {
    const [pa, pb] = [a!.page, b!.page];
    // Olga renames a section while Eddie adds one to chapter 2.
    await pa.getByLabel('Title of section 2.1').fill('Measuring urban heat');
    await pb.getByRole('button', { name: 'Add a section to chapter 2 Evidence' }).click();
    await eventually(() => pb.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('New section');
    await pb.keyboard.type('Cool pavements');
    finalTitles = ['1.1 Why cities run hot', '2.1 Measuring urban heat', '2.2 Mitigation', '2.3 Cool pavements'];
    for (const page of [pa, pb]) await eventually(() => sectionTitles(page)).toEqual(finalTitles);
    await eventually(async () => readOutline(await serverDoc(reportId)).chapters.map((ch) => ch.sections.map((s) => s.title))).toEqual([
      ['Why cities run hot'],
      ['Measuring urban heat', 'Mitigation', 'Cool pavements'],
    ]);
    sectionIds = await roomSectionIds();

    const [first, second] = [sectionIds[0]!, sectionIds[1]!];

    // Both type at the same time, each in an empty section of their own.
    await caretAtEnd(pa, first);
    await caretAtEnd(pb, second);
    await Promise.all([pa.keyboard.type('Olga writes here.', { delay: 15 }), pb.keyboard.type('Eddie measures.', { delay: 15 })]);
    for (const page of [pa, pb]) {
      await eventually(() => textOf(body(page, first))).toBe('Olga writes here.');
      await eventually(() => textOf(body(page, second))).toBe('Eddie measures.');
    }
    // Then both in one section at once, Olga at its end and Eddie at its start.
    await caretAtEnd(pa, first);
    await body(pb, first).click();
    await pb.keyboard.press('Control+Home');
    await settle(pb);
    await Promise.all([pa.keyboard.type(' More from Olga.', { delay: 15 }), pb.keyboard.type('Eddie starts. ', { delay: 15 })]);
    const merged = 'Eddie starts. Olga writes here. More from Olga.';
    const seen = async () => ({ a: await textOf(body(pa, first)), b: await textOf(body(pb, first)), room: await roomText(first) });
    await eventually(seen).toEqual({ a: merged, b: merged, room: merged });
    expect(await roomText(second)).toBe('Eddie measures.');
    await eventually(() => roomStatus(pa)).toBe('connected');
    await screenshot(pa, 'journey-06-both-edited');
  });

  it('writes the report with the fake model; both browsers watch the text grow', { timeout: 150_000 }, async () => {
    const [pa, pb] = [a!.page, b!.page];
    const gen = panel(pa, 'Generate');
    await tab(pa, 'Generate').click();
    // Watched from the start: the later sections are written while the first ones wait.
    const watched = sectionIds[2]!;
    const growth = Promise.all([watchGrowth(pa, watched, 2), watchGrowth(pb, watched, 2)]);
    await gen.getByRole('button', { name: 'Write the report' }).click();
    // The text typed before was kept in history first.
    await eventually(() => gen.getByText('The text you had is kept in History').count()).toBe(1);
    const [inA, inB] = await growth;
    // Seen while the job still ran: the panel has not said "Finished" yet.
    expect(await gen.getByTestId('job-status').textContent()).toBe('Writing');
    for (const lengths of [inA, inB]) {
      expect(lengths.length).toBeGreaterThanOrEqual(3);
      expect(lengths.at(-1)!).toBeLessThan(writtenText('Mitigation').length);
    }
    await screenshot(pa, 'journey-07-writing');
    await screenshot(pb, 'journey-07-writing-editor');

    await eventually(() => gen.getByTestId('job-status').textContent()).toBe('Finished');
    const titles = ['Why cities run hot', 'Measuring urban heat', 'Mitigation', 'Cool pavements'];
    for (const page of [pa, pb]) {
      for (const [i, sid] of sectionIds.entries()) await eventually(() => textOf(body(page, sid))).toBe(writtenText(titles[i]!));
    }
    expect(await roomText(sectionIds[3]!)).toBe(writtenText('Cool pavements'));
    await eventually(async () => (await testDb().select().from(reports).where(eq(reports.id, reportId)))[0]?.status).toBe('completed');
    await screenshot(pa, 'journey-08-written');
    await screenshot(pb, 'journey-08-written-editor');
  });

  it('exports a PDF holding the section text and a DOCX holding the headings', { timeout: 120_000 }, async () => {
    const { page } = a!;
    await tab(page, 'Export').click();
    const exp = panel(page, 'Export');
    const [pdf] = await Promise.all([page.waitForEvent('download'), exp.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(pdf.suggestedFilename()).toMatch(/^urban-heat-islands.*\.pdf$/);
    const pdfPath = joinPath(tmp, 'report.pdf');
    await pdf.saveAs(pdfPath);
    // Lines wrap in the PDF: compare with the whitespace folded.
    const text = execFileSync('/usr/bin/pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const title of ['Why cities run hot', 'Measuring urban heat', 'Mitigation', 'Cool pavements']) expect(text).toContain(writtenText(title));
    // The survey comes after the first export; Olga closes it.
    const survey = page.getByRole('dialog', { name: 'How was it?' });
    await eventually(() => survey.isVisible()).toBe(true);
    await survey.getByRole('button', { name: 'Close' }).first().click();
    await eventually(() => survey.isVisible()).toBe(false);

    const [docx] = await Promise.all([page.waitForEvent('download'), exp.getByRole('button', { name: 'Download Word (DOCX)' }).click()]);
    expect(docx.suggestedFilename()).toMatch(/^urban-heat-islands.*\.docx$/);
    const docxPath = joinPath(tmp, 'report.docx');
    await docx.saveAs(docxPath);
    const xml = await (await JSZip.loadAsync(readFileSync(docxPath))).file('word/document.xml')!.async('string');
    for (const heading of ['1 Introduction', '1.1 Why cities run hot', '2 Evidence', ...finalTitles.slice(1)]) expect(xml).toContain(heading);
    await screenshot(page, 'journey-09-exported');
  });

  it('makes a viewer link; who opens it reads only, and typing changes nothing', { timeout: 120_000 }, async () => {
    const { page } = a!;
    await tab(page, 'Share').click();
    const share = panel(page, 'Share');
    await share.getByLabel('Link gives').selectOption('viewer');
    await share.getByRole('button', { name: 'Create link' }).click();
    await eventually(() => share.getByTestId('new-share-link').count()).toBe(1);
    const url = new URL(await share.getByTestId('new-share-link').inputValue());
    expect(url.pathname).toBe('/share');
    expect(url.hash.length).toBeGreaterThan(1);
    await screenshot(page, 'journey-10-share-link');

    const reader = await buildUser({ fullName: 'Vera Viewer' });
    c = await openReport(reader, url.pathname + url.hash);
    const [joined] = await testDb().select().from(reportMembers).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.userId, reader.id)));
    expect(joined?.role).toBe('viewer');
    const pc = c.page;
    const first = sectionIds[0]!;
    await eventually(() => pc.getByText('View only', { exact: true }).isVisible()).toBe(true);
    expect(await pc.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);
    expect(await body(pc, first).getAttribute('contenteditable')).toBe('false');
    await eventually(() => textOf(body(pc, first))).toBe(writtenText('Why cities run hot'));

    const before = await serverDoc(reportId);
    const beforeJson = readReportJson(before);
    const beforeState = Y.encodeStateVector(before);
    before.destroy();
    await body(pc, first).click();
    await pc.keyboard.type('Viewer was here');
    await pc.keyboard.press('Enter');
    await pc.keyboard.press('Backspace');
    // Give anything sent time to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of [pc, page]) expect(await textOf(body(p, first))).toBe(writtenText('Why cities run hot'));
    const after = await serverDoc(reportId);
    expect(readReportJson(after)).toEqual(beforeJson);
    expect(Y.encodeStateVector(after)).toEqual(beforeState);
    after.destroy();
    await screenshot(pc, 'journey-11-viewer');
  });

  it('buys credits through the (fake) Stripe checkout', { timeout: 120_000 }, async () => {
    const { page, trace } = a!;
    await page.goto('/billing');
    // The 5 sign-up credits went on the report.
    await explainFailure(page, trace!, () => eventually(() => page.getByTestId('balance').textContent()).toBe('0'));
    await page.getByRole('button', { name: 'Buy 25 credits for $11.25' }).click();
    await page.waitForURL(`${stripe.url}/c/pay/**`);
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    await screenshot(page, 'journey-12-checkout');
    await page.getByRole('button', { name: 'Pay 11.25 USD' }).click();
    await page.waitForURL(`${web.url}/billing?checkout=success&session_id=${sessionId}`);

    // Stripe's webhook, signed as Stripe signs it.
    const payload = JSON.stringify(stripeEvent('checkout.session.completed', stripe.sessions.get(sessionId)!));
    const res = await fetchWorker(`${worker.url}/api/billing/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': await signPayload(payload, WEBHOOK_SECRET) },
      body: payload,
    });
    expect(res.status).toBe(200);
    await eventually(() => page.getByTestId('checkout-result').textContent()).toContain('Payment confirmed: $11.25. 25 credits added to your balance.');
    await eventually(() => page.getByTestId('balance').textContent()).toBe('25');
    const [paid] = await testDb().select().from(payments).where(eq(payments.userId, ownerId));
    expect(paid).toMatchObject({ status: 'paid', credits: 25, checkoutSessionId: sessionId });
    await screenshot(page, 'journey-13-credits-bought');

    // Nothing went wrong in any browser along the way.
    expect([...a!.errors, ...b!.errors, ...c!.errors]).toEqual([]);
  });
});
