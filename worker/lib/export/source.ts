// What an export is made from: the live room's document (what everyone sees now), or the copy the
// room last saved to Postgres when the room cannot be reached, so an export works while rooms are down.
import { HTTPException } from 'hono/http-exception';
import type { ReportJson } from '../../../core/doc';
import type { Db } from '../../../db/client';
import type { Bindings } from '../../env';
import { apiError } from '../../errors';
import { log } from '../log';
import { loadReportDocument, readRoomState } from '../report-document';
import { roomState } from '../room-client';

export type ExportSource = { json: ReportJson; from: 'room' | 'stored' };

/** The report as JSON, from the room or, failing that, from Postgres. */
export async function exportSource(db: Db, env: Bindings, reportId: string): Promise<ExportSource> {
  try {
    const reading = readRoomState(await roomState(env, reportId));
    if (reading.kind === 'ok') return { json: reading.json, from: 'room' };
    log('warn', 'export: the room sent an unreadable document; using the stored copy', { reportId, reason: reading.reason });
  } catch (err) {
    // Only an unreachable or failing room falls back; anything else is a bug to surface.
    if (!(err instanceof HTTPException) || (err.status !== 502 && err.status !== 503)) throw err;
    log('warn', 'export: the room could not be reached; using the stored copy', { reportId, error: err.message });
  }
  const stored = await loadReportDocument(db, reportId);
  switch (stored.kind) {
    case 'found': {
      const reading = readRoomState(stored.update);
      if (reading.kind === 'ok') return { json: reading.json, from: 'stored' };
      throw apiError(422, 'document_unreadable', `The stored report cannot be read (${reading.reason}).`);
    }
    case 'not_found':
      throw apiError(404, 'not_found', 'Report not found.');
    case 'unreadable':
      throw apiError(422, 'document_unreadable', `The stored report cannot be read (${stored.reason}).`);
    default:
      return stored satisfies never;
  }
}
