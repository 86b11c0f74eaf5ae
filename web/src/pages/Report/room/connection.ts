// One report's live room: a Y.Doc kept in sync through y-partykit's provider, with the token
// handling the provider leaves to us. Room tokens live five minutes and are checked only when a
// socket opens, so a fresh one is fetched before any reconnect that would present an old one, and
// whenever the room refuses one as expired (close 4401). The provider reconnects on its own with
// the URL it was built with, so on every close we take over: stop it, decide from the close code,
// and reconnect with a current token. The browser's offline/online events drop and restore the
// socket at once (a socket can outlive the network for a long time before it notices). A
// connection that has not brought the document within HANDSHAKE_TIMEOUT_MS is closed and tried
// again: a room answers the WebSocket handshake only once it has loaded the document, so a load
// stuck on the server would otherwise leave the page "Opening the live document…" for good.
import YPartyKitProvider from 'y-partykit/provider';
import * as Y from 'yjs';
import { fillEmptyTextBlocks } from '../../../../../core/doc';
import type { RoomTokenDto } from '../../../../../core/api/room-token';
import type { ReportRole } from '../../../../../core/api/reports';
import { isStatus } from '../../../api/client';
import { getRoomToken } from '../../../api/room';
import type { RoomStatus } from '../panels/types';
import { userOfToken, type RoomUser } from './claims';
import { CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, CLOSE_UNAUTHORIZED } from './close-codes';
import { fixPresence } from './presence-sync';
import { SaveTracker } from './saving';

/** Why the page stopped trying: access removed, report gone, or the session ended. */
export type RoomEnd = 'revoked' | 'not_found' | 'signed_out';

export interface RoomListener {
  status(status: RoomStatus): void;
  /** The token's role changed (a new share, or a demotion): editors must follow it. */
  role(role: ReportRole): void;
  ended(why: RoomEnd): void;
}

/** A token is renewed when it has less than this left. */
const RENEW_BEFORE_MS = 60_000;
const MAX_BACKOFF_MS = 10_000;
/** How long one connection may take to open and sync before it is dropped and tried again (the room's own load gives up after 15 s). */
export const HANDSHAKE_TIMEOUT_MS = 20_000;
/** After a refusal as forbidden: longer than the room refuses tokens issued right after a kick (2 s of clock skew, whole seconds). */
const FORBIDDEN_RETRY_MS = 3_500;

/**
 * The room host and protocol: the page's own origin in development and in the tests' build (Vite
 * proxies /parties), else where the API says.
 */
function roomEndpoint(token: RoomTokenDto): { host: string; protocol: 'ws' | 'wss' } {
  if (import.meta.env.DEV || import.meta.env.MODE === 'test') return { host: location.host, protocol: location.protocol === 'https:' ? 'wss' : 'ws' };
  const url = new URL(token.url);
  return { host: url.host, protocol: url.protocol === 'wss:' || url.protocol === 'https:' ? 'wss' : 'ws' };
}

/** The live room of one report. Call `start()` once, `destroy()` when leaving the page. */
export class RoomConnection {
  readonly doc = new Y.Doc();
  provider: YPartyKitProvider | null = null;
  /** Who this user is in the room (from the token). */
  user: RoomUser | null = null;
  role: ReportRole | null = null;
  /** True once the first sync completed: the document is the room's. */
  synced = false;
  private token: RoomTokenDto | null = null;
  private saves: SaveTracker | null = null;
  private stopped = false;
  private ending: RoomEnd | null = null;
  private attempts = 0;
  /** Refusals as forbidden since the last successful sync. */
  private forbidden = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private handshakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onOnline = () => this.reconnectSoon(0);
  private readonly onOffline = () => {
    this.provider?.disconnect();
    this.emitStatus();
  };

  constructor(
    readonly reportId: string,
    private readonly listener: RoomListener,
  ) {
    // A line made with Enter gets a text of its own at once, so two people starting to type in it
    // together cannot end up with a character twice (core/doc/text-blocks.ts).
    this.doc.on('afterTransaction', fillEmptyTextBlocks);
  }

  /** Fetches a token, builds the provider and connects. Resolves once the first token is in (the role is known). */
  async start(): Promise<void> {
    if (this.provider) return;
    const token = await this.freshToken();
    if (!token || this.stopped) return;
    this.user = userOfToken(token.token);
    this.role = token.role;
    const { host, protocol } = roomEndpoint(token);
    const provider = new YPartyKitProvider(host, token.room, this.doc, {
      party: token.party,
      protocol,
      connect: false,
      // Read on every connect(): always the current token.
      params: () => ({ token: this.token?.token ?? null }),
      // Other tabs must not sync around the room: their edits would look confirmed when they are not.
      disableBc: true,
    });
    this.provider = provider;
    fixPresence(provider);
    // Presence before any editor exists; the room replaces `user` with the token's anyway.
    provider.awareness.setLocalStateField('user', { name: this.user.name, color: this.user.color });
    this.saves = new SaveTracker(provider, this.doc, () => this.emitStatus());
    provider.on('status', ({ status }: { status: string }) => {
      // Peers and the room dropped our presence at its current clock when the socket closed, and
      // ignore a state sent again at that clock: send it with a new one.
      if (status === 'connected') provider.awareness.setLocalState({ ...provider.awareness.getLocalState() });
      if (status === 'connecting') this.watchHandshake(provider);
      this.emitStatus();
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.stopWatchingHandshake();
        this.synced = true;
        this.attempts = 0;
        this.forbidden = 0;
      }
      this.emitStatus();
    });
    provider.on('connection-close', (event: CloseEvent | null) => this.closed(event?.code ?? 1006));
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    if (navigator.onLine) provider.connect();
    this.emitStatus();
  }

  /** The status the page shows. */
  status(): RoomStatus {
    const provider = this.provider;
    if (this.ending || !navigator.onLine) return 'offline';
    if (!provider) return 'connecting';
    if (provider.wsconnected) {
      if (this.saves?.isPending) return 'saving';
      return provider.synced ? 'connected' : 'connecting';
    }
    return this.synced ? 'offline' : 'connecting';
  }

  /** Whether some local edit has not reached the room yet (it would be lost with the page). */
  hasUnconfirmedEdits(): boolean {
    return this.saves?.isPending ?? false;
  }

  /** Leaves the room for good. */
  destroy(): void {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.renewTimer) clearTimeout(this.renewTimer);
    this.stopWatchingHandshake();
    this.saves?.destroy();
    this.provider?.destroy();
    this.doc.destroy();
  }

  private emitStatus(): void {
    if (!this.stopped) this.listener.status(this.status());
  }

  /** Drops the socket being opened if it has not synced in time; the close brings a new try. */
  private watchHandshake(provider: YPartyKitProvider): void {
    this.stopWatchingHandshake();
    const ws = provider.ws;
    this.handshakeTimer = setTimeout(() => {
      this.handshakeTimer = null;
      if (!this.stopped && provider.ws === ws && ws && !provider.synced) ws.close();
    }, HANDSHAKE_TIMEOUT_MS);
  }

  private stopWatchingHandshake(): void {
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
  }

  /** A socket closed: decide from the code whether, and with which token, to come back. */
  private closed(code: number): void {
    this.stopWatchingHandshake();
    // Keep the provider from reconnecting by itself with the URL (and token) it has.
    this.provider?.disconnect();
    if (this.stopped) return;
    switch (code) {
      case CLOSE_FORBIDDEN:
        // The room closes a removed member and a demoted editor alike, and refuses their tokens
        // issued until a few seconds after (party/revocations.ts). A new token says which it was
        // at once (the API answers 404 to someone removed: freshToken ends the room); the
        // connection waits for a token issued after that window.
        this.forbidden += 1;
        if (this.forbidden > 3) return this.end('revoked');
        this.token = null;
        void this.freshToken().then(() => {
          this.token = null;
          this.reconnectSoon(FORBIDDEN_RETRY_MS * this.forbidden);
        });
        return;
      case CLOSE_UNAUTHORIZED:
        this.token = null;
        return this.reconnectSoon(this.attempts === 0 ? 0 : this.backoff());
      default:
        return this.reconnectSoon(this.backoff());
    }
  }

  private backoff(): number {
    return Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.attempts, 6));
  }

  private reconnectSoon(delay: number): void {
    if (this.stopped || this.ending || this.reconnectTimer) return;
    this.emitStatus();
    // Offline: the "online" event brings us back.
    if (!navigator.onLine) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.reconnect();
    }, delay);
  }

  private async reconnect(): Promise<void> {
    this.attempts += 1;
    const token = await this.currentToken();
    if (this.stopped || this.ending || !this.provider) return;
    if (!token) return this.reconnectSoon(this.backoff());
    if (this.provider.wsconnected || this.provider.ws) return;
    this.provider.connect();
  }

  /** The token, renewed when it is missing or about to expire; null when none could be had right now. */
  private async currentToken(): Promise<RoomTokenDto | null> {
    const token = this.token;
    if (token && Date.parse(token.expiresAt) - Date.now() > RENEW_BEFORE_MS) return token;
    return this.freshToken();
  }

  /** Asks the API for a new token; ends the room when the API says the report is gone or the session ended. */
  private async freshToken(): Promise<RoomTokenDto | null> {
    try {
      const token = await getRoomToken(this.reportId);
      if (this.stopped) return null;
      const previousRole = this.role;
      this.token = token;
      this.scheduleRenewal(token);
      if (previousRole && token.role !== previousRole) this.roleChanged(token.role);
      return token;
    } catch (err) {
      if (isStatus(err, 404) || isStatus(err, 403)) this.end(this.synced ? 'revoked' : 'not_found');
      else if (isStatus(err, 401)) this.end('signed_out');
      else if (!this.provider) throw err;
      return null;
    }
  }

  /** Keeps a valid token at hand, so a reconnect after a network drop needs no API call first. */
  private scheduleRenewal(token: RoomTokenDto): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    const wait = Math.max(5_000, Date.parse(token.expiresAt) - Date.now() - RENEW_BEFORE_MS);
    this.renewTimer = setTimeout(() => {
      this.renewTimer = null;
      void this.freshToken();
    }, wait);
  }

  /** A new role takes effect in the room only on a new connection: reconnect with the new token. */
  private roleChanged(role: ReportRole): void {
    this.role = role;
    this.listener.role(role);
    if (this.provider?.ws) this.provider.ws.close();
  }

  private end(why: RoomEnd): void {
    if (this.ending) return;
    this.ending = why;
    this.provider?.disconnect();
    this.listener.ended(why);
    this.emitStatus();
  }
}
