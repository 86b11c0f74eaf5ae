// Several real clients editing one report at once through the room converge on one document.
import { afterEach, describe, expect, it } from 'vitest';
import {
  addChapter,
  addSection,
  appendToSection,
  moveSection,
  readOutline,
  readReportJson,
  renameSection,
  sectionPlainText,
} from '../../core/doc';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { addMember } from '../helpers/members';
import { join, sampleReport, seedDocument, serverDoc, waitFor, type Client } from '../helpers/yclient';

let clients: Client[] = [];
afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
});

async function team(size: number) {
  const owner = await buildUser({ fullName: 'Owner' });
  const report = await buildReport(owner.id);
  await seedDocument(report.id, sampleReport());
  const users: BuiltUser[] = [owner];
  for (let i = 1; i < size; i++) {
    const user = await buildUser({ fullName: `Editor ${i}` });
    await addMember(report.id, user, 'editor');
    users.push(user);
  }
  clients = await Promise.all(users.map((u) => join(report.id, u.session)));
  return { report, clients };
}

function json(client: Client) {
  return JSON.stringify(readReportJson(client.doc));
}

async function converged(cs: Client[], reportId: string) {
  await waitFor(() => cs.every((c) => json(c) === json(cs[0]!)), { message: 'clients did not converge' });
  const server = await serverDoc(reportId);
  expect(JSON.stringify(readReportJson(server))).toBe(json(cs[0]!));
  return readReportJson(cs[0]!.doc);
}

describe('concurrent editing', () => {
  for (const size of [2, 5]) {
    it(`${size} clients typing into the same section at once converge, keeping every word`, async () => {
      const { report, clients: cs } = await team(size);
      // Everyone types at the same time, several chunks each, without waiting for the others.
      await Promise.all(
        cs.map(async (c, i) => {
          for (let k = 0; k < 5; k++) {
            appendToSection(c.doc, 's12', ` w${i}-${k}`);
            await new Promise((r) => setTimeout(r, 5));
          }
        }),
      );
      await converged(cs, report.id);
      const text = sectionPlainText(cs[0]!.doc, 's12');
      expect(text.startsWith('The moon pulls.')).toBe(true);
      for (let i = 0; i < size; i++) for (let k = 0; k < 5; k++) expect(text).toContain(`w${i}-${k}`);
      // Each writer's own chunks stay in the order they typed them.
      for (let i = 0; i < size; i++) {
        const positions = [0, 1, 2, 3, 4].map((k) => text.indexOf(`w${i}-${k}`));
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      }
    });

    it(`${size} clients editing the outline at once converge on one outline`, async () => {
      const { report, clients: cs } = await team(size);
      cs.forEach((c, i) => {
        addSection(c.doc, 'ch2', `New section ${i}`);
        renameSection(c.doc, 's11', `History (rename ${i})`);
      });
      addChapter(cs[0]!.doc, 'Appendix');
      moveSection(cs[size - 1]!.doc, 's21', 'ch1', 0);
      const final = await converged(cs, report.id);
      const outline = readOutline(cs[0]!.doc);
      const titles = outline.chapters.flatMap((ch) => ch.sections.map((s) => s.title));
      for (let i = 0; i < size; i++) expect(titles).toContain(`New section ${i}`);
      // Concurrent renames of one section: one of them wins everywhere.
      expect(titles.filter((t) => t.startsWith('History (rename')).length).toBe(1);
      expect(outline.chapters.map((ch) => ch.title)).toEqual(['Background', 'Outlook', 'Appendix']);
      expect(outline.chapters[0]!.sections[0]!.id).toBe('s21');
      // Every section in the outline has its body, and the moved one kept its text.
      for (const ch of final.outline.chapters) for (const s of ch.sections) expect(final.sections[s.id]).toBeDefined();
      expect(sectionPlainText(cs[0]!.doc, 's21')).toBe('Costs fall.');
    });
  }

  it('a late joiner gets the whole document', async () => {
    const { report, clients: cs } = await team(2);
    appendToSection(cs[0]!.doc, 's11', ' Mills ground grain.');
    addSection(cs[1]!.doc, 'ch1', 'Late section');
    await converged(cs, report.id);
    const owner = await buildUser();
    await addMember(report.id, owner, 'viewer');
    const late = await join(report.id, owner.session);
    clients.push(late);
    expect(json(late)).toBe(json(cs[0]!));
    expect(sectionPlainText(late.doc, 's11')).toBe('Tide mills are old. Mills ground grain.');
  });
});
