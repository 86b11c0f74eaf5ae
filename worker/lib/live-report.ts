// The report as its live room has it right now: what routes and the generation consumer read
// before they act on a document everyone may be editing.
import type { ReportJson, SectionState } from '../../core/doc';
import type { Bindings } from '../env';
import { apiError } from '../errors';
import { readRoomState } from './report-document';
import { roomState } from './room-client';

export interface LiveReport {
  /** The room's whole Yjs state (for snapshots). */
  state: Uint8Array;
  json: ReportJson;
  sectionState: Record<string, SectionState>;
}

/** Reads the room's document; 502 room_error when the room cannot be reached or sends something unreadable. */
export async function liveReport(env: Bindings, reportId: string): Promise<LiveReport> {
  const state = await roomState(env, reportId);
  const reading = readRoomState(state);
  if (reading.kind !== 'ok') throw apiError(502, 'room_error', `The live room's document could not be read (${reading.reason}).`);
  return { state, json: reading.json, sectionState: reading.sectionState };
}
