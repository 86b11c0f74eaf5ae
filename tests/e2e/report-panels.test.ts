// The report page's side panels in a real browser, against a worker pointed at the fake OpenAI:
// start generation and watch each section's progress (the count agreeing with the badges) until
// the job finishes; the references in APA then IEEE; an AI edit streamed and accepted; inviting a
// member and opening a share link; a history snapshot and its preview; DOCX and PDF downloads
// opened as a reader would, and the survey after the first export; the staff pages, for staff only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMeta, sectionPlainText } from '../../core/doc';
import { creditLedger, reportJobs, reportMembers, reportSnapshots, staffAuditLog, surveyResponses } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { testDb } from '../helpers/db';
import { addMember } from '../helpers/members';
import { sharedStackVars } from '../helpers/stack-vars';
import { sampleReport, seedDocument, serverDoc } from '../helpers/yclient';
import { eventually, launchBrowser, newContext, screenshot, signInContext, watchErrors } from './helpers/browser';
import { explainFailure, tracePage, type PageTrace } from './helpers/diagnose';
import { reserveWebPort, startWeb, type RunningWeb } from './helpers/web';
import { fetchWorker } from '../helpers/api';

let openai: FakeOpenAI;
let worker: RunningWorker;
let web: RunningWeb;
let browser: Browser;
let persistTo: string;

beforeAll(async () => {
  const port = await reserveWebPort();
  openai = await startFakeOpenAI();
  persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-e2e-panels-'));
  [worker, browser] = await Promise.all([
    startTestWorker({
      persistTo,
      vars: {
        ...sharedStackVars(),
        APP_ORIGIN: `http://127.0.0.1:${port}`,
        OPENAI_API_KEY: openai.apiKey,
        OPENAI_BASE_URL: openai.baseURL,
        GENERATION_BACKOFF_MS: '50',
      },
    }),
    launchBrowser(),
  ]);
  web = await startWeb({ apiUrl: worker.url, port });
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await worker?.stop();
  await openai?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

/** A report seeded with the sample document (two chapters, three sections, one reference). */
async function seededReport(owner: BuiltUser, topic = 'Tidal energy') {
  const report = await buildReport(owner.id, { topic });
  await seedDocument(report.id, sampleReport(topic));
  return report;
}

/** A signed-in page on the report, once its side panels are there. */
async function reportPage(user: BuiltUser, reportId: string): Promise<{ page: Page; errors: string[]; trace: PageTrace }> {
  const context = await newContext(browser, web.url);
  await signInContext(context, web.url, user.session);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const trace = tracePage(page);
  await page.goto(`/reports/${reportId}`);
  await explainFailure(page, trace, () => eventually(() => page.getByRole('tablist', { name: 'Report tools' }).count()).toBe(1), reportId);
  return { page, errors, trace };
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const panel = (page: Page, name: string) => page.getByRole('tabpanel', { name, exact: true });

describe('generation panel', () => {
  it('starts the job, shows each section written in turn and the job finished', { timeout: 120_000 }, async () => {
    const owner = await buildUser({ fullName: 'Gina Generate', credits: 20 });
    const report = await seededReport(owner);
    // Slow enough to see a section being written while the next ones wait.
    openai.fallback = (req) => {
      const title = /Write section \S+ "([^"]*)"/.exec((req.body.messages ?? []).map((m) => m.content).join('\n'))?.[1] ?? 'Section';
      return { kind: 'text', text: `${title} as the AI wrote it, in several words that stream slowly.`, delayMs: 60, chunkSize: 4 };
    };
    const { page, errors } = await reportPage(owner, report.id);
    const gen = panel(page, 'Generate');
    // Every time the panel changes, note the "n of m written" count and how many section badges say
    // written: the two must never disagree, not even until the job is next asked for.
    // Every state the panel goes through is noted as well ("s11 s12 s21 | job status"), so what
    // was shown while the job ran is checked afterwards, however fast a loaded machine runs it.
    await gen.evaluate((el) => {
      const seen: Array<[number, number]> = [];
      const states: string[] = [];
      Object.assign(window, { progressSeen: seen, panelStates: states });
      new MutationObserver(() => {
        const count = /(\d+) of \d+ sections? written/.exec(el.querySelector('[data-testid="job-summary"]')?.textContent ?? '');
        if (count) seen.push([Number(count[1]), el.querySelectorAll('[data-testid^="section-progress-"][data-status="done"]').length]);
        const badges = ['s11', 's12', 's21'].map((sid) => el.querySelector(`[data-testid="section-progress-${sid}"]`)?.getAttribute('data-status') ?? '-');
        const state = `${badges.join(' ')} | ${el.querySelector('[data-testid="job-status"]')?.textContent ?? '-'}`;
        if (states.at(-1) !== state) states.push(state);
      }).observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await gen.getByRole('button', { name: 'Write the report' }).click();
    // The sample sections had text: it was kept in history first.
    await eventually(() => gen.getByText('The text you had is kept in History').count()).toBe(1);

    const row = (sid: string) => gen.getByTestId(`section-progress-${sid}`);
    await screenshot(page, 'panel-generation-running');

    await eventually(() => gen.getByTestId('job-status').textContent()).toBe('Finished');
    // While it ran, the first section showed as being written with the others waiting, the job as writing.
    const states = await page.evaluate(() => (window as unknown as { panelStates: string[] }).panelStates);
    expect(states).toContainEqual(expect.stringMatching(/^writing queued queued \| /));
    expect(states).toContainEqual(expect.stringMatching(/ \| Writing$/));
    for (const sid of ['s11', 's12', 's21']) await eventually(() => row(sid).getAttribute('data-status')).toBe('done');
    await eventually(() => gen.getByText('3 of 3 sections written').count()).toBe(1);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: Array<[number, number]> }).progressSeen);
    expect(seen.filter(([count, badges]) => count !== badges)).toEqual([]);
    // It was watched all along the way, one section after another.
    expect(seen.map(([count]) => count)).toEqual(expect.arrayContaining([1, 2, 3]));
    const doc = await serverDoc(report.id);
    expect(sectionPlainText(doc, 's12')).toBe('Physics as the AI wrote it, in several words that stream slowly.');
    await screenshot(page, 'panel-generation-finished');
    expect(errors).toEqual([]);
    openai.reset();
  });

  it('retries a failed section and rewrites another, keeping its old text in history', { timeout: 120_000 }, async () => {
    const owner = await buildUser({ credits: 20 });
    const report = await seededReport(owner);
    // The first section's call is refused (a 400 is not retried), the rest are written.
    openai.queue({ kind: 'error', status: 400, message: 'Refused by the fake' });
    openai.fallback = () => ({ kind: 'text', text: 'Written by the fake model.' });
    const { page, errors } = await reportPage(owner, report.id);
    const gen = panel(page, 'Generate');
    const row = (sid: string) => gen.getByTestId(`section-progress-${sid}`);
    await gen.getByRole('button', { name: 'Write the report' }).click();
    await eventually(() => gen.getByTestId('job-status').textContent()).toBe('Finished with failed sections');
    await eventually(() => row('s11').getAttribute('data-status')).toBe('failed');
    expect(await row('s11').textContent()).toContain('Refused by the fake');
    await screenshot(page, 'panel-generation-failed-section');

    await row('s11').getByRole('button', { name: 'Retry' }).click();
    await eventually(() => row('s11').getAttribute('data-status')).toBe('done');
    await eventually(async () => sectionPlainText(await serverDoc(report.id), 's11')).toBe('Written by the fake model.');

    openai.fallback = () => ({ kind: 'text', text: 'Costs, rewritten.' });
    await eventually(() => gen.getByTestId('job-status').textContent()).toBe('Finished');
    await row('s21').getByRole('button', { name: 'Rewrite 2.1 Costs' }).click();
    await row('s21').getByRole('button', { name: 'Rewrite', exact: true }).click();
    await eventually(() => row('s21').getByText('The previous text is in History').count()).toBe(1);
    await eventually(async () => sectionPlainText(await serverDoc(report.id), 's21')).toBe('Costs, rewritten.');
    const snaps = await testDb().select().from(reportSnapshots).where(eq(reportSnapshots.reportId, report.id));
    expect(snaps.map((s) => s.name)).toContain('Before regenerating “Costs”');
    expect(errors).toEqual([]);
    openai.reset();
  });

  it('cancels a running job', { timeout: 120_000 }, async () => {
    const owner = await buildUser({ credits: 20 });
    const report = await seededReport(owner);
    openai.fallback = () => ({ kind: 'text', text: 'A very slow section that takes its time to arrive in the document.', delayMs: 150, chunkSize: 2 });
    const { page, errors } = await reportPage(owner, report.id);
    const gen = panel(page, 'Generate');
    await gen.getByRole('button', { name: 'Write the report' }).click();
    await eventually(() => gen.getByTestId('section-progress-s11').getAttribute('data-status')).toBe('writing');
    await gen.getByRole('button', { name: 'Cancel' }).click();
    await eventually(() => gen.getByTestId('job-status').textContent()).toBe('Cancelled');
    expect(await gen.getByTestId('section-progress-s21').getAttribute('data-status')).not.toBe('done');
    expect(errors).toEqual([]);
    openai.reset();
  });

  it('says why it cannot start without credits, with the balance and a way to buy more', { timeout: 90_000 }, async () => {
    const owner = await buildUser({ credits: 2 });
    const report = await seededReport(owner);
    const { page } = await reportPage(owner, report.id);
    const gen = panel(page, 'Generate');
    await gen.getByRole('button', { name: 'Write the report' }).click();
    const alert = gen.getByRole('alert');
    await eventually(() => alert.textContent()).toContain('Not enough credits: writing this report needs 5 credits and your balance is 2 credits.');
    expect(await alert.getByRole('link', { name: 'Buy credits' }).getAttribute('href')).toBe('/billing');
  });
});

describe('references and AI edit', () => {
  it('lists references in APA, switches everyone to IEEE; streams an AI edit and accepts it', { timeout: 120_000 }, async () => {
    const owner = await buildUser({ fullName: 'Rhea Refs', credits: 10 });
    const report = await seededReport(owner);
    const { page, errors } = await reportPage(owner, report.id);

    await tab(page, 'References').click();
    const refs = panel(page, 'References');
    const entry = refs.getByTestId('reference-entry');
    await eventually(() => entry.textContent()).toBe('Lovelace, A. (2020). Tidal power.');
    await refs.getByLabel('Citation style').selectOption('ieee');
    await eventually(() => entry.textContent()).toBe('[1] A. Lovelace, "Tidal power," 2020.');
    await eventually(async () => readMeta(await serverDoc(report.id)).citationStyle).toBe('ieee');
    await screenshot(page, 'panel-references-ieee');

    await tab(page, 'AI edit').click();
    const edit = panel(page, 'AI edit');
    await edit.getByLabel('Section').selectOption({ label: '1.1 History' });
    await edit.getByRole('button', { name: 'Shorten' }).click();
    expect(await edit.getByLabel('Instruction').inputValue()).toBe('Shorten this section to about half, keeping the key points.');
    const proposal = 'Tide mills ground grain with the tides for centuries, long before turbines.';
    openai.queue({ kind: 'text', text: proposal, delayMs: 40, chunkSize: 6 });
    await edit.getByRole('button', { name: 'Propose a rewrite' }).click();
    const preview = edit.getByTestId('ai-edit-preview');
    // Streamed: part of it shows before the whole.
    await eventually(async () => {
      const v = await preview.inputValue().catch(() => '');
      return v.length > 0 && v.length < proposal.length;
    }).toBe(true);
    await eventually(() => preview.inputValue()).toBe(proposal);
    await screenshot(page, 'panel-ai-edit-proposal');
    expect(openai.requests.at(-1)?.body.messages?.map((m) => m.content).join('\n')).toContain('Shorten this section');
    await edit.getByRole('button', { name: 'Accept' }).click();
    await eventually(() => edit.getByText('The section now holds the accepted text, for everyone.').count()).toBe(1);
    await eventually(async () => sectionPlainText(await serverDoc(report.id), 's11')).toBe(proposal);
    // At phone width the panel stays inside the screen.
    await page.setViewportSize({ width: 375, height: 800 });
    await tab(page, 'References').click();
    expect(await refs.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await screenshot(page, 'panel-references-375');
    expect(errors).toEqual([]);
  });
});

describe('share and history', () => {
  it('invites a member, makes a link another person opens, and takes and previews a snapshot', { timeout: 120_000 }, async () => {
    const owner = await buildUser({ fullName: 'Sara Share' });
    const invitee = await buildUser({ fullName: 'Ian Invitee' });
    const linkUser = await buildUser({ fullName: 'Lena Link' });
    const report = await seededReport(owner, 'Shared tides');
    const { page, errors, trace } = await reportPage(owner, report.id);

    await tab(page, 'Share').click();
    const share = panel(page, 'Share');
    await share.getByLabel('Invite by email').fill(invitee.email);
    await share.getByLabel('Role', { exact: true }).selectOption('viewer');
    await share.getByRole('button', { name: 'Send invitation' }).click();
    await eventually(() => share.getByTestId('member').filter({ hasText: 'Ian Invitee' }).count()).toBe(1);
    const [member] = await testDb().select().from(reportMembers).where(and(eq(reportMembers.reportId, report.id), eq(reportMembers.userId, invitee.id)));
    expect(member?.role).toBe('viewer');

    await share.getByLabel('Link gives').selectOption('editor');
    await share.getByRole('button', { name: 'Create link' }).click();
    const url = await (async () => {
      await eventually(() => share.getByTestId('new-share-link').count()).toBe(1);
      return share.getByTestId('new-share-link').inputValue();
    })();
    expect(url).toMatch(/\/share#.+/);
    await eventually(() => share.getByTestId('share-link').count()).toBe(1);
    await screenshot(page, 'panel-share');

    // Someone else opens the link: they land on the report as an editor.
    const other = await newContext(browser, web.url);
    await signInContext(other, web.url, linkUser.session);
    const otherPage = await other.newPage();
    const otherTrace = tracePage(otherPage);
    await otherPage.goto(new URL(url).pathname + new URL(url).hash);
    await explainFailure(otherPage, otherTrace, () => otherPage.waitForURL(`${web.url}/reports/${report.id}`));
    await eventually(() => tab(otherPage, 'AI edit').count()).toBe(1);
    const [joined] = await testDb().select().from(reportMembers).where(and(eq(reportMembers.reportId, report.id), eq(reportMembers.userId, linkUser.id)));
    expect(joined?.role).toBe('editor');

    // A signed-out visitor logs in first and still lands on the report.
    const late = await buildUser({ fullName: 'Luca Late' });
    const anonymous = await (await newContext(browser, web.url)).newPage();
    const anonymousTrace = tracePage(anonymous);
    await anonymous.goto(new URL(url).pathname + new URL(url).hash);
    await anonymous.waitForURL(`${web.url}/login?next=%2Fshare`);
    await anonymous.getByLabel('Email').fill(late.email);
    await anonymous.getByLabel('Password').fill(late.password);
    await anonymous.getByRole('button', { name: 'Log in' }).click();
    await explainFailure(anonymous, anonymousTrace, () => anonymous.waitForURL(`${web.url}/reports/${report.id}`));
    await eventually(() => tab(anonymous, 'AI edit').count()).toBe(1);

    await tab(page, 'History').click();
    const hist = panel(page, 'History');
    await hist.getByLabel('Snapshot name').fill('Before review');
    await hist.getByRole('button', { name: 'Take a snapshot' }).click();
    await explainFailure(page, trace, () => eventually(() => hist.getByTestId('snapshot').filter({ hasText: 'Before review' }).count()).toBe(1), report.id);
    await hist.getByRole('button', { name: 'Before review' }).click();
    const frame = page.frameLocator('iframe.preview-frame');
    await eventually(() => frame.getByText('Tide mills are old.').count()).toBe(1);
    expect(await frame.locator('h2').first().textContent()).toBe('1.1 History');
    expect(await page.locator('iframe.preview-frame').getAttribute('sandbox')).toBe('');
    await screenshot(page, 'panel-history-preview');

    // Restoring puts the old text back for everyone, keeping what it replaces.
    const editor = await serverDoc(report.id);
    expect(sectionPlainText(editor, 's11')).toBe('Tide mills are old.');
    await fetchWorker(`${worker.url}/api/reports/${report.id}/sections/s11/ai-edit/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `seydam_session=${owner.session}`, origin: web.url },
      body: JSON.stringify({ text: 'Changed after the snapshot.' }),
    });
    await eventually(async () => sectionPlainText(await serverDoc(report.id), 's11')).toBe('Changed after the snapshot.');
    await hist.getByRole('button', { name: 'Restore this version' }).click();
    await hist.getByRole('button', { name: 'Restore', exact: true }).click();
    await eventually(() => hist.getByText('Restored. The text it replaced is in the history as “Before restore of Before review”.').count()).toBe(1);
    await eventually(async () => sectionPlainText(await serverDoc(report.id), 's11')).toBe('Tide mills are old.');
    const snaps = await testDb().select().from(reportSnapshots).where(eq(reportSnapshots.reportId, report.id));
    expect(snaps.map((s) => s.name)).toEqual(expect.arrayContaining(['Before review', 'Before restore of Before review']));
    expect(errors).toEqual([]);
  });
});

describe('export panel', () => {
  it('downloads a PDF with the section text and a DOCX with the headings; the survey comes once', { timeout: 120_000 }, async () => {
    const owner = await buildUser({ fullName: 'Eve Export' });
    const viewer = await buildUser({ fullName: 'Val Viewer' });
    const report = await seededReport(owner, 'Exported tides');
    await addMember(report.id, viewer, 'viewer');
    const { page, errors } = await reportPage(viewer, report.id);
    // A viewer sees no AI edit or share tabs and cannot start writing.
    expect(await tab(page, 'AI edit').count()).toBe(0);
    expect(await tab(page, 'Share').count()).toBe(0);
    expect(await panel(page, 'Generate').getByRole('button', { name: 'Write the report' }).count()).toBe(0);

    await tab(page, 'Export').click();
    const exp = panel(page, 'Export');
    const tmp = mkdtempSync(joinPath(tmpdir(), 'seydam-e2e-export-'));
    try {
      const [pdf] = await Promise.all([page.waitForEvent('download'), exp.getByRole('button', { name: 'Download PDF' }).click()]);
      expect(pdf.suggestedFilename()).toBe('exported-tides.pdf');
      const pdfPath = joinPath(tmp, 'report.pdf');
      await pdf.saveAs(pdfPath);
      const text = execFileSync('/usr/bin/pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
      for (const line of ['1.1 History', 'Tide mills are old.', 'The moon pulls.', 'Costs fall.']) expect(text).toContain(line);

      // The survey, after the first export.
      const survey = page.getByRole('dialog', { name: 'How was it?' });
      await eventually(() => survey.isVisible()).toBe(true);
      await screenshot(page, 'export-survey');
      await survey.getByLabel('4').check();
      await survey.getByRole('group', { name: 'Would you recommend Seydam to a colleague?' }).getByLabel('Yes').check();
      await survey.getByRole('group', { name: 'Was writing the report easy?' }).getByLabel('Yes').check();
      await survey.getByRole('group', { name: 'Did the report meet your expectations?' }).getByLabel('No').check();
      await survey.getByLabel('What was most valuable?').fill('The live export');
      await survey.getByRole('button', { name: 'Send' }).click();
      await eventually(() => survey.getByText('Thank you!').count()).toBe(1);
      await survey.getByRole('button', { name: 'Close' }).first().click();
      const [answer] = await testDb().select().from(surveyResponses).where(eq(surveyResponses.userId, viewer.id));
      expect(answer).toMatchObject({ reportId: report.id, satisfaction: 4, wouldRecommend: true, processEasy: true, metExpectations: false, mostValuableFeature: 'The live export' });

      const [docx] = await Promise.all([page.waitForEvent('download'), exp.getByRole('button', { name: 'Download Word (DOCX)' }).click()]);
      expect(docx.suggestedFilename()).toBe('exported-tides.docx');
      const docxPath = joinPath(tmp, 'report.docx');
      await docx.saveAs(docxPath);
      const zip = await JSZip.loadAsync(readFileSync(docxPath));
      const xml = await zip.file('word/document.xml')!.async('string');
      for (const heading of ['1 Background', '1.1 History', '1.2 Physics', '2 Outlook', '2.1 Costs']) expect(xml).toContain(heading);
      await eventually(() => exp.getByText('Downloaded exported-tides.docx.').count()).toBe(1);
      // Offered once: not again after the second export.
      expect(await survey.isVisible()).toBe(false);
      await screenshot(page, 'panel-export');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
  });
});

describe('staff pages', () => {
  it('are for staff only; staff find a user, grant credits and see it in the audit log', { timeout: 120_000 }, async () => {
    const staff = await buildUser({ fullName: 'Stan Staff', isStaff: true });
    const customer = await buildUser({ fullName: `Cora Customer ${Date.now()}` });

    const plain = await newContext(browser, web.url);
    await signInContext(plain, web.url, customer.session);
    const plainPage = await plain.newPage();
    await plainPage.goto('/staff');
    await eventually(() => plainPage.getByRole('heading', { name: 'Staff only' }).count()).toBe(1);
    expect(await plainPage.getByRole('table').count()).toBe(0);

    const context = await newContext(browser, web.url);
    await signInContext(context, web.url, staff.session);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto('/staff');
    await eventually(() => page.getByRole('heading', { name: 'Users' }).count()).toBe(1);
    await page.getByLabel('Email, name or user id').fill(customer.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: customer.fullName }).click();
    await eventually(() => page.getByTestId('staff-balance').textContent()).toBe('0');
    await page.getByLabel('Credits', { exact: true }).fill('7');
    await page.getByLabel('Reason').fill('Goodwill after an outage');
    await page.getByRole('button', { name: 'Change credits' }).click();
    await eventually(() => page.getByText('Granted 7 credits. Balance now 7.').count()).toBe(1);
    const ledger = await testDb().select().from(creditLedger).where(eq(creditLedger.userId, customer.id));
    expect(ledger.map((e) => e.delta)).toEqual([7]);
    await screenshot(page, 'staff-user');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('credits.grant');
    await page.getByRole('button', { name: 'Filter' }).click();
    const audit = page.getByRole('table', { name: 'Audit log' });
    await eventually(() => audit.getByRole('row').filter({ hasText: customer.id }).count()).toBe(1);
    await screenshot(page, 'staff-audit');

    // A job whose message was lost: staff put it back on the queue.
    const stuck = await buildReport(customer.id, { topic: `Stuck report ${Date.now()}` });
    const [job] = await testDb().insert(reportJobs).values({ reportId: stuck.id, status: 'queued' }).returning();
    await page.getByRole('link', { name: 'Generation jobs' }).click();
    await page.getByRole('button', { name: `Requeue job for ${stuck.topic}` }).click();
    await eventually(() => page.getByText(`Requeued the job for “${stuck.topic}”.`).count()).toBe(1);
    const requeued = await testDb().select().from(staffAuditLog).where(and(eq(staffAuditLog.action, 'jobs.requeue'), eq(staffAuditLog.targetId, job!.id)));
    expect(requeued).toHaveLength(1);
    await screenshot(page, 'staff-jobs');
    expect(errors).toEqual([]);
  });
});
