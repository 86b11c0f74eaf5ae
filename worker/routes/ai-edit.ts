// AI edit of one section. POST .../ai-edit streams the model's proposal back to the asking client
// only (SSE: delta…, then done or error) and writes nothing into the document; the client shows it
// and either drops it (no call) or POSTs .../ai-edit/accept, which puts it into the shared document.
// Charged by tokens after the stream (see docs/ai-edit.md).
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import * as Y from 'yjs';
import { aiEditAcceptSchema, aiEditSchema, sectionParam, type AiEditDoneEvent, type AiEditErrorEvent } from '../../core/api/ai-edit';
import { blocksPlainText, findSection, parseGeneratedSection, readReferences, readSectionBlocks, sectionPromptReferenceList } from '../../core/doc';
import { createDb } from '../../db/client';
import aiEditCharger from '../commands/aiEditCharger';
import type { AppEnv, Bindings } from '../env';
import { apiError } from '../errors';
import { balanceOf } from '../lib/credits';
import { insufficientCredits } from '../lib/ledger';
import { streamChat } from '../lib/llm/client';
import { llmConfig } from '../lib/llm/config';
import { editMessages, paragraphsOf } from '../lib/llm/edit';
import { LlmError } from '../lib/llm/errors';
import { log } from '../lib/log';
import { enforce } from '../lib/rate-limit';
import { applyRoomOps, roomState } from '../lib/room-client';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport } from '../policies/report';

/** AI edits one person may ask for per hour (each is a paid model call). */
export const AI_EDITS_PER_HOUR = 60;
/** Longest answer we let the model write for one section. */
const MAX_COMPLETION_TOKENS = 4000;

export const aiEdit = new Hono<AppEnv>()
  .post('/:id/sections/:sid/ai-edit', requireUser, validate('param', sectionParam), validate('json', aiEditSchema), async (c) => {
    const db = c.get('db');
    const user = c.get('user')!;
    const { id, sid } = c.req.valid('param');
    const { instruction, preset } = c.req.valid('json');
    await loadAuthorizedReport(db, id, user.id, 'edit');
    const section = await readSection(c.env, id, sid);
    const balance = await balanceOf(db, user.id);
    if (balance < 1) throw insufficientCredits(balance, 1);
    await enforce(db, { key: `ai_edit:${user.id}`, max: AI_EDITS_PER_HOUR, windowSeconds: 3600 });

    const config = llmConfig(c.env, 'edit');
    const messages = editMessages({ sectionTitle: section.title, text: section.text, instruction, preset, sources: section.sources });
    const editId = crypto.randomUUID();
    const env = c.env;
    return streamSSE(c, async (stream) => {
      // The request's pool closes when the handler returns, which is before the stream ends: the charge gets its own.
      const charge = async (usage: LlmError['usage'], ok: boolean) => {
        const { db: own, pool } = createDb(env);
        try {
          return await aiEditCharger(own, { userId: user.id, reportId: id, editId, model: config.model, usage, ok, tokensPerCredit: env.AI_EDIT_TOKENS_PER_CREDIT, prices: env.LLM_PRICES });
        } finally {
          await pool.end().catch(() => undefined);
        }
      };
      let writes: Promise<void> = Promise.resolve();
      try {
        const result = await streamChat(config, {
          messages,
          temperature: 0.4,
          maxTokens: MAX_COMPLETION_TOKENS,
          signal: c.req.raw.signal,
          onDelta: (text) => {
            writes = writes.then(() => stream.writeSSE({ event: 'delta', data: JSON.stringify({ text }) }));
          },
        });
        await writes;
        const credits = await charge(result.usage, true);
        const done: AiEditDoneEvent = { text: result.text, usage: result.usage, model: result.model, demo: result.demo, editId, credits };
        await stream.writeSSE({ event: 'done', data: JSON.stringify(done) });
      } catch (err) {
        await writes.catch(() => undefined);
        const error = err instanceof LlmError ? err : new LlmError('rejected', String(err));
        log('warn', 'ai edit failed', { reportId: id, editId, kind: error.kind, message: error.message });
        if (error.usage || error.receivedContent) {
          await charge(error.usage, false).catch((e) => log('error', 'ai edit usage not recorded', { editId, error: String(e) }));
        }
        const payload: AiEditErrorEvent = { code: error.retryable ? 'llm_unavailable' : 'llm_error', message: error.message };
        await stream.writeSSE({ event: 'error', data: JSON.stringify(payload) }).catch(() => undefined);
      }
    });
  })
  .post('/:id/sections/:sid/ai-edit/accept', requireUser, validate('param', sectionParam), validate('json', aiEditAcceptSchema), async (c) => {
    const db = c.get('db');
    const user = c.get('user')!;
    const { id, sid } = c.req.valid('param');
    const { text } = c.req.valid('json');
    await loadAuthorizedReport(db, id, user.id, 'edit');
    const section = await readSection(c.env, id, sid);
    // Markers are bound to the document's sources as numbered in the prompt; one naming no source is dropped.
    const parsed = parseGeneratedSection(text, section.numbers);
    if (parsed.unknown.length > 0) log('warn', 'ai edit: citation markers removed, no such reference', { reportId: id, sectionId: sid, markers: parsed.unknown });
    await applyRoomOps(c.env, id, [{ type: 'setSectionBlocks', sectionId: sid, blocks: parsed.blocks }]);
    return c.json({ data: { sectionId: sid, paragraphs: paragraphsOf(text).length, cited: parsed.cited, removedMarkers: parsed.unknown } });
  });

/**
 * The section's title and text as the live room has it now, its citations written as the numbered
 * markers the model keeps ([n]: the n-th source of the document), with that numbered source list;
 * 404 section_not_found when the outline has no such section.
 */
async function readSection(env: Bindings, reportId: string, sectionId: string): Promise<{ title: string; text: string; sources: string; numbers: Map<number, string> }> {
  const doc = new Y.Doc();
  try {
    try {
      Y.applyUpdate(doc, await roomState(env, reportId));
    } catch (err) {
      if (err instanceof Error && 'getResponse' in err) throw err;
      throw apiError(502, 'room_error', `The live room's document could not be read (${String(err)}).`);
    }
    const found = findSection(doc, sectionId);
    if (!found) throw apiError(404, 'section_not_found', 'The report has no such section.');
    const { text: sources, numbers } = sectionPromptReferenceList(readReferences(doc));
    const numberOf = new Map([...numbers].map(([n, refId]) => [refId, n]));
    const text = blocksPlainText(readSectionBlocks(doc, sectionId), { citation: (refId) => (numberOf.has(refId) ? `[${numberOf.get(refId)}]` : '') });
    return { title: found.section.title, text, sources, numbers };
  } finally {
    doc.destroy();
  }
}
