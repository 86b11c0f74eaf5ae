// What the benchmark puts in the database and hands to clients: a user, reports with a stored
// document (report_documents, as a room would have saved it), and signed room tokens.
import { randomUUID } from 'node:crypto';
import { buildReportDoc, readReportJson, type ReportInput } from '../../core/doc';
import { signRoomToken, type RoomRole } from '../../core/room/token';
import type { Db } from '../../db/node';
import { reportDocuments, reports, users } from '../../db/schema';
import { seededRandom } from './stats';

const WORDS = ('tide energy turbine estuary current basin lagoon barrage rotor blade cost grid storage ' +
  'output season moon pull flow model survey site permit coast habitat fish sediment cable harbour ' +
  'pilot array yield capacity factor maintenance corrosion design policy subsidy market forecast').split(' ');

const WORDS_PER_PARAGRAPH = 100;
const PARAGRAPHS_PER_SECTION = 5;
const SECTIONS_PER_CHAPTER = 10;

/** A report of about `words` words: chapters of ten sections of five 100-word paragraphs. */
export function reportOfWords(words: number, title: string): { input: ReportInput; lastSectionId: string; words: number } {
  const random = seededRandom(words);
  const paragraph = () => {
    const out: string[] = [];
    for (let i = 0; i < WORDS_PER_PARAGRAPH; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
    return `${out.join(' ')}.`;
  };
  const sectionCount = Math.max(1, Math.round(words / (WORDS_PER_PARAGRAPH * PARAGRAPHS_PER_SECTION)));
  const chapters: Array<{ id: string; title: string; sections: Array<{ id: string; title: string }> }> = [];
  const sections: Record<string, string[]> = {};
  let lastSectionId = '';
  for (let s = 0; s < sectionCount; s++) {
    const c = Math.floor(s / SECTIONS_PER_CHAPTER);
    if (!chapters[c]) chapters[c] = { id: `ch${c + 1}`, title: `Chapter ${c + 1}`, sections: [] };
    lastSectionId = `s${c + 1}_${(s % SECTIONS_PER_CHAPTER) + 1}`;
    chapters[c]!.sections.push({ id: lastSectionId, title: `Section ${s + 1}` });
    sections[lastSectionId] = Array.from({ length: PARAGRAPHS_PER_SECTION }, paragraph);
  }
  return {
    input: { title, outline: { chapters }, sections },
    lastSectionId,
    words: sectionCount * PARAGRAPHS_PER_SECTION * WORDS_PER_PARAGRAPH,
  };
}

/** Inserts the benchmark's user; answers its id. */
export async function insertUser(db: Db): Promise<string> {
  const [user] = await db
    .insert(users)
    .values({ email: `bench.${randomUUID()}@example.test`, fullName: 'Bench Writer', passwordHash: null, emailVerifiedAt: new Date() })
    .returning({ id: users.id });
  return user!.id;
}

/** Inserts a report owned by `ownerId` whose saved document is `input`; answers the report id. */
export async function insertReport(db: Db, ownerId: string, input: ReportInput): Promise<string> {
  const [report] = await db
    .insert(reports)
    .values({ ownerId, topic: input.title, description: 'Benchmark report', referenceCount: 10 })
    .returning({ id: reports.id });
  const doc = buildReportDoc(input);
  const json = readReportJson(doc);
  doc.destroy();
  await db.insert(reportDocuments).values({ reportId: report!.id, json, html: '' });
  return report!.id;
}

/** A room token for the report, valid for an hour (the run is far shorter). */
export function tokenFor(secret: string, reportId: string, userId: string, role: RoomRole): Promise<string> {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return signRoomToken({ sub: userId, rid: reportId, role, name: role === 'viewer' ? 'Reader' : 'Writer', color: '#336699', exp }, secret);
}
