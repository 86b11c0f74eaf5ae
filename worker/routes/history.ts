// /api/reports/:id/history: snapshots of the live document. Anyone on the report may list and
// preview them; taking and restoring one is for those who may edit. Restoring first snapshots the
// current state, then writes the old content into the live document as new changes.
import { and, desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { createSnapshotSchema, snapshotParams } from '../../core/api/history';
import { reportIdParam } from '../../core/api/reports';
import { parseReportJson, renderReportHtml, type ReportJson } from '../../core/doc';
import type { Db } from '../../db/client';
import { reportSnapshots, users } from '../../db/schema';
import snapshotCreator from '../commands/snapshotCreator';
import type { AppEnv } from '../env';
import { apiError, notFound } from '../errors';
import { log } from '../lib/log';
import { enforce } from '../lib/rate-limit';
import { replaceRoomContent } from '../lib/room-client';
import { liveReport } from '../lib/live-report';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport } from '../policies/report';
import { presentRestore, presentSnapshot, presentSnapshotPreview, type SnapshotEntry } from '../presenters/snapshot';

/** Manual snapshots a person may take per hour (each stores the whole document). */
export const SNAPSHOTS_PER_HOUR = 60;

/** The columns of a snapshot entry, with its author's name. */
const entryColumns = {
  id: reportSnapshots.id,
  kind: reportSnapshots.kind,
  name: reportSnapshots.name,
  createdAt: reportSnapshots.createdAt,
  createdBy: { id: users.id, fullName: users.fullName },
};

/** One snapshot of this report with its JSON, or 404 (a snapshot of another report is not found). */
async function loadSnapshot(db: Db, reportId: string, snapshotId: string): Promise<SnapshotEntry & { json: ReportJson }> {
  const [row] = await db
    .select({ ...entryColumns, json: reportSnapshots.json })
    .from(reportSnapshots)
    .leftJoin(users, eq(users.id, reportSnapshots.createdBy))
    .where(and(eq(reportSnapshots.reportId, reportId), eq(reportSnapshots.id, snapshotId)));
  if (!row) throw notFound('Snapshot');
  const parsed = parseReportJson(row.json);
  switch (parsed.kind) {
    case 'ok':
      return { ...row, json: parsed.json };
    case 'unsupported_version':
    case 'invalid':
      log('error', 'stored snapshot JSON is unusable', { reportId, snapshotId, parsed });
      throw apiError(422, 'snapshot_unreadable', 'This snapshot was saved in a format this version cannot read.');
    default:
      return parsed satisfies never;
  }
}

/** How a restore's backup names the snapshot being restored. */
const label = (s: SnapshotEntry) => s.name ?? `the automatic snapshot of ${s.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const history = new Hono<AppEnv>()
  .get('/:id/history', requireUser, validate('param', reportIdParam), async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'read');
    const rows = await db
      .select(entryColumns)
      .from(reportSnapshots)
      .leftJoin(users, eq(users.id, reportSnapshots.createdBy))
      .where(eq(reportSnapshots.reportId, id))
      .orderBy(desc(reportSnapshots.createdAt), desc(reportSnapshots.id));
    return c.json({ data: rows.map(presentSnapshot) });
  })

  .post('/:id/history', requireUser, validate('param', reportIdParam), validate('json', createSnapshotSchema), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const { id } = c.req.valid('param');
    await loadAuthorizedReport(db, id, user.id, 'edit');
    await enforce(db, { key: `snapshot:${user.id}`, max: SNAPSHOTS_PER_HOUR, windowSeconds: 3600 });
    const { state, json } = await liveReport(c.env, id);
    const row = await snapshotCreator(db, { reportId: id, kind: 'manual', name: c.req.valid('json').name, state, json, createdBy: user.id });
    return c.json({ data: presentSnapshot({ ...row, createdBy: { id: user.id, fullName: user.fullName } }) }, 201);
  })

  .get('/:id/history/:snapshotId', requireUser, validate('param', snapshotParams), async (c) => {
    const db = c.get('db');
    const { id, snapshotId } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'read');
    const snapshot = await loadSnapshot(db, id, snapshotId);
    return c.json({ data: presentSnapshotPreview(snapshot, renderReportHtml(snapshot.json)) });
  })

  .post('/:id/history/:snapshotId/restore', requireUser, validate('param', snapshotParams), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const { id, snapshotId } = c.req.valid('param');
    await loadAuthorizedReport(db, id, user.id, 'edit');
    const snapshot = await loadSnapshot(db, id, snapshotId);
    // Nothing is destroyed: what the document holds now is kept before the old content goes in.
    const current = await liveReport(c.env, id);
    const backup = await snapshotCreator(db, {
      reportId: id,
      kind: 'auto',
      name: `Before restore of ${label(snapshot)}`,
      state: current.state,
      json: current.json,
      createdBy: user.id,
    });
    await replaceRoomContent(c.env, id, snapshot.json);
    return c.json({ data: presentRestore(snapshot, { ...backup, createdBy: { id: user.id, fullName: user.fullName } }) });
  });
