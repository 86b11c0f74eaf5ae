// PGlite is one Postgres session; @electric-sql/pglite-socket shares it between clients one protocol
// message at a time. That keeps explicit transactions apart, but not the extended protocol: client
// A's Parse/Bind/Execute and client B's can interleave, so B's Parse replaces A's unnamed statement
// and A gets B's rows or "portal does not exist". Concurrent worker requests did exactly that.
//
// The proxy therefore lets one client at a time talk to PGlite, from its first message until the
// server is ready for a query again with no transaction open (ReadyForQuery 'I'), and only for the
// messages that client actually sends: idle connections hold nothing. Real PostgreSQL needs none of it.

/** Hands the single PGlite session to one connection at a time, first come first served. */
export class SessionLock {
  private holder: PgSessionGate | null = null;
  private readonly waiting: PgSessionGate[] = [];

  /** Grants the session to `gate` now or, when another holds it, once it is free (`gate.granted()`). */
  acquire(gate: PgSessionGate): void {
    if (this.holder === gate || this.waiting.includes(gate)) return;
    if (!this.holder) {
      this.holder = gate;
      gate.granted();
    } else {
      this.waiting.push(gate);
    }
  }

  /** Gives the session to the next waiting connection. */
  release(gate: PgSessionGate): void {
    const i = this.waiting.indexOf(gate);
    if (i >= 0) this.waiting.splice(i, 1);
    if (this.holder !== gate) return;
    this.holder = this.waiting.shift() ?? null;
    this.holder?.granted();
  }

  /** True when some connection is waiting for the session. */
  get contended(): boolean {
    return this.waiting.length > 0;
  }
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
// Parse, Bind, Describe, Execute, Close, Flush: parts of a statement that a Sync completes.
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);
// A transaction left open this long while others wait is abandoned: its connection is cut, which
// makes pglite-socket roll it back, instead of every other client hanging behind it for ever.
const STALLED_HOLDER_MS = 15_000;

/**
 * One client connection's view of the protocol: queues what the client sends until the lock is
 * held, and watches the server's replies to know when the session is free again.
 */
export class PgSessionGate {
  private clientBuf = Buffer.alloc(0);
  private serverBuf = Buffer.alloc(0);
  private readonly queued: Buffer[] = [];
  private startupDone = false;
  /** Replies still owed: one ReadyForQuery per Sync / simple Query / startup. */
  private awaiting = 0;
  /** The server owes a bare 'S'/'N' byte for an SSL or GSS request. */
  private awaitingSslByte = false;
  private inTransaction = false;
  /** Extended-protocol messages sent with no Sync after them yet: the statement is half-built. */
  private unsynced = false;
  private holding = false;
  private closed = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly lock: SessionLock,
    private readonly toServer: (chunk: Buffer) => void,
    private readonly abort: () => void,
  ) {}

  /** Bytes from the client: split into messages, queued, sent once the session is ours. */
  fromClient(chunk: Buffer): void {
    if (this.closed) return;
    this.clientBuf = Buffer.concat([this.clientBuf, chunk]);
    for (;;) {
      const message = this.nextClientMessage();
      if (!message) break;
      this.queued.push(message);
    }
    if (this.queued.length === 0) return;
    if (this.holding) this.flush();
    else this.lock.acquire(this);
  }

  /** Bytes from the server (forwarded by the caller unchanged): watch for ReadyForQuery. */
  fromServer(chunk: Buffer): void {
    if (this.closed) return;
    this.serverBuf = Buffer.concat([this.serverBuf, chunk]);
    for (;;) {
      if (this.awaitingSslByte) {
        if (this.serverBuf.length < 1) break;
        this.serverBuf = this.serverBuf.subarray(1);
        this.awaitingSslByte = false;
        this.awaiting = Math.max(0, this.awaiting - 1);
        continue;
      }
      if (this.serverBuf.length < 5) break;
      const type = this.serverBuf[0]!;
      const length = this.serverBuf.readInt32BE(1);
      if (this.serverBuf.length < 1 + length) break;
      if (type === 0x5a /* Z */) {
        this.awaiting = Math.max(0, this.awaiting - 1);
        this.inTransaction = this.serverBuf[5] !== 0x49; /* 'I' idle; 'T' / 'E' in a transaction */
      }
      this.serverBuf = this.serverBuf.subarray(1 + length);
    }
    this.maybeRelease();
  }

  /** Called by the lock when this connection may talk. */
  granted(): void {
    if (this.closed) return this.lock.release(this);
    this.holding = true;
    this.flush();
  }

  /** The connection is gone: free the session for the others. */
  close(): void {
    this.closed = true;
    clearTimeout(this.stallTimer);
    this.queued.length = 0;
    this.holding = false;
    this.lock.release(this);
  }

  private flush(): void {
    while (this.queued.length > 0) {
      const message = this.queued.shift()!;
      this.toServer(message);
    }
    this.armStallTimer();
    this.maybeRelease();
  }

  private maybeRelease(): void {
    if (!this.holding || this.awaiting > 0 || this.inTransaction || this.unsynced || this.queued.length > 0) return;
    this.holding = false;
    clearTimeout(this.stallTimer);
    this.lock.release(this);
  }

  private armStallTimer(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => {
      // Only a client idle inside its transaction is cut off, never one waiting for a slow query.
      if (this.holding && this.awaiting === 0 && this.lock.contended) this.abort();
      else if (this.holding) this.armStallTimer();
    }, STALLED_HOLDER_MS);
    this.stallTimer.unref?.();
  }

  /** The next whole message from the client, counting the replies it will cause. */
  private nextClientMessage(): Buffer | undefined {
    if (!this.startupDone) {
      // Startup-phase messages have no type byte: Int32 length, Int32 code.
      if (this.clientBuf.length < 8) return undefined;
      const length = this.clientBuf.readInt32BE(0);
      if (this.clientBuf.length < length) return undefined;
      const code = this.clientBuf.readInt32BE(4);
      const message = this.take(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.awaitingSslByte = true;
        this.awaiting += 1;
      } else if (code !== CANCEL_REQUEST) {
        this.startupDone = true;
        this.awaiting += 1;
      }
      return message;
    }
    if (this.clientBuf.length < 5) return undefined;
    const type = this.clientBuf[0]!;
    const length = this.clientBuf.readInt32BE(1);
    if (this.clientBuf.length < 1 + length) return undefined;
    // Sync and simple Query each end with a ReadyForQuery.
    if (type === 0x53 /* S */ || type === 0x51 /* Q */) {
      this.awaiting += 1;
      this.unsynced = false;
    } else if (EXTENDED.has(type)) {
      this.unsynced = true;
    }
    return this.take(1 + length);
  }

  private take(n: number): Buffer {
    const message = Buffer.from(this.clientBuf.subarray(0, n));
    this.clientBuf = this.clientBuf.subarray(n);
    return message;
  }
}
