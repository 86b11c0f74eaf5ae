// Streams a section's text into the live room in batches: the first piece goes at once, later ones
// wait until `intervalMs` after the previous send (or until it finished), so collaborators see text
// arrive at most ~intervalMs late while the room gets ~10 requests a second, not one per token.
// Sends are strictly sequential, so the text lands in the order the model wrote it.

/** Sends one batch; resolves false when the section is gone from the document. */
export type SendBatch = (text: string) => Promise<boolean>;

export class RoomTextStream {
  private buffer = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<void> | null = null;
  private lastSend = 0;
  private error: unknown = null;
  /** Set once a send says the section no longer exists. */
  sectionGone = false;
  /** Characters sent so far. */
  sent = 0;
  /** Batches sent so far. */
  batches = 0;

  constructor(
    private readonly send: SendBatch,
    private readonly intervalMs: number,
  ) {}

  push(text: string): void {
    if (!text || this.error || this.sectionGone) return;
    this.buffer += text;
    this.schedule();
  }

  /** Sends what is buffered and waits for every send; throws the first send failure. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (;;) {
      if (this.inflight) await this.inflight;
      else if (this.buffer && !this.error && !this.sectionGone) this.sendNow();
      else break;
    }
    if (this.error) throw this.error;
  }

  /** Drops what is buffered and waits for a send in flight (used when the attempt failed anyway). */
  async abandon(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = '';
    if (this.inflight) await this.inflight;
  }

  private schedule(): void {
    if (this.timer || this.inflight || !this.buffer) return;
    const wait = Math.max(0, this.lastSend + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.sendNow();
    }, wait);
  }

  private sendNow(): void {
    const text = this.buffer;
    this.buffer = '';
    this.lastSend = Date.now();
    this.inflight = this.send(text)
      .then(
        (applied) => {
          this.sent += text.length;
          this.batches += 1;
          if (!applied) this.sectionGone = true;
        },
        (err: unknown) => {
          this.error ??= err;
        },
      )
      .finally(() => {
        this.inflight = null;
        if (!this.error && !this.sectionGone) this.schedule();
      });
  }
}
