// AI edit of one section: the proposal streams back (SSE over a POST), nothing changes until it is accepted.
import type { AiEditDoneEvent, AiEditErrorEvent, AiEditInput } from '../../../core/api/ai-edit';
import { ApiError, rawFetch, request, responseError } from './client';
import { readSse } from './sse';

const base = (reportId: string, sectionId: string) => `/api/reports/${encodeURIComponent(reportId)}/sections/${encodeURIComponent(sectionId)}/ai-edit`;

/**
 * Asks for a rewrite of a section; `onDelta` gets the text so far as it grows. Resolves with the
 * whole proposal; rejects with an ApiError when the API refuses (402, 403, 429…) or the model fails.
 */
export async function streamAiEdit(
  reportId: string,
  sectionId: string,
  input: AiEditInput,
  opts: { onDelta: (textSoFar: string) => void; signal?: AbortSignal },
): Promise<AiEditDoneEvent> {
  const res = await rawFetch(base(reportId, sectionId), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(input),
    signal: opts.signal ?? null,
  });
  if (!res.ok || !res.body) throw await responseError(res);
  let text = '';
  let done: AiEditDoneEvent | null = null;
  let failure: ApiError | null = null;
  await readSse(res.body, (event) => {
    if (event.event === 'delta') {
      text += (JSON.parse(event.data) as { text: string }).text;
      opts.onDelta(text);
    } else if (event.event === 'done') {
      done = JSON.parse(event.data) as AiEditDoneEvent;
    } else if (event.event === 'error') {
      const e = JSON.parse(event.data) as AiEditErrorEvent;
      failure = new ApiError(502, e.code, e.message);
    }
  });
  if (failure) throw failure;
  if (!done) throw new ApiError(502, 'stream_cut', 'The proposal stopped before it was complete. Try again.');
  return done;
}

/** Puts the accepted text in the section for everyone. */
export const acceptAiEdit = (reportId: string, sectionId: string, text: string) =>
  request<{ sectionId: string; paragraphs: number }>(`${base(reportId, sectionId)}/accept`, { json: { text } });
