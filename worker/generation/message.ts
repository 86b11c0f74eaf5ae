// The queue message of a generation job, and putting one on the queue. A message only names the
// job: everything else (which sections are written, who holds the job) is read from Postgres when
// it is delivered, so a late, repeated or duplicated message can never act on stale orders.
import { z } from 'zod';
import type { Bindings } from '../env';
import { apiError } from '../errors';

export const generationMessageSchema = z.object({ jobId: z.uuid() });
export type GenerationMessage = z.infer<typeof generationMessageSchema>;

/** Puts the job on the generation queue (after `delaySeconds`); 503 when no queue is bound. */
export async function enqueueGeneration(env: Bindings, jobId: string, delaySeconds = 0): Promise<void> {
  if (!env.GENERATION_QUEUE) throw apiError(503, 'queue_unavailable', 'The generation queue is not configured.');
  await env.GENERATION_QUEUE.send({ jobId } satisfies GenerationMessage, delaySeconds > 0 ? { delaySeconds: Math.ceil(delaySeconds) } : undefined);
}
