// Structured logs from the rooms: one JSON object per line, like the worker's.

/** Writes one log line. */
export function log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), source: 'room', ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/** Work that takes longer than this is logged with the time of each step. */
const SLOW_OPEN_MS = 3_000;

/**
 * Times the steps of opening a room and logs them when the whole took long: a connection waits
 * for all of it before its handshake completes, so a slow step is what a user sees as a page that
 * never opens.
 */
export class SlowSteps {
  private readonly started = Date.now();
  private readonly steps: Record<string, number> = {};

  constructor(
    private readonly reportId: string,
    private readonly message: string,
  ) {}

  async time<T>(step: string, work: Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      return await work;
    } finally {
      this.steps[step] = Date.now() - start;
    }
  }

  report(): void {
    const total = Date.now() - this.started;
    if (total >= SLOW_OPEN_MS) log('warn', this.message, { reportId: this.reportId, totalMs: total, stepsMs: this.steps });
  }
}
