// The room's side of the room → worker HTTP contract (the worker's side is worker/routes/internal.ts):
//   GET  ${WORKER_URL}/internal/rooms/<reportId>/document → 200 application/octet-stream (a Yjs update
//        holding the report as Postgres has it), 404 {error: {code: 'report_not_found'}} when the
//        report does not exist
//   POST ${WORKER_URL}/internal/rooms/<reportId>/snapshot  application/octet-stream (the room's whole
//        state) → 200 {data: {saved: boolean}} (false: Postgres already had it), 404 report_not_found,
//        400 not a usable report document
// Both carry `Authorization: Bearer INTERNAL_SECRET`. Any other 404 (a worker without these routes)
// is a failure to retry, never "the report is gone".
import type { SaveOutcome } from './persistence';

export interface WorkerLink {
  workerUrl: string;
  secret: string;
}

/** What loading a report's document from the worker gave. */
export type LoadOutcome = { kind: 'loaded'; update: Uint8Array } | { kind: 'not_found' } | { kind: 'failed'; detail: string };

const TIMEOUT_MS = 15_000;

/** The worker's URL and the shared secret from the room's variables, or null when either is missing. */
export function workerLink(env: Record<string, unknown>): WorkerLink | null {
  const { WORKER_URL, INTERNAL_SECRET } = env;
  if (typeof WORKER_URL !== 'string' || !WORKER_URL || typeof INTERNAL_SECRET !== 'string' || !INTERNAL_SECRET) return null;
  return { workerUrl: WORKER_URL.replace(/\/$/, ''), secret: INTERNAL_SECRET };
}

/**
 * Waits before each new try of a load that never got an answer. A connection can drop under a
 * request (workerd: "Network connection lost.", seen when a kept-alive connection is closed by the
 * other side just as it is reused); the load is a GET, so it is simply asked again.
 */
const LOAD_RETRY_DELAYS_MS = [50, 250];

/** Fetches the report's document as Postgres has it, to fill a room whose storage is empty. */
export async function loadDocument(link: WorkerLink, reportId: string, retryDelaysMs: readonly number[] = LOAD_RETRY_DELAYS_MS): Promise<LoadOutcome> {
  let res: Response | undefined;
  for (let attempt = 0; !res; attempt++) {
    try {
      res = await fetch(`${link.workerUrl}/internal/rooms/${reportId}/document`, {
        headers: { authorization: `Bearer ${link.secret}` },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      const delay = retryDelaysMs[attempt];
      // A timeout already waited long enough; anything else gets its retries.
      if (delay === undefined || (err instanceof Error && err.name === 'TimeoutError')) return { kind: 'failed', detail: String(err) };
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  if (!res.ok) {
    const text = await res.text();
    if (isReportNotFound(res.status, text)) return { kind: 'not_found' };
    return { kind: 'failed', detail: `HTTP ${res.status}: ${text.slice(0, 300)}` };
  }
  return { kind: 'loaded', update: new Uint8Array(await res.arrayBuffer()) };
}

/** Hands the room's whole state to the worker, which writes it to Postgres. */
export async function sendSnapshot(link: WorkerLink, reportId: string, state: Uint8Array): Promise<SaveOutcome> {
  let res: Response;
  try {
    res = await fetch(`${link.workerUrl}/internal/rooms/${reportId}/snapshot`, {
      method: 'POST',
      headers: { authorization: `Bearer ${link.secret}`, 'content-type': 'application/octet-stream' },
      // Typed for workerd; other lib typings (the tests' Node build) see a Uint8Array body differently.
      body: state as unknown as BodyInit,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { kind: 'failed', detail: String(err) };
  }
  const text = await res.text();
  if (res.ok) return { kind: 'saved' };
  if (isReportNotFound(res.status, text)) return { kind: 'not_found' };
  const detail = `HTTP ${res.status}: ${text.slice(0, 300)}`;
  if (res.status === 400 || res.status === 413) return { kind: 'rejected', detail };
  return { kind: 'failed', detail };
}

function isReportNotFound(status: number, body: string): boolean {
  if (status !== 404) return false;
  try {
    return (JSON.parse(body) as { error?: { code?: unknown } }).error?.code === 'report_not_found';
  } catch {
    return false;
  }
}
