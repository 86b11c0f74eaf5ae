// The worker's `queue` handler for the generation queue: each message of a batch is handled
// concurrently and acked or retried on its own, so one slow job never holds back the others.
import { createDb } from '../../db/client';
import type { Bindings } from '../env';
import { log } from '../lib/log';
import { deliverGeneration } from './consumer';
import { endJob } from './end-job';
import { generationMessageSchema } from './message';

/** Deliveries of one message that may fail before its job is ended as failed (wrangler.toml max_retries + 1). */
export const MAX_DELIVERIES = 6;

export async function handleGenerationBatch(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  await Promise.all(batch.messages.map((message) => handleMessage(message, env)));
}

async function handleMessage(message: Message<unknown>, env: Bindings): Promise<void> {
  const parsed = generationMessageSchema.safeParse(message.body);
  if (!parsed.success) {
    log('error', 'malformed generation message dropped', { id: message.id });
    message.ack();
    return;
  }
  const { jobId } = parsed.data;
  try {
    const delivery = await deliverGeneration(env, jobId);
    if (delivery.kind === 'ack') message.ack();
    else message.retry({ delaySeconds: delivery.delaySeconds });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log('error', 'generation delivery failed', { jobId, attempt: message.attempts, reason });
    if (message.attempts >= MAX_DELIVERIES) {
      // The queue would drop the message now: end the job instead of leaving it running.
      await failJob(env, jobId, `The job could not be processed: ${reason}`);
      message.ack();
    } else {
      message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  }
}

async function failJob(env: Bindings, jobId: string, reason: string): Promise<void> {
  const { db, pool } = createDb(env);
  try {
    await endJob(db, env, jobId, reason);
  } catch (err) {
    log('error', 'failed job could not be ended', { jobId, reason: String(err) });
  } finally {
    await pool.end().catch(() => undefined);
  }
}
