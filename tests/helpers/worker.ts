// An extra worker a test file starts (its own vars, e.g. pointed at a fake provider), serving the
// run's one prebuilt bundle like the shared worker does.
import { inject } from 'vitest';
import { startWorker, type RunningWorker, type WorkerOptions } from '../../scripts/lib/worker';

export type { RunningWorker };

/** `wrangler dev` on the run's worker bundle, with `opts`. */
export function startTestWorker(opts: Omit<WorkerOptions, 'bundle'>): Promise<RunningWorker> {
  return startWorker({ ...opts, bundle: inject('workerBundle') });
}
