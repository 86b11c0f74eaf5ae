// Stores a freshly generated outline in Postgres: as the current outline and as the generated one,
// and marks the report outlined, in one transaction. The room's own save writes the same later.
import { eq } from 'drizzle-orm';
import type { OutlineJson } from '../../core/doc';
import type { Db } from '../../db/client';
import { reportOutlines, reports } from '../../db/schema';
import { OUTLINE_CONTENT_VERSION } from '../lib/report-document';

export interface GeneratedOutlineSaverProps {
  reportId: string;
  /** The outline with its ids, exactly as it went into the room. */
  outline: OutlineJson;
  /** Who asked for it. */
  userId: string;
}

/** Upserts report_outlines (content = generated = `outline`) and sets reports.status to 'outlined'. */
export default async function generatedOutlineSaver(db: Db, props: GeneratedOutlineSaverProps): Promise<void> {
  const content = { version: OUTLINE_CONTENT_VERSION, chapters: props.outline.chapters };
  const now = new Date();
  await db.transaction(async (tx) => {
    // The report row first, as the room's save (roomSnapshotSaver) takes it: the two write the same
    // rows, and taken in opposite orders they deadlock.
    await tx.select({ id: reports.id }).from(reports).where(eq(reports.id, props.reportId)).for('no key update');
    await tx
      .insert(reportOutlines)
      .values({ reportId: props.reportId, content, generated: content, updatedBy: props.userId, updatedAt: now })
      .onConflictDoUpdate({ target: reportOutlines.reportId, set: { content, generated: content, updatedBy: props.userId, updatedAt: now } });
    await tx.update(reports).set({ status: 'outlined', updatedAt: now }).where(eq(reports.id, props.reportId));
  });
}
