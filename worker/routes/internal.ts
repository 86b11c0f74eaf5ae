// /internal: what the PartyKit rooms call (never browsers), guarded by the shared INTERNAL_SECRET.
// The room's side of this contract is party/worker-client.ts:
//   GET  /internal/rooms/:id/document → 200 application/octet-stream, a Yjs update of the report as
//        Postgres has it (report_documents.json, else the outline, else an empty document);
//        404 report_not_found; 422 unreadable_document (stored JSON this code cannot read)
//   POST /internal/rooms/:id/snapshot  application/octet-stream, the room's whole state
//        → 200 {data: {saved}} (false: Postgres already had it); 400 invalid_document; 404 report_not_found
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { reportIdParam } from '../../core/api/reports';
import autoSnapshotter, { autoSnapshotMinutes } from '../commands/autoSnapshotter';
import roomSnapshotSaver from '../commands/roomSnapshotSaver';
import type { AppEnv } from '../env';
import { apiError } from '../errors';
import { log } from '../lib/log';
import { loadReportDocument, readRoomState } from '../lib/report-document';
import { database } from '../middleware/db';
import { requireInternalSecret } from '../middleware/internal-secret';
import { validate } from '../middleware/validate';

/** A whole report document; the API's 256 KiB limit is for forms. */
const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

// Its own code, so a room tells "the report was deleted" from a worker missing this route.
const reportNotFound = () => apiError(404, 'report_not_found', 'Report not found.');

export const internal = new Hono<AppEnv>()
  .use('*', requireInternalSecret)
  .use(
    '*',
    bodyLimit({ maxSize: MAX_SNAPSHOT_BYTES, onError: () => { throw apiError(413, 'payload_too_large', 'The snapshot is too large.'); } }),
  )
  .use('*', database)

  .get('/rooms/:id/document', validate('param', reportIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const found = await loadReportDocument(c.get('db'), id);
    switch (found.kind) {
      case 'found':
        return c.body(found.update.slice().buffer, 200, { 'content-type': 'application/octet-stream', 'x-document-source': found.source });
      case 'not_found':
        throw reportNotFound();
      case 'unreadable':
        log('error', 'stored report content cannot be loaded into a room', { requestId: c.get('requestId'), reportId: id, reason: found.reason });
        throw apiError(422, 'unreadable_document', `The stored report cannot be read: ${found.reason}`);
      default:
        return found satisfies never;
    }
  })

  .post('/rooms/:id/snapshot', validate('param', reportIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const state = new Uint8Array(await c.req.arrayBuffer());
    const reading = readRoomState(state);
    if (reading.kind === 'invalid') throw apiError(400, 'invalid_document', `The snapshot is not a report document: ${reading.reason}`);
    const db = c.get('db');
    const result = await roomSnapshotSaver(db, { reportId: id, json: reading.json });
    switch (result.kind) {
      case 'not_found':
        throw reportNotFound();
      case 'unchanged':
        return c.json({ data: { saved: false } });
      case 'saved':
        // History is a side effect: the save stands even when recording it fails.
        try {
          await autoSnapshotter(db, id, state, reading.json, { intervalMinutes: autoSnapshotMinutes(c.env.AUTO_SNAPSHOT_MINUTES) });
        } catch (err) {
          log('error', 'automatic history snapshot failed', { requestId: c.get('requestId'), reportId: id, error: String(err) });
        }
        return c.json({ data: { saved: true } });
      default:
        return result satisfies never;
    }
  });
