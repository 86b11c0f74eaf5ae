// What the stream benchmark puts in the database: an owner with a live session and plenty of
// credits (one per run, so the 60-jobs-an-hour limit never trips), and reports whose outline has
// several sections with empty bodies and ten sources, stored as a room would have saved them.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { buildReportDoc, readReportJson, type ReportInput } from '../../core/doc';
import type { Db } from '../../db/node';
import { creditLedger, reportDocuments, reports, sessions, users } from '../../db/schema';

export interface BenchOwner {
  id: string;
  /** Session secret for the `seydam_session` cookie. */
  session: string;
}

/** A verified user with a session and `credits` credits (a staff grant in the ledger, as the tests give them). */
export async function insertOwner(db: Db, credits: number): Promise<BenchOwner> {
  const [user] = await db
    .insert(users)
    .values({ email: `bench.stream.${randomUUID()}@example.test`, fullName: 'Bench Owner', passwordHash: null, emailVerifiedAt: new Date() })
    .returning({ id: users.id });
  const id = user!.id;
  const session = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({ userId: id, tokenHash: createHash('sha256').update(session).digest('hex'), expiresAt: new Date(Date.now() + 86_400_000) });
  if (credits > 0) await db.insert(creditLedger).values({ userId: id, delta: credits, reason: 'staff_grant', idempotencyKey: `bench:${id}` });
  return { id, session };
}

export interface BenchReport {
  id: string;
  /** Section ids in outline order, with the titles the model is asked for (unique in the run). */
  sections: Array<{ id: string; title: string }>;
}

/** A report of `sectionCount` empty sections (three per chapter) whose titles carry `tag`, so every request names its section. */
export async function insertReport(db: Db, ownerId: string, tag: string, sectionCount: number): Promise<BenchReport> {
  const chapters: Array<{ id: string; title: string; sections: Array<{ id: string; title: string }> }> = [];
  const sections: BenchReport['sections'] = [];
  for (let s = 0; s < sectionCount; s++) {
    const c = Math.floor(s / 3);
    const chapter = (chapters[c] ??= { id: `ch${c + 1}`, title: `Chapter ${c + 1}`, sections: [] });
    const section = { id: `s${c + 1}_${(s % 3) + 1}`, title: `Part ${s + 1} of ${tag}` };
    chapter.sections.push(section);
    sections.push(section);
  }
  // Sources already in the document, so the job goes straight to writing (no reference search).
  const references = Array.from({ length: 10 }, (_, i) => ({ id: `ref${i + 1}`, title: `Tidal energy study ${i + 1}`, authors: ['Ada Lovelace'], year: 2020 + (i % 5), source: 'manual' as const }));
  const input: ReportInput = { title: `Stream benchmark ${tag}`, outline: { chapters }, sections: {}, references };
  const [report] = await db
    .insert(reports)
    .values({ ownerId, topic: input.title, description: 'Benchmark report', referenceCount: 10, creditCost: 5 })
    .returning({ id: reports.id });
  const doc = buildReportDoc(input);
  const json = readReportJson(doc);
  doc.destroy();
  await db.insert(reportDocuments).values({ reportId: report!.id, json, html: '' });
  return { id: report!.id, sections };
}
