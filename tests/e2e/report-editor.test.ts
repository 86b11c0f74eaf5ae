// The live report page in real browsers (Debian Chromium), one browser context per person, against
// the real stack: the outline edited by two people at once (add, rename, keyboard and drag moves),
// both typing in one section and converging (also at once into an empty one), formatting crossing over (toolbar and shortcuts),
// undo limited to one's own edits, a table and an uploaded image, presence, the AI writing a
// section and citations, a viewer who can change nothing (checked in the room's own copy too), an
// edit made offline merging on reconnect, the outline generated from the page, a refused token
// replaced, a member demoted or removed while the page is open, and the page at 375 px.
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutline, readReportJson, sectionFragment, sectionPlainText } from '../../core/doc';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { api } from '../helpers/api';
import { addMember } from '../helpers/members';
import { roomCall, sampleReport, seedDocument, serverDoc } from '../helpers/yclient';
import { eventually, launchBrowser, newContext, screenshot, signInContext, watchErrors } from './helpers/browser';
import { explainFailure, tracePage, type PageTrace } from './helpers/diagnose';
import { startWeb, type RunningWeb } from './helpers/web';

let web: RunningWeb;
let browser: Browser;

beforeAll(async () => {
  [web, browser] = await Promise.all([startWeb(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** What the page did, for a failed wait to say (helpers/diagnose.ts). */
  trace: PageTrace;
}

/** `user`'s own browser profile on the report page, once the live document is in. */
async function openReport(user: BuiltUser, reportId: string, viewport?: { width: number; height: number }): Promise<Opened> {
  const context = await newContext(browser, web.url, viewport);
  await signInContext(context, web.url, user.session);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const trace = tracePage(page);
  await page.goto(`/reports/${reportId}`);
  // Patient: the first visit of a run waits for the dev server to bundle the editor.
  await explainFailure(page, trace, () => expect.poll(() => roomStatus(page), { timeout: 60_000, interval: 100 }).toBe('connected'), reportId);
  return { context, page, errors, trace };
}

/** Leaves the page first, so its room socket closes cleanly before the profile goes away. */
async function closeAll(...opened: Array<Pick<Opened, 'page' | 'context'>>): Promise<void> {
  await Promise.all(
    opened.map(async ({ page, context }) => {
      // A page with edits the room has not confirmed asks before it is left.
      page.on('dialog', (d) => void d.accept());
      await page.goto('about:blank').catch(() => undefined);
      await context.close();
    }),
  );
}

/** A report of `owner` with two chapters and three sections (sampleReport), an editor and a viewer. */
async function sharedReport(topic: string) {
  const owner = await buildUser({ fullName: 'Olga Owner' });
  const editor = await buildUser({ fullName: 'Eddie Editor' });
  const viewer = await buildUser({ fullName: 'Vera Viewer' });
  const report = await buildReport(owner.id, { topic, status: 'outlined' });
  await seedDocument(report.id, sampleReport(topic));
  const editorMember = await addMember(report.id, editor, 'editor');
  const viewerMember = await addMember(report.id, viewer, 'viewer');
  return { owner, editor, viewer, report, editorMember, viewerMember };
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
const outlineRow = (page: Page, sectionId: string) => page.locator(`[data-outline-section="${sectionId}"]`);

/**
 * Puts the caret at the end of a section's text, and lets the editor take the move in: ProseMirror
 * reads the caret from the browser's selectionchange event, and a key pressed before that event
 * ran (as a script presses it, never a person) would act on the previous selection.
 */
async function caretAtEnd(page: Page, sectionId: string): Promise<void> {
  await body(page, sectionId).click();
  await page.keyboard.press('Control+End');
  await settle(page);
}

/** Waits for a frame and the tasks queued with it (the selectionchange of a caret move). */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));

/** A plain-coloured PNG of `width` × `height` (big enough to click). */
function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3).map((_, i) => rgb[i % 3] as number)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** The room's own copy of the document (what Postgres will get). */
async function roomJson(reportId: string) {
  const doc = await serverDoc(reportId);
  try {
    return readReportJson(doc);
  } finally {
    doc.destroy();
  }
}

async function roomText(reportId: string, sectionId: string): Promise<string> {
  const doc = await serverDoc(reportId);
  try {
    return sectionPlainText(doc, sectionId);
  } finally {
    doc.destroy();
  }
}

describe('outline editing, live for everyone', () => {
  it('shows each person’s additions, renames, keyboard moves and drags to the other', { timeout: 120_000 }, async () => {
    const { owner, editor, report } = await sharedReport(`Tidal outline ${Date.now()}`);
    const a = await openReport(owner, report.id);
    const b = await openReport(editor, report.id);
    expect(await sectionTitles(b.page)).toEqual(['1.1 History', '1.2 Physics', '2.1 Costs']);

    // Olga adds a section to chapter 1; its title field takes the typing at once.
    await a.page.getByRole('button', { name: 'Add a section to chapter 1 Background' }).click();
    await eventually(() => a.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('New section');
    await a.page.keyboard.type('Tidal lagoons');
    await eventually(() => sectionTitles(b.page)).toEqual(['1.1 History', '1.2 Physics', '1.3 Tidal lagoons', '2.1 Costs']);

    // Eddie renames "Physics" in his outline; Olga's document follows.
    await b.page.getByLabel('Title of section 1.2').fill('Physics of tides');
    await eventually(() => sectionTitles(a.page)).toEqual(['1.1 History', '1.2 Physics of tides', '1.3 Tidal lagoons', '2.1 Costs']);

    // Olga moves "Tidal lagoons" up with the keyboard; focus stays on the moved section's button.
    const moveUp = a.page.getByRole('button', { name: 'Move section 1.3 Tidal lagoons up' });
    await moveUp.focus();
    await a.page.keyboard.press('Enter');
    await eventually(() => sectionTitles(b.page)).toEqual(['1.1 History', '1.2 Tidal lagoons', '1.3 Physics of tides', '2.1 Costs']);
    await eventually(() => a.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move section 1.2 Tidal lagoons up');
    // Once more: now first, it can only go down, and the focus moves to that button.
    await a.page.keyboard.press('Enter');
    await eventually(() => sectionTitles(b.page)).toEqual(['1.1 Tidal lagoons', '1.2 History', '1.3 Physics of tides', '2.1 Costs']);
    await eventually(() => a.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move section 1.1 Tidal lagoons down');

    // Eddie drags "Costs" (chapter 2) onto the top half of "History" (chapter 1).
    const sections = readOutline(await serverDoc(report.id)).chapters.flatMap((c) => c.sections);
    const costs = sections.find((s) => s.title === 'Costs')!;
    const history = sections.find((s) => s.title === 'History')!;
    const target = outlineRow(b.page, history.id);
    const box = (await target.boundingBox())!;
    await outlineRow(b.page, costs.id).locator('.drag-handle').dragTo(target, { targetPosition: { x: box.width / 2, y: 4 } });
    await eventually(() => sectionTitles(a.page)).toEqual(['1.1 Tidal lagoons', '1.2 Costs', '1.3 History', '1.4 Physics of tides']);

    // The room holds the same outline, with the section ids unchanged by the moves.
    await eventually(async () => readOutline(await serverDoc(report.id)).chapters.map((c) => [c.title, c.sections.map((s) => s.title)])).toEqual([
      ['Background', ['Tidal lagoons', 'Costs', 'History', 'Physics of tides']],
      ['Outlook', []],
    ]);
    const after = readOutline(await serverDoc(report.id)).chapters[0]!.sections;
    expect(after.find((s) => s.title === 'Costs')!.id).toBe(costs.id);
    // Bodies travel with their sections.
    expect(await textOf(body(a.page, costs.id))).toBe('Costs fall.');
    await screenshot(a.page, 'report-outline-editing');
    expect([...a.errors, ...b.errors]).toEqual([]);
    await closeAll(a, b);
  });
});

describe('section text, live for everyone', () => {
  it('converges when two people type in one section, carries formatting across, and shows who is here', { timeout: 120_000 }, async () => {
    const { owner, editor, report } = await sharedReport(`Tidal text ${Date.now()}`);
    const a = await openReport(owner, report.id);
    const b = await openReport(editor, report.id);

    // Presence: both avatars on both pages.
    for (const { page } of [a, b]) {
      await eventually(() => page.getByRole('list', { name: 'People here' }).textContent()).toContain('Olga Owner');
      await eventually(() => page.getByRole('list', { name: 'People here' }).textContent()).toContain('Eddie Editor');
    }
    expect(await a.page.getByRole('list', { name: 'People here' }).textContent()).toContain('Olga Owner (you)');

    // Olga's status goes to "saving" while her typing is on its way, and back to "connected".
    await a.page.evaluate(() => {
      const el = document.querySelector('.room-status') as HTMLElement;
      const seen: string[] = [];
      (window as unknown as { statuses: string[] }).statuses = seen;
      new MutationObserver(() => seen.push(el.dataset.status ?? '')).observe(el, { attributes: true, attributeFilter: ['data-status'] });
    });
    // Both type into section 1.1 at the same time, Olga at its end and Eddie at its start. (Typing
    // at the very same spot interleaves the two runs, as in any CRDT editor; nothing is lost.)
    await caretAtEnd(a.page, 's11');
    await body(b.page, 's11').click();
    await b.page.keyboard.press('Control+Home');
    await settle(b.page);
    await Promise.all([a.page.keyboard.type(' Olga adds this.', { delay: 15 }), b.page.keyboard.type('Eddie adds that. ', { delay: 15 })]);
    for (const { page } of [a, b]) {
      await eventually(() => textOf(body(page, 's11'))).toBe('Eddie adds that. Tide mills are old. Olga adds this.');
    }
    // Then both at the very same spot: the runs may interleave, but both pages and the room end
    // with the same text, every character of both runs in it.
    await caretAtEnd(a.page, 's11');
    await caretAtEnd(b.page, 's11');
    const before = await textOf(body(a.page, 's11'));
    await Promise.all([a.page.keyboard.type(' [Olga]', { delay: 20 }), b.page.keyboard.type(' [Eddie]', { delay: 20 })]);
    await eventually(() => textOf(body(a.page, 's11')).then((t) => t.length)).toBe(before.length + ' [Olga]'.length + ' [Eddie]'.length);
    await eventually(() => textOf(body(b.page, 's11'))).toBe(await textOf(body(a.page, 's11')));
    const sorted = (t: string) => [...t].sort().join('');
    expect(sorted(await textOf(body(a.page, 's11')))).toBe(sorted(before + ' [Olga] [Eddie]'));
    expect(await textOf(body(a.page, 's11'))).toBe(await textOf(body(b.page, 's11')));
    await eventually(() => roomStatus(a.page)).toBe('connected');
    expect(await a.page.evaluate(() => (window as unknown as { statuses: string[] }).statuses)).toContain('saving');
    await eventually(() => roomText(report.id, 's11')).toBe(await textOf(body(a.page, 's11')));
    await eventually(() => roomStatus(a.page)).toBe('connected');

    // Eddie's caret shows in Olga's editor with his name.
    await eventually(() => a.page.locator('[data-section-body="s11"] .collaboration-carets__label').allTextContents()).toContain('Eddie Editor');

    // Olga bolds new words and makes a heading; Eddie sees both.
    await caretAtEnd(a.page, 's12');
    await a.page.keyboard.type(' Strong claim');
    for (let i = 0; i < 'Strong claim'.length; i++) await a.page.keyboard.press('Shift+ArrowLeft');
    await settle(a.page);
    await a.page.getByRole('button', { name: 'Bold' }).click();
    await eventually(() => textOf(body(b.page, 's12').locator('strong'))).toBe('Strong claim');
    // A new block after the bold words. The new line reaches the room with an empty text already in
    // it, so two people who start typing there together write into one text (core/doc/text-blocks.ts).
    await caretAtEnd(a.page, 's12');
    await a.page.keyboard.press('Enter');
    const lastBlock = async () => {
      const fragment = sectionFragment(await serverDoc(report.id), 's12')!;
      const last = fragment.get(fragment.length - 1) as Y.XmlElement;
      return fragment.length > 1 ? last.toArray().map((child) => (child instanceof Y.XmlText ? `text:${child.length}` : (child as Y.XmlElement).nodeName)) : null;
    };
    await eventually(lastBlock).toEqual(['text:0']);
    await a.page.keyboard.type('Tidal range');
    // The typing went into that text: still one.
    await eventually(lastBlock).toEqual(['text:11']);
    await a.page.getByLabel('Text style').selectOption('3');
    await eventually(() => textOf(body(b.page, 's12').locator('h3'))).toBe('Tidal range');
    // The heading shows in Eddie's contents panel.
    await b.page.getByRole('tab', { name: 'Contents' }).click();
    await eventually(() => b.page.getByRole('navigation', { name: 'Contents' }).getByRole('button', { name: 'Tidal range' }).count()).toBe(1);
    // Centred from the toolbar.
    await a.page.getByRole('button', { name: 'Align centre' }).click();
    await eventually(() => body(b.page, 's12').locator('h3').getAttribute('style')).toContain('text-align: center');
    await a.page.getByLabel('Line spacing').selectOption('1.5');
    await eventually(() => body(b.page, 's12').locator('h3').getAttribute('style')).toContain('line-height: 1.5');
    // A keyboard shortcut: Ctrl+I on the last word of section 2.1.
    await caretAtEnd(a.page, 's21');
    for (let i = 0; i < 'fall.'.length; i++) await a.page.keyboard.press('Shift+ArrowLeft');
    await settle(a.page);
    await a.page.keyboard.press('Control+i');
    await eventually(() => textOf(body(b.page, 's21').locator('em'))).toBe('fall.');

    // The room's copy has the marks and the heading in core/doc's schema.
    await eventually(async () => (await roomJson(report.id)).sections.s12?.[1]).toMatchObject({ type: 'heading', attrs: { level: 3, textAlign: 'center', lineHeight: '1.5' } });
    const s12 = (await roomJson(report.id)).sections.s12!;
    expect(s12[0]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: 'The moon pulls. ' }, { type: 'text', text: 'Strong claim', marks: [{ type: 'bold' }] }],
    });
    expect(s12).toHaveLength(2);
    await screenshot(a.page, 'report-editor');
    await screenshot(b.page, 'report-editor-second-user');
    expect([...a.errors, ...b.errors]).toEqual([]);
    await closeAll(a, b);
  });

  it('keeps every character, and nothing more, when two people type at once into the same empty section', { timeout: 150_000 }, async () => {
    // Several rounds, each in a section of its own that starts empty.
    const rounds = ['e1', 'e2', 'e3', 'e4', 'e5'];
    const owner = await buildUser({ fullName: 'Olga Owner' });
    const editor = await buildUser({ fullName: 'Eddie Editor' });
    const report = await buildReport(owner.id, { topic: `Tidal blank ${Date.now()}`, status: 'outlined' });
    await seedDocument(report.id, {
      title: 'Tidal blank',
      outline: { chapters: [{ id: 'ch1', title: 'Blank pages', sections: rounds.map((id, i) => ({ id, title: `Round ${i + 1}` })) }] },
      sections: {},
    });
    await addMember(report.id, editor, 'editor');
    const a = await openReport(owner, report.id);
    const b = await openReport(editor, report.id);
    const sorted = (t: string) => [...t].sort().join('');
    /** True when `part`'s characters appear in `whole` in their order (the other person's may fall between them). */
    const inOrder = (whole: string, part: string) => {
      let at = 0;
      for (const ch of whole) if (ch === part[at]) at += 1;
      return at === part.length;
    };

    for (const [i, sid] of rounds.entries()) {
      // No character in common between the two, so an extra or a missing one shows whose it was.
      const olga = `olga${i}-abcdefg`;
      const eddie = `EDDIE${i + 5}+VWXYZ`;
      for (const { page } of [a, b]) {
        await body(page, sid).click();
        await settle(page);
      }
      expect(await textOf(body(a.page, sid))).toBe('');
      await Promise.all([a.page.keyboard.type(olga, { delay: 25 }), b.page.keyboard.type(eddie, { delay: 25 })]);
      // Each page holds all its own typing, so once they agree each has the other's too.
      const texts = () => Promise.all([textOf(body(a.page, sid)), textOf(body(b.page, sid))]);
      await eventually(async () => new Set(await texts()).size).toBe(1);
      const text = await textOf(body(a.page, sid));
      expect(sorted(text), `round ${i + 1}: ${text}`).toBe(sorted(olga + eddie));
      expect(inOrder(text, olga), `round ${i + 1}: ${text}`).toBe(true);
      expect(inOrder(text, eddie), `round ${i + 1}: ${text}`).toBe(true);
      // The room holds the same text, in the one paragraph the section started with.
      await eventually(() => roomText(report.id, sid)).toBe(text);
      expect((await roomJson(report.id)).sections[sid]?.map((blk) => blk.type)).toEqual(['paragraph']);
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
    await closeAll(a, b);
  });

  it('undoes only one’s own edits', { timeout: 90_000 }, async () => {
    const { owner, editor, report } = await sharedReport(`Tidal undo ${Date.now()}`);
    const a = await openReport(owner, report.id);
    const b = await openReport(editor, report.id);
    await caretAtEnd(b.page, 's21');
    await b.page.keyboard.type(' Eddie stays.');
    await eventually(() => textOf(body(a.page, 's21'))).toContain('Eddie stays.');
    await caretAtEnd(a.page, 's21');
    await a.page.keyboard.type(' Olga goes.');
    await eventually(() => textOf(body(b.page, 's21'))).toContain('Olga goes.');
    await a.page.keyboard.press('Control+z');
    for (const { page } of [a, b]) {
      await eventually(() => textOf(body(page, 's21'))).toBe('Costs fall. Eddie stays.');
    }
    await a.page.keyboard.press('Control+Shift+z');
    await eventually(() => textOf(body(b.page, 's21'))).toBe('Costs fall. Eddie stays. Olga goes.');
    await closeAll(a, b);
  });

  it('inserts a table and an uploaded image that the other person sees', { timeout: 90_000 }, async () => {
    const { owner, editor, report } = await sharedReport(`Tidal figures ${Date.now()}`);
    const a = await openReport(owner, report.id);
    const b = await openReport(editor, report.id);
    await caretAtEnd(a.page, 's21');
    await a.page.getByRole('button', { name: 'Insert table' }).click();
    await eventually(() => body(b.page, 's21').locator('table tr').count()).toBe(3);
    await a.page.keyboard.type('Cost');
    await eventually(() => textOf(body(b.page, 's21').locator('th').first())).toBe('Cost');

    // A PNG through the uploads API, inserted with its address.
    const png = solidPng(120, 60, [47, 91, 211]);
    await caretAtEnd(a.page, 's11');
    await a.page.getByLabel('Image file').setInputFiles({ name: 'tide-chart.png', mimeType: 'image/png', buffer: png });
    const img = body(b.page, 's11').locator('figure.report-figure img');
    await eventually(() => img.getAttribute('src')).toMatch(new RegExp(`^${web.url}/api/reports/${report.id}/uploads/[0-9a-f-]+/content$`));
    expect(await img.getAttribute('alt')).toBe('tide-chart');
    // Caption and width from the image controls, once the image is selected.
    await body(a.page, 's11').locator('figure.report-figure img').click();
    await eventually(() => a.page.getByRole('group', { name: 'Image' }).count()).toBe(1);
    await a.page.getByRole('group', { name: 'Image' }).getByLabel('Caption').fill('Figure 1. Tide chart');
    await a.page.getByRole('group', { name: 'Image' }).getByLabel('Caption').press('Enter');
    await a.page.getByRole('group', { name: 'Image' }).getByLabel('Width').selectOption('50%');
    await eventually(() => body(b.page, 's11').locator('figcaption').textContent()).toBe('Figure 1. Tide chart');
    await eventually(() => img.evaluate((el) => (el as HTMLImageElement).style.width)).toBe('50%');
    const image = (await roomJson(report.id)).sections.s11!.find((blk) => blk.type === 'image');
    expect(image?.attrs).toMatchObject({ alt: 'tide-chart', caption: 'Figure 1. Tide chart', width: '50%' });
    await screenshot(b.page, 'report-editor-table-image');
    expect([...a.errors, ...b.errors]).toEqual([]);
    await closeAll(a, b);
  });
});

describe('what the AI writes', () => {
  it('shows a section being written with the AI’s caret, a failure with its reason, and citations in the report’s style', { timeout: 90_000 }, async () => {
    const { owner, viewer, report } = await sharedReport(`Tidal AI ${Date.now()}`);
    const a = await openReport(owner, report.id);
    const c = await openReport(viewer, report.id);
    // What the generation job does, through the room's internal endpoint.
    const ops = async (list: unknown[]) => {
      const res = await roomCall(report.id, '/internal/ops', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ops: list }) });
      expect(res.status).toBe(200);
    };
    await ops([
      { type: 'setSectionState', sectionId: 's21', state: { status: 'writing', writer: 'Seydam AI' } },
      { type: 'appendText', sectionId: 's21', text: ' Turbines get cheaper' },
    ]);
    for (const { page } of [a, c]) {
      const section = page.locator('[data-section-id="s21"]');
      await eventually(() => section.locator('.section-state').textContent()).toBe('Writing… by Seydam AI');
      await eventually(() => section.locator('.ai-caret-label').textContent()).toBe('Seydam AI');
      await eventually(() => textOf(body(page, 's21'))).toBe('Costs fall. Turbines get cheaper');
    }
    await ops([{ type: 'appendText', sectionId: 's21', text: ' every year.' }]);
    await eventually(() => textOf(body(c.page, 's21'))).toBe('Costs fall. Turbines get cheaper every year.');
    await screenshot(c.page, 'report-ai-writing');

    await ops([{ type: 'setSectionState', sectionId: 's21', state: { status: 'failed', error: 'The model stopped answering.' } }]);
    await eventually(() => a.page.locator('[data-section-id="s21"] .section-state').textContent()).toBe('Failed: The model stopped answering.');
    expect(await a.page.locator('[data-section-id="s21"] .ai-caret').count()).toBe(0);

    // A citation of the report's reference, in APA, with the full source on hover.
    await ops([{ type: 'setSectionBlocks', sectionId: 's12', blocks: [{ type: 'paragraph', content: [{ type: 'text', text: 'The moon pulls ' }, { type: 'citation', attrs: { refId: 'ref1' } }, { type: 'text', text: '.' }] }] }]);
    const citation = c.page.locator('[data-section-body="s12"] .citation');
    await eventually(() => citation.textContent()).toBe('(Lovelace, 2020)');
    expect(await citation.getAttribute('title')).toContain('Tidal power');
    await ops([{ type: 'setMeta', citationStyle: 'ieee' }]);
    await eventually(() => citation.textContent()).toBe('[1]');
    expect([...a.errors, ...c.errors]).toEqual([]);
    await closeAll(a, c);
  });
});

describe('a viewer', () => {
  it('sees "View only" and changes nothing, in either browser or in the room', { timeout: 90_000 }, async () => {
    const { owner, viewer, report } = await sharedReport(`Tidal viewing ${Date.now()}`);
    const a = await openReport(owner, report.id);
    const c = await openReport(viewer, report.id);
    const before = await roomJson(report.id);
    const beforeState = Y.encodeStateVector(await serverDoc(report.id));

    await eventually(() => c.page.getByText('View only', { exact: true }).isVisible()).toBe(true);
    expect(await c.page.getByRole('toolbar', { name: 'Formatting' }).count()).toBe(0);
    expect(await c.page.getByRole('button', { name: /Add a section/ }).count()).toBe(0);
    expect(await c.page.getByRole('button', { name: '+ Add chapter' }).count()).toBe(0);
    expect(await body(c.page, 's11').getAttribute('contenteditable')).toBe('false');
    // The viewer is present for the others.
    await eventually(() => a.page.getByRole('list', { name: 'People here' }).textContent()).toContain('Vera Viewer, viewing');

    await body(c.page, 's11').click();
    await c.page.keyboard.type('Viewer was here');
    await c.page.keyboard.press('Enter');
    await c.page.keyboard.press('Backspace');
    await c.page.keyboard.press('Control+b');
    // Give anything sent time to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await textOf(body(c.page, 's11'))).toBe('Tide mills are old.');
    expect(await textOf(body(a.page, 's11'))).toBe('Tide mills are old.');
    expect(await roomJson(report.id)).toEqual(before);
    expect(Y.encodeStateVector(await serverDoc(report.id))).toEqual(beforeState);
    await screenshot(c.page, 'report-view-only');
    expect([...a.errors, ...c.errors]).toEqual([]);
    await closeAll(a, c);
  });
});

describe('offline', () => {
  it('keeps edits made offline and merges them when the connection returns', { timeout: 90_000 }, async () => {
    const { owner, editor, report } = await sharedReport(`Tidal offline ${Date.now()}`);
    const a = await openReport(owner, report.id);
    const b = await openReport(editor, report.id);

    await b.context.setOffline(true);
    await eventually(() => roomStatus(b.page)).toBe('offline');
    await caretAtEnd(b.page, 's21');
    await b.page.keyboard.type(' Written on the train.');
    // Meanwhile Olga edits the same section.
    await caretAtEnd(a.page, 's21');
    await a.page.keyboard.type(' Olga at her desk.');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await textOf(body(a.page, 's21'))).not.toContain('Written on the train.');
    expect(await textOf(body(b.page, 's21'))).not.toContain('Olga at her desk.');
    await screenshot(b.page, 'report-offline');
    // Leaving now would lose the offline edit: the page asks first.
    const asksBeforeLeaving = () => b.page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })));
    expect(await asksBeforeLeaving()).toBe(true);

    await b.context.setOffline(false);
    await eventually(() => roomStatus(b.page)).toBe('connected');
    expect(await asksBeforeLeaving()).toBe(false);
    for (const { page } of [a, b]) {
      await eventually(() => textOf(body(page, 's21'))).toContain('Written on the train.');
      await eventually(() => textOf(body(page, 's21'))).toContain('Olga at her desk.');
    }
    const text = await roomText(report.id, 's21');
    expect(text).toContain('Written on the train.');
    expect(text).toContain('Olga at her desk.');
    // Presence comes back with the connection.
    await eventually(() => a.page.getByRole('list', { name: 'People here' }).textContent()).toContain('Eddie Editor');
    await closeAll(a, b);
  });
});

describe('generating the outline', () => {
  it('puts the generated outline in front of everyone, and asks before replacing an edited one', { timeout: 120_000 }, async () => {
    const owner = await buildUser({ fullName: 'Gina Generator' });
    const editor = await buildUser({ fullName: 'Ezra Editor' });
    const report = await buildReport(owner.id, { topic: 'Wave power in cold seas', description: 'Buoys, costs, ice.' });
    await addMember(report.id, editor, 'editor');
    const a = await openReport(owner, report.id);
    const b = await openReport(editor, report.id);
    await eventually(() => b.page.locator('.document-empty').isVisible()).toBe(true);

    await a.page.getByRole('button', { name: 'Generate outline' }).click();
    await eventually(() => b.page.locator('.doc-section-title').count()).toBeGreaterThan(1);
    const generated = await sectionTitles(b.page);
    expect(await sectionTitles(a.page)).toEqual(generated);

    // Eddie edits the outline; generating again asks Gina first.
    await b.page.getByLabel('Title of section 1.1').fill('Our own first section');
    await eventually(() => sectionTitles(a.page)).toContain('1.1 Our own first section');
    const asked: string[] = [];
    a.page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await a.page.getByRole('button', { name: 'Generate a new outline' }).click();
    await explainFailure(a.page, a.trace, () => eventually(() => asked.length).toBe(1), report.id);
    expect(asked[0]).toContain('The outline was edited since it was generated');
    await eventually(() => sectionTitles(b.page)).not.toContain('1.1 Our own first section');
    await closeAll(a, b);
  });
});

describe('changes of access while the page is open', () => {
  it('fetches a new token when the room refuses one as invalid or expired (4401)', { timeout: 60_000 }, async () => {
    const { editor, report } = await sharedReport(`Tidal tokens ${Date.now()}`);
    const context = await newContext(browser, web.url);
    await signInContext(context, web.url, editor.session);
    const page = await context.newPage();
    const errors = watchErrors(page);
    // The first token the page gets has a broken signature, as an expired one would be refused.
    let served = 0;
    await page.route('**/api/reports/*/room-token', async (route) => {
      served += 1;
      const res = await route.fetch();
      const body = (await res.json()) as { data: { token: string } };
      if (served === 1) body.data.token = `${body.data.token.split('.')[0]}.AAAA`;
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`/reports/${report.id}`);
    await expect.poll(() => roomStatus(page), { timeout: 60_000, interval: 100 }).toBe('connected');
    expect(served).toBe(2);
    expect(await textOf(body(page, 's11'))).toBe('Tide mills are old.');
    expect(errors).toEqual([]);
    await closeAll({ context, page });
  });


  it('turns a demoted editor into a viewer and tells a removed member', { timeout: 90_000 }, async () => {
    const { owner, editor, viewer, report, editorMember, viewerMember } = await sharedReport(`Tidal access ${Date.now()}`);
    const b = await openReport(editor, report.id);
    const c = await openReport(viewer, report.id);
    expect(await body(b.page, 's11').getAttribute('contenteditable')).toBe('true');

    const demoted = await api(`/api/reports/${report.id}/members/${editorMember.id}`, { method: 'PATCH', cookie: owner.session, json: { role: 'viewer' } });
    expect(demoted.status).toBe(200);
    await eventually(() => b.page.getByText('View only', { exact: true }).isVisible()).toBe(true);
    await eventually(() => body(b.page, 's11').getAttribute('contenteditable')).toBe('false');
    await eventually(() => roomStatus(b.page)).toBe('connected');

    const removed = await api(`/api/reports/${report.id}/members/${viewerMember.id}`, { method: 'DELETE', cookie: owner.session });
    expect(removed.status).toBe(204);
    await eventually(() => c.page.getByRole('alert').filter({ hasText: 'Your access to this report was removed.' }).count()).toBe(1);
    expect(await roomStatus(c.page)).toBe('offline');
    await closeAll(b, c);
  });
});

describe('small screens', () => {
  it('lays the report page out at 375 px without horizontal scrolling', { timeout: 60_000 }, async () => {
    const { owner, report } = await sharedReport(`Tidal phone ${Date.now()}`);
    const a = await openReport(owner, report.id, { width: 375, height: 812 });
    await caretAtEnd(a.page, 's11');
    await a.page.keyboard.type(' Typed on a phone.');
    await eventually(() => textOf(body(a.page, 's11'))).toBe('Tide mills are old. Typed on a phone.');
    expect(await a.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await screenshot(a.page, 'report-375');
    expect(a.errors).toEqual([]);
    await closeAll(a);
  });
});
