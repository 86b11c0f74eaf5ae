// Restarting `partykit dev` mid-editing: room storage keeps every edit the room acknowledged, and
// clients reconnect on their own, merging what they typed while the room was down.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToSection, buildReportDoc, readReportJson, sectionPlainText } from '../../core/doc';
import { reportDocuments } from '../../db/schema';
import { buildReport, buildUser } from '../factories';
import { testDb } from '../helpers/db';
import { addMember } from '../helpers/members';
import { startTestParty, type TestParty } from '../helpers/party';
import { connect, roomToken, sampleReport, seedDocument, serverDoc, waitFor } from '../helpers/yclient';

let party: TestParty;
beforeAll(async () => {
  // Saves to Postgres only when the last person leaves: what survives the restart comes from room storage.
  party = await startTestParty({ SAVE_DEBOUNCE_MS: '600000', SAVE_MAX_WAIT_MS: '600000' });
}, 120_000);
afterAll(async () => {
  await party?.dispose();
});

async function room() {
  const owner = await buildUser();
  const editor = await buildUser();
  const report = await buildReport(owner.id);
  await seedDocument(report.id, sampleReport());
  await addMember(report.id, editor, 'editor');
  return { owner, editor, report };
}

describe('restarting partykit dev', () => {
  it('keeps every edit the room acknowledged, from room storage', { timeout: 120_000 }, async () => {
    const { owner, report } = await room();
    const { token } = await roomToken(report.id, owner.session);
    const client = connect(report.id, token, { base: party.url });
    await client.synced();
    for (let k = 0; k < 20; k++) appendToSection(client.doc, 's11', ` edit${k}`);
    // Acknowledged: the room holds them.
    await waitFor(async () => sectionPlainText(await serverDoc(report.id, party.url), 's11').endsWith('edit19'), { message: 'the room never got the edits' });
    const acknowledged = readReportJson(await serverDoc(report.id, party.url));

    await party.restart(async () => {
      // The client is gone before the room comes back, so it cannot hand the edits back; and
      // Postgres says something else, so loading from it would show.
      client.close();
      await testDb()
        .update(reportDocuments)
        .set({ json: readReportJson(buildReportDoc(sampleReport('Stale copy in Postgres'))) })
        .where(eq(reportDocuments.reportId, report.id));
    });

    expect(readReportJson(await serverDoc(report.id, party.url))).toEqual(acknowledged);
  });

  it('clients reconnect by themselves and what they typed while it was down merges', { timeout: 120_000 }, async () => {
    const { owner, editor, report } = await room();
    const a = connect(report.id, (await roomToken(report.id, owner.session)).token, { base: party.url });
    const b = connect(report.id, (await roomToken(report.id, editor.session)).token, { base: party.url });
    try {
      await Promise.all([a.synced(), b.synced()]);
      const statuses: string[] = [];
      a.provider.on('status', ({ status }: { status: string }) => statuses.push(status));
      appendToSection(a.doc, 's11', ' A before.');
      appendToSection(b.doc, 's12', ' B before.');
      await waitFor(async () => {
        const server = await serverDoc(report.id, party.url);
        return sectionPlainText(server, 's11').endsWith('A before.') && sectionPlainText(server, 's12').endsWith('B before.');
      });

      await party.restart(async () => {
        await waitFor(() => !a.provider.wsconnected && !b.provider.wsconnected, { message: 'clients did not notice the room went away' });
        appendToSection(a.doc, 's21', ' A while down.');
        appendToSection(b.doc, 's21', ' B while down.');
      });

      await waitFor(() => a.provider.synced && b.provider.synced, { timeout: 30_000, message: 'clients did not resync after the restart' });
      expect(statuses).toContain('disconnected');
      expect(statuses.at(-1)).toBe('connected');
      const expectAll = (text21: string) => text21.includes('A while down.') && text21.includes('B while down.');
      await waitFor(() => expectAll(sectionPlainText(a.doc, 's21')) && expectAll(sectionPlainText(b.doc, 's21')), { message: 'offline edits did not merge' });
      await waitFor(async () => JSON.stringify(readReportJson(await serverDoc(report.id, party.url))) === JSON.stringify(readReportJson(a.doc)));
      const final = readReportJson(b.doc);
      expect(final).toEqual(readReportJson(a.doc));
      expect(sectionPlainText(b.doc, 's11')).toBe('Tide mills are old. A before.');
      expect(sectionPlainText(b.doc, 's12')).toBe('The moon pulls. B before.');
      // And they keep working together.
      appendToSection(b.doc, 's11', ' After.');
      await waitFor(() => sectionPlainText(a.doc, 's11').endsWith('After.'));
    } finally {
      a.close();
      b.close();
    }
  });
});
