// One PartyKit room per report: the report's Yjs document, shared by everyone editing it through
// y-partykit. The room admits connections with a room token (auth.ts), keeps viewers read-only and
// awareness honest (guard.ts), persists the document in room storage (y-partykit), fills an empty
// room from Postgres and saves back to Postgres through the worker (persistence.ts), and answers
// the worker's internal calls (internal.ts). Close codes: close.ts.
import type * as Party from 'partykit/server';
import { onConnect, unstable_getYDoc } from 'y-partykit';
import * as Y from 'yjs';
import { reportIdOfRoom } from '../core/room/token';
import type { PresenceEntry } from '../worker/lib/room-client';
import { checkConnection, readAdmission, type Member } from './auth';
import { CLOSE, refuse } from './close';
import { guardConnection } from './guard';
import { handleInternal, type DocLookup } from './internal';
import { log, SlowSteps } from './log';
import { SAVE_DEBOUNCE_MS, SAVE_MAX_WAIT_MS, SnapshotSaver, durationVar } from './persistence';
import { Revocations, documentStorageIsEmpty } from './revocations';
import { loadDocument, sendSnapshot, workerLink, type WorkerLink } from './worker-client';

type YOptions = NonNullable<Parameters<typeof onConnect>[2]>;

// The y-partykit options every room shares: the document lives in room storage as a snapshot that
// y-partykit compacts when the last person leaves (gc must stay off with persistence). Each room
// adds its `load`, each connection `readOnly`; y-partykit keeps the options of the first connection
// and warns once that later ones differ, which does no harm.
const Y_OPTIONS = { persist: { mode: 'snapshot' }, gc: false } as const satisfies YOptions;

type MemberConnection = Party.Connection<Member>;

export default class ReportRoom implements Party.Server {
  readonly options: Party.ServerOptions = { hibernate: false };

  private readonly reportId: string | null;
  private readonly link: WorkerLink | null;
  private readonly yOptions: YOptions;
  private readonly saver: SnapshotSaver;
  private readonly revocations: Revocations;
  // Our own list of admitted connections: partykit's map is keyed by the `_pk` id a client picks,
  // so two sockets sharing an id would hide one of them from a kick.
  private readonly members = new Set<MemberConnection>();
  /** Awareness client id → the connection that speaks for it. */
  private readonly awarenessOwners = new Map<number, MemberConnection>();
  private doc: Y.Doc | null = null;
  private opening: Promise<DocLookup> | null = null;
  /** A document fetched from Postgres, waiting for y-partykit's `load` to take it. */
  private preloaded: Y.Doc | null = null;
  private loadedFromPostgres = false;
  /** The worker answered that the report was deleted: nobody joins any more. */
  private gone = false;

  constructor(readonly room: Party.Room) {
    this.reportId = reportIdOfRoom(room.id);
    this.link = workerLink(room.env);
    this.revocations = new Revocations(room.storage);
    this.yOptions = { ...Y_OPTIONS, load: async () => this.takePreloaded() };
    this.saver = new SnapshotSaver({
      reportId: this.reportId ?? room.id,
      state: () => Y.encodeStateAsUpdate(this.doc ?? new Y.Doc()),
      send: (state) => (this.link && this.reportId ? sendSnapshot(this.link, this.reportId, state) : Promise.resolve({ kind: 'failed', detail: 'WORKER_URL or INTERNAL_SECRET is not set' })),
      onGone: () => {
        this.gone = true;
        this.closeAll({ code: CLOSE.notFound, reason: 'not_found: report' });
      },
      debounceMs: durationVar(room.env.SAVE_DEBOUNCE_MS, SAVE_DEBOUNCE_MS),
      maxWaitMs: durationVar(room.env.SAVE_MAX_WAIT_MS, SAVE_MAX_WAIT_MS),
    });
  }

  /** Checks the room token at the edge, before the room wakes up (auth.ts). */
  static async onBeforeConnect(req: Party.Request, lobby: Party.Lobby): Promise<Party.Request> {
    return checkConnection(req, lobby);
  }

  /** Requests outside any room: a health check for the scripts that start us. */
  static onFetch(req: Party.Request): Response {
    return new URL(req.url).pathname === '/health' ? new Response('ok') : new Response('Not found', { status: 404 });
  }

  /** Admits a connection to the document, or closes it with the reason (close.ts). */
  async onConnect(conn: MemberConnection, ctx: Party.ConnectionContext): Promise<void> {
    const admission = readAdmission(ctx.request);
    if (admission.kind === 'refused') return refuse(conn, admission.refusal);
    const { member } = admission;
    const steps = new SlowSteps(this.reportId ?? this.room.id, 'admitting a connection was slow');
    try {
      await this.admit(conn, member, steps);
    } finally {
      steps.report();
    }
  }

  private async admit(conn: MemberConnection, member: Member, steps: SlowSteps): Promise<void> {
    if (await steps.time('revocations', this.revocations.isRevoked(member.userId, member.exp))) {
      return refuse(conn, { code: CLOSE.forbidden, reason: 'forbidden: revoked' });
    }
    const opened = await steps.time('open', this.openDoc());
    switch (opened.kind) {
      case 'ready':
        break;
      case 'not_found':
        return refuse(conn, { code: CLOSE.notFound, reason: 'not_found: report' });
      case 'unavailable':
        return refuse(conn, { code: CLOSE.unavailable, reason: 'unavailable: load_failed' });
      default:
        return opened satisfies never;
    }
    conn.setState(member);
    this.members.add(conn);
    guardConnection(conn, {
      member,
      claim: (clientId, removal) => this.claimAwareness(clientId, conn, removal),
      onViolation: (reason) => {
        log('warn', 'closing a connection that broke the message rules', { reportId: this.reportId, userId: member.userId, reason });
        refuse(conn, { code: CLOSE.tooLarge, reason: `too_large: ${reason}`.slice(0, 120) });
      },
    });
    await steps.time('y-partykit connect', onConnect(conn, this.room, { ...this.yOptions, readOnly: member.role === 'viewer' }));
    this.adopt(await steps.time('y-partykit document', unstable_getYDoc(this.room, { ...this.yOptions })));
  }

  /** Forgets the connection; the last one out saves the document to Postgres at once. */
  onClose(conn: MemberConnection): void {
    this.forget(conn);
  }

  /** A connection that errored is gone as well. */
  onError(conn: MemberConnection): void {
    this.forget(conn);
  }

  /** The worker's internal calls (internal.ts). */
  async onRequest(req: Party.Request): Promise<Response> {
    return handleInternal(req, this.room, {
      kick: (userId) => this.kick(userId),
      presence: () => this.presence(),
      openDoc: () => this.openDoc(),
      saveNow: (timeoutMs) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
        return Promise.race([this.saver.flush().then(() => true), late]).finally(() => timer && clearTimeout(timer));
      },
    });
  }

  /**
   * The document, loaded if it is not in memory: from room storage when y-partykit has stored
   * anything (loading from Postgres then would duplicate the content), else from Postgres.
   */
  private openDoc(): Promise<DocLookup> {
    this.opening ??= this.open().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async open(): Promise<DocLookup> {
    if (!this.reportId || this.gone) return { kind: 'not_found' };
    const steps = new SlowSteps(this.reportId, 'opening the room was slow');
    try {
      return await this.openTimed(this.reportId, steps);
    } finally {
      steps.report();
    }
  }

  private async openTimed(reportId: string, steps: SlowSteps): Promise<DocLookup> {
    const live = this.doc !== null && !this.doc.isDestroyed;
    if (!live && (await steps.time('storage check', documentStorageIsEmpty(this.room.storage)))) {
      if (!this.link) return { kind: 'unavailable', detail: 'WORKER_URL or INTERNAL_SECRET is not set' };
      const loaded = await steps.time('load from the worker', loadDocument(this.link, reportId));
      switch (loaded.kind) {
        case 'loaded': {
          const doc = new Y.Doc();
          Y.applyUpdate(doc, loaded.update);
          this.preloaded = doc;
          break;
        }
        case 'not_found':
          return { kind: 'not_found' };
        case 'failed':
          log('error', 'could not load the report document from the worker', { reportId, detail: loaded.detail });
          return { kind: 'unavailable', detail: loaded.detail };
        default:
          return loaded satisfies never;
      }
    }
    const doc = await steps.time('y-partykit document', unstable_getYDoc(this.room, { ...this.yOptions }));
    this.preloaded = null;
    if (this.loadedFromPostgres) {
      this.loadedFromPostgres = false;
      // y-partykit stores only updates made after binding storage; what `load` gave must be stored
      // too, or a restart would find edits without the content they were made on.
      await steps.time('storing the loaded state', doc.writeState());
      this.adopt(doc, { reconcile: false });
    } else {
      this.adopt(doc);
    }
    return { kind: 'ready', doc };
  }

  /** y-partykit's `load`: the document open() fetched from Postgres, if any. Never throws, so a failed load cannot wedge y-partykit. */
  private takePreloaded(): Y.Doc | null {
    const doc = this.preloaded;
    this.preloaded = null;
    if (doc) this.loadedFromPostgres = true;
    return doc;
  }

  /** Watches a document y-partykit (re)created for changes to save. */
  private adopt(doc: Y.Doc, { reconcile = true } = {}): void {
    if (doc === this.doc) return;
    this.doc = doc;
    doc.on('update', () => this.saver.changed());
    // Room storage can hold edits Postgres never got (the room stopped before saving): save once.
    if (reconcile) this.saver.changed();
  }

  private claimAwareness(clientId: number, conn: MemberConnection, removal: boolean): boolean {
    const owner = this.awarenessOwners.get(clientId);
    if (owner === conn) return true;
    // A removal never claims an id: y-partykit's provider echoes every awareness change back to the
    // room, other people's departures included, and an echo that claimed the id would block its
    // owner's next connection. Dropping it loses nothing: the room removed that state itself.
    if (removal) return false;
    // The same person may take over their own id: a reconnecting tab arrives before the room has
    // noticed its old socket died.
    if (owner && this.members.has(owner) && owner.state?.userId !== conn.state?.userId) return false;
    this.awarenessOwners.set(clientId, conn);
    return true;
  }

  private forget(conn: MemberConnection): void {
    if (!this.members.delete(conn)) return;
    for (const [clientId, owner] of this.awarenessOwners) if (owner === conn) this.awarenessOwners.delete(clientId);
    if (this.members.size === 0) {
      // Saved now rather than after the debounce, so Postgres never misses the final edits.
      void this.saver.flush();
    }
  }

  private async kick(userId: string): Promise<number> {
    await this.revocations.revoke(userId);
    let closed = 0;
    for (const conn of [...this.members]) {
      if (conn.state?.userId !== userId) continue;
      refuse(conn, { code: CLOSE.forbidden, reason: 'revoked' });
      this.forget(conn);
      closed += 1;
    }
    if (closed > 0) log('info', 'closed the connections of a removed user', { reportId: this.reportId, userId, closed });
    return closed;
  }

  private presence(): PresenceEntry[] {
    const byUser = new Map<string, PresenceEntry>();
    for (const conn of this.members) {
      const member = conn.state;
      if (!member) continue;
      const entry = byUser.get(member.userId);
      if (entry) {
        entry.connections += 1;
        // Someone on two tabs with two tokens: show the stronger role.
        if (rank(member.role) > rank(entry.role)) entry.role = member.role;
      } else {
        byUser.set(member.userId, { userId: member.userId, name: member.name, color: member.color, role: member.role, connections: 1 });
      }
    }
    return [...byUser.values()];
  }

  private closeAll(refusal: { code: typeof CLOSE.notFound; reason: string }): void {
    for (const conn of [...this.members]) {
      refuse(conn, refusal);
      this.forget(conn);
    }
  }
}

function rank(role: Member['role']): number {
  return role === 'owner' ? 2 : role === 'editor' ? 1 : 0;
}

ReportRoom satisfies Party.Worker;
