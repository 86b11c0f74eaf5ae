// POST /api/reports/:id/outline: the model drafts the outline from the report's topic, description,
// guidelines and the text of its uploaded guideline documents; it lands in the live room for
// everyone and in Postgres. An outline people have edited since it was generated is replaced only
// when the caller confirms with `replace: true`.
import { Hono } from 'hono';
import { generateOutlineSchema, type ModelOutline } from '../../core/api/outline';
import { reportIdParam } from '../../core/api/reports';
import { normalizeOutline, outlineEdited, type ReportJson } from '../../core/doc';
import generatedOutlineSaver from '../commands/generatedOutlineSaver';
import tokenUsageRecorder from '../commands/tokenUsageRecorder';
import type { AppEnv, Bindings } from '../env';
import { apiError, conflict } from '../errors';
import { guidelineDocuments } from '../lib/guidelines';
import { streamChat } from '../lib/llm/client';
import { llmConfig } from '../lib/llm/config';
import { LlmError } from '../lib/llm/errors';
import { outlineMessages, parseOutline, type OutlineBrief } from '../lib/llm/outline';
import { log } from '../lib/log';
import { enforce } from '../lib/rate-limit';
import { liveReport } from '../lib/live-report';
import { applyRoomOps } from '../lib/room-client';
import type { Db } from '../../db/client';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport } from '../policies/report';
import { presentGeneratedOutline } from '../presenters/outline';

/** Outline generations one person may start per hour (each is a paid model call). */
export const OUTLINES_PER_HOUR = 30;
/** Calls per generation: the first, and one retry when the answer is not a valid outline. */
const ATTEMPTS = 2;
/** Characters of uploaded guideline documents put into the outline prompt, shared between them (≈15k tokens). */
export const OUTLINE_DOCUMENT_CHARS = 60_000;

export const outline = new Hono<AppEnv>().post('/:id/outline', requireUser, validate('param', reportIdParam), validate('json', generateOutlineSchema), async (c) => {
  const db = c.get('db');
  const user = c.get('user');
  const { id } = c.req.valid('param');
  const { replace } = c.req.valid('json');
  const { report } = await loadAuthorizedReport(db, id, user.id, 'generate');
  await enforce(db, { key: `outline:${user.id}`, max: OUTLINES_PER_HOUR, windowSeconds: 3600 });

  if (!replace && outlineEditedIn((await liveReport(c.env, id)).json)) {
    throw conflict('outline_edited', 'The outline was edited since it was generated. Send replace: true to replace it.');
  }

  const documents = await guidelineDocuments(db, id, OUTLINE_DOCUMENT_CHARS);
  const generated = await generateOutline(db, c.env, { userId: user.id, reportId: id }, { ...report, documents });
  const outlineJson = normalizeOutline(generated.outline);
  // The check above was made before the model answered; someone may have edited the outline since.
  // The room checks again as it applies the new one, so an edit made meanwhile is never overwritten.
  const [applied] = await applyRoomOps(c.env, id, [{ type: 'setOutline', outline: outlineJson, generated: true, ...(replace ? {} : { ifUnedited: true }) }]);
  if (!applied) throw conflict('outline_edited', 'The outline was edited while the new one was being generated. Send replace: true to replace it.');
  // `save`: answered once Postgres holds the room's document with the new outline, after any save of
  // the old one already on its way, so no older save can land after the row written below.
  await applyRoomOps(c.env, id, [{ type: 'setMeta', status: 'outlined' }], undefined, { save: true });
  await generatedOutlineSaver(db, { reportId: id, outline: outlineJson, userId: user.id });
  return c.json({ data: presentGeneratedOutline({ ...generated, outline: outlineJson }) });
});

/** Whether the live outline has content that is not the generated outline as it was stored. */
function outlineEditedIn(json: ReportJson): boolean {
  return outlineEdited(json.outline, json.generatedOutline);
}

interface Generated {
  outline: ModelOutline;
  model: string;
  demo: boolean;
  promptTokens: number;
  completionTokens: number;
}

/** Calls the model, retrying once on an answer that is not a valid outline; records every call's tokens. */
async function generateOutline(db: Db, env: Bindings, who: { userId: string; reportId: string }, brief: OutlineBrief): Promise<Generated> {
  const config = llmConfig(env, 'outline');
  const messages = outlineMessages(brief);
  const record = (usage: { promptTokens: number; completionTokens: number } | null, outcome: 'ok' | 'failed') =>
    tokenUsageRecorder(db, { ...who, task: 'outline', model: config.model, usage, outcome, prices: env.LLM_PRICES });
  let promptTokens = 0;
  let completionTokens = 0;
  let lastReason = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let result;
    try {
      result = await streamChat(config, { messages, json: true, temperature: 0.4 });
    } catch (err) {
      const error = err instanceof LlmError ? err : new LlmError('rejected', String(err));
      if (error.usage || error.receivedContent) await record(error.usage, 'failed');
      log('warn', 'outline generation failed', { reportId: who.reportId, kind: error.kind, message: error.message });
      throw providerFailure(error);
    }
    promptTokens += result.usage?.promptTokens ?? 0;
    completionTokens += result.usage?.completionTokens ?? 0;
    const parsed = parseOutline(result.text);
    await record(result.usage, parsed.kind === 'ok' ? 'ok' : 'failed');
    if (parsed.kind === 'ok') return { outline: parsed.outline, model: result.model, demo: result.demo, promptTokens, completionTokens };
    lastReason = parsed.reason;
    log('warn', 'outline answer invalid', { reportId: who.reportId, attempt, reason: parsed.reason });
  }
  throw apiError(502, 'llm_invalid_output', `The model did not produce a valid outline after ${ATTEMPTS} attempts (${lastReason}). Nothing was changed; try again.`);
}

/** The API error for a provider failure: 503 when retrying later may work, else 502. */
function providerFailure(error: LlmError) {
  if (!error.retryable) return apiError(502, 'llm_error', error.message, { details: { reason: error.kind } });
  const seconds = error.opts.retryAfterMs !== undefined ? Math.max(1, Math.ceil(error.opts.retryAfterMs / 1000)) : undefined;
  return apiError(503, 'llm_unavailable', `${error.message} Try again later.`, {
    details: { reason: error.kind, ...(seconds ? { retryAfterSeconds: seconds } : {}) },
    ...(seconds ? { headers: { 'retry-after': String(seconds) } } : {}),
  });
}
