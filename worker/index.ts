// The Cloudflare Worker's entry point: the HTTP API, the generation queue's consumer, and the cron
// that puts abandoned generation jobs back on the queue and forgets rate-limit counts no limit reads.
import { app } from './app';
import { createDb } from '../db/client';
import type { Bindings } from './env';
import { handleGenerationBatch } from './generation/queue';
import { requeueAbandonedJobs } from './generation/sweeper';
import { forgetOldHits } from './lib/rate-limit';

export default {
  fetch: app.fetch,
  queue: handleGenerationBatch,
  async scheduled(_controller, env, ctx) {
    const { db, pool } = createDb(env);
    ctx.waitUntil(Promise.all([requeueAbandonedJobs(db, env), forgetOldHits(db)]).finally(() => pool.end().catch(() => undefined)));
  },
} satisfies ExportedHandler<Bindings>;
