// The room and Postgres: an empty room loads what Postgres has, and the room's document is written
// back (outline, report JSON + HTML, references, reports.updatedAt) after the debounce, under
// continuous typing, and as soon as the last person leaves.
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addReference,
  addSection,
  appendToSection,
  buildReportDoc,
  readReportJson,
  renderReportHtml,
  sectionPlainText,
  setTitle,
  type ReportJson,
} from '../../core/doc';
import { reportDocuments, reportOutlines, reportReferences, reports } from '../../db/schema';
import { referenceRowId } from '../../worker/commands/roomSnapshotSaver';
import { buildReport, buildUser } from '../factories';
import { testDb } from '../helpers/db';
import { addMember } from '../helpers/members';
import { startTestParty, type TestParty } from '../helpers/party';
import { closeOf, join, roomToken, roomUrl, sampleReport, seedDocument, waitFor, type Client } from '../helpers/yclient';

const open: Client[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function joined(reportId: string, session: string, base?: string) {
  const client = await join(reportId, session, base ? { base } : {});
  open.push(client);
  return client;
}

async function storedJson(reportId: string): Promise<ReportJson | undefined> {
  const [row] = await testDb().select({ json: reportDocuments.json }).from(reportDocuments).where(eq(reportDocuments.reportId, reportId));
  return row?.json as ReportJson | undefined;
}

/** Waits until Postgres holds exactly the client's document. */
async function savedAs(reportId: string, client: Client, timeout = 10_000): Promise<ReportJson> {
  const expected = readReportJson(client.doc);
  await waitFor(async () => JSON.stringify(sorted(await storedJson(reportId))) === JSON.stringify(sorted(expected)), {
    timeout,
    message: 'Postgres never matched the document',
  });
  return expected;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sorted(v)]));
  return value;
}

describe('an empty room loads from Postgres', () => {
  it('the report JSON the room saved last', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    const seeded = await seedDocument(report.id, sampleReport('From Postgres'));
    const client = await joined(report.id, owner.session);
    expect(readReportJson(client.doc)).toEqual(seeded);
  });

  it('the outline and the reference rows when no report JSON was saved', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id, { topic: 'Wave power' });
    const chapters = [{ id: 'c1', title: 'Intro', sections: [{ id: 'x1', title: 'Why', notes: ['a note'] }] }];
    await testDb().insert(reportOutlines).values({ reportId: report.id, content: { version: 1, chapters }, generated: { version: 1, chapters } });
    const [ref] = await testDb()
      .insert(reportReferences)
      .values({ reportId: report.id, position: 0, title: 'Waves', authors: ['B. Wave'], year: 2001, source: 'crossref', externalId: '10.1/w', doi: '10.1/w' })
      .returning();
    const client = await joined(report.id, owner.session);
    const json = readReportJson(client.doc);
    expect(json.title).toBe('Wave power');
    expect(json.outline).toEqual({ chapters });
    expect(json.generatedOutline).toEqual({ chapters });
    expect(json.sections).toEqual({ x1: [{ type: 'paragraph' }] });
    expect(json.references).toEqual([
      { id: ref!.id, title: 'Waves', authors: ['B. Wave'], year: 2001, venue: null, doi: '10.1/w', url: null, abstract: null, source: 'crossref', externalId: '10.1/w' },
    ]);
  });

  it("an empty document titled with the report's topic when nothing was saved", async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id, { topic: 'Solar sails' });
    const client = await joined(report.id, owner.session);
    const json = readReportJson(client.doc);
    expect(json).toMatchObject({ title: 'Solar sails', status: 'draft', outline: { chapters: [] }, references: [] });
  });

  it('refuses to open a report whose stored JSON it cannot read, rather than overwrite it', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    await testDb().insert(reportDocuments).values({ reportId: report.id, json: { version: 99, title: 'from the future' } });
    const { token } = await roomToken(report.id, owner.session);
    expect(await closeOf(roomUrl(report.id, token))).toEqual({ code: 4500, reason: 'unavailable: load_failed' });
    expect(await storedJson(report.id)).toEqual({ version: 99, title: 'from the future' });
  });

  it('never loads from Postgres again once the room has stored the document', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    await seedDocument(report.id, sampleReport());
    const first = await joined(report.id, owner.session);
    appendToSection(first.doc, 's11', ' Edited in the room.');
    await savedAs(report.id, first);
    first.close();
    // Postgres changes behind the room's back; the room's own storage wins, and nothing doubles.
    await testDb().update(reportDocuments).set({ json: readReportJson(buildReportDoc(sampleReport('Changed in Postgres'))) }).where(eq(reportDocuments.reportId, report.id));
    const second = await joined(report.id, owner.session);
    expect(readReportJson(second.doc).title).toBe('Tidal energy');
    expect(sectionPlainText(second.doc, 's11')).toBe('Tide mills are old. Edited in the room.');
    expect(readReportJson(second.doc).outline.chapters).toHaveLength(2);
  });
});

describe('saving to Postgres', () => {
  it('writes the outline, report JSON, HTML and references once the edits settle', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    await seedDocument(report.id, sampleReport());
    const client = await joined(report.id, owner.session);
    const before = (await testDb().select({ updatedAt: reports.updatedAt }).from(reports).where(eq(reports.id, report.id)))[0]!.updatedAt;
    setTitle(client.doc, 'Tidal energy in 2030');
    appendToSection(client.doc, 's12', ' **Gravity** <script>x</script>');
    const added = addSection(client.doc, 'ch2', 'Policy')!;
    appendToSection(client.doc, added, 'Subsidies help.');
    addReference(client.doc, { id: 'ref2', title: 'Ocean energy', authors: ['C. Sea'], year: 2022, source: 'openalex', externalId: 'W123' });

    const json = await savedAs(report.id, client);
    const db = testDb();
    const [doc] = await db.select().from(reportDocuments).where(eq(reportDocuments.reportId, report.id));
    expect(doc!.html).toBe(renderReportHtml(json));
    expect(doc!.html).toContain('Tidal energy in 2030');
    expect(doc!.html).not.toContain('<script>');
    const [outline] = await db.select().from(reportOutlines).where(eq(reportOutlines.reportId, report.id));
    expect(outline!.content).toEqual({ version: 1, chapters: json.outline.chapters });
    expect(outline!.generated).toEqual({ version: 1, chapters: json.generatedOutline!.chapters });
    expect(json.outline.chapters[1]!.sections.map((s) => s.title)).toEqual(['Costs', 'Policy']);
    const refs = await db.select().from(reportReferences).where(eq(reportReferences.reportId, report.id)).orderBy(asc(reportReferences.position));
    expect(refs.map((r) => [r.id, r.position, r.title, r.source, r.externalId])).toEqual([
      [await referenceRowId(report.id, 'ref1'), 0, 'Tidal power', 'manual', null],
      [await referenceRowId(report.id, 'ref2'), 1, 'Ocean energy', 'openalex', 'W123'],
    ]);
    const after = (await db.select({ updatedAt: reports.updatedAt }).from(reports).where(eq(reports.id, report.id)))[0]!.updatedAt;
    expect(after.getTime()).toBeGreaterThan(before.getTime());
  });

  it('saves at least every max-wait while someone keeps typing', async () => {
    // The test rooms save 300 ms after the last change and at least every 1200 ms.
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    await seedDocument(report.id, sampleReport());
    const client = await joined(report.id, owner.session);
    let typing = true;
    const savedWhileTyping: string[] = [];
    const poll = (async () => {
      while (typing) {
        const text = JSON.stringify((await storedJson(report.id))?.sections.s21 ?? '');
        if (text.includes('k0')) savedWhileTyping.push(text);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    for (let k = 0; k < 30; k++) {
      appendToSection(client.doc, 's21', ` k${k}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    typing = false;
    await poll;
    // A save landed while the keys kept coming, before the pause that ends the debounce.
    expect(savedWhileTyping.length).toBeGreaterThan(0);
    expect(savedWhileTyping[0]).not.toContain('k29');
    await savedAs(report.id, client);
  });

  describe('when the last person leaves', () => {
    let party: TestParty;
    beforeAll(async () => {
      // Debounces far beyond the test: only the save on leaving can write in time.
      party = await startTestParty({ SAVE_DEBOUNCE_MS: '600000', SAVE_MAX_WAIT_MS: '600000' });
    }, 120_000);
    afterAll(async () => {
      await party?.dispose();
    });

    it('saves the final edits at once', async () => {
      const owner = await buildUser();
      const editor = await buildUser();
      const report = await buildReport(owner.id);
      await seedDocument(report.id, sampleReport());
      await addMember(report.id, editor, 'editor');
      const a = await joined(report.id, owner.session, party.url);
      const b = await joined(report.id, editor.session, party.url);
      appendToSection(a.doc, 's11', ' Last words.');
      await waitFor(() => sectionPlainText(b.doc, 's11').endsWith('Last words.'));
      a.close();
      // Someone is still in the room: nothing is written yet.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(JSON.stringify(await storedJson(report.id))).not.toContain('Last words.');
      appendToSection(b.doc, 's12', ' And the very last.');
      const expected = readReportJson(b.doc);
      b.close();
      await waitFor(async () => JSON.stringify(sorted(await storedJson(report.id))) === JSON.stringify(sorted(expected)), {
        timeout: 5_000,
        message: 'the last edits never reached Postgres',
      });
    });
  });

  it('closes the room with 4404 when the report is deleted while people are in it', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    await seedDocument(report.id, sampleReport());
    const { token } = await roomToken(report.id, owner.session);
    const client = await joined(report.id, owner.session);
    const closes: Array<{ code: number; reason: string }> = [];
    client.provider.on('connection-close', (event: { code: number; reason: string }) => closes.push({ code: event.code, reason: event.reason }));
    await testDb().delete(reports).where(eq(reports.id, report.id));
    appendToSection(client.doc, 's11', ' Into the void.');
    const closed = await waitFor(() => closes[0], { message: 'the room never closed the connection' });
    expect(closed).toEqual({ code: 4404, reason: 'not_found: report' });
    // And it lets nobody back in, though the token is still valid.
    expect(await closeOf(roomUrl(report.id, token))).toEqual({ code: 4404, reason: 'not_found: report' });
  });
});
