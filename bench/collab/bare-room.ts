// A bare y-partykit room for `npm run bench:collab -- --servers party,bare,...`: y-partykit's
// onConnect and nothing else (no room token, no guard, no saves to the worker). Set against our
// room under the same `partykit dev`, it shows what our room's own code costs on top of y-partykit
// and workerd. With the variable PERSIST=1 ('bare-persist') it keeps the document in room storage
// as our room does (snapshot mode, gc off), which isolates the cost of that storage.
import type * as Party from 'partykit/server';
import { onConnect } from 'y-partykit';

export default class BareRoom implements Party.Server {
  readonly options: Party.ServerOptions = { hibernate: false };

  constructor(readonly room: Party.Room) {}

  /** The health check the benchmark waits for. */
  static onFetch(req: Party.Request): Response {
    return new URL(req.url).pathname === '/health' ? new Response('ok') : new Response('Not found', { status: 404 });
  }

  /** Joins the connection to the room's document. */
  onConnect(conn: Party.Connection): Promise<void> {
    return onConnect(conn, this.room, this.room.env.PERSIST === '1' ? { persist: { mode: 'snapshot' }, gc: false } : {});
  }
}

BareRoom satisfies Party.Worker;
