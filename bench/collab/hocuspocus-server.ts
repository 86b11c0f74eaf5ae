// The comparison server: Hocuspocus doing what our room does, in its own Node process (so its
// memory and CPU can be read like workerd's). It admits the same signed room tokens (viewers
// read-only), loads an empty document from the worker's internal endpoint and saves it back there
// after the same debounce (2 s, at least every 10 s, and when the last client leaves), so both
// servers exchange the same bytes with the same worker and Postgres.
// Started by run.ts with WORKER_URL, INTERNAL_SECRET and ROOM_TOKEN_SECRET; answers its port over IPC.
import type { AddressInfo } from 'node:net';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import { reportIdOfRoom, verifyRoomToken } from '../../core/room/token';

const { WORKER_URL, INTERNAL_SECRET, ROOM_TOKEN_SECRET } = process.env;
if (!WORKER_URL || !INTERNAL_SECRET || !ROOM_TOKEN_SECRET) throw new Error('WORKER_URL, INTERNAL_SECRET and ROOM_TOKEN_SECRET are required');
const auth = { authorization: `Bearer ${INTERNAL_SECRET}` };

const server = new Server({
  quiet: true,
  stopOnSignals: false,
  // Our room's SAVE_DEBOUNCE_MS / SAVE_MAX_WAIT_MS (and Hocuspocus's defaults).
  debounce: 2000,
  maxDebounce: 10_000,
  async onAuthenticate({ token, documentName, connectionConfig }) {
    const reportId = reportIdOfRoom(documentName);
    if (!reportId) throw new Error('not_found: room');
    const check = await verifyRoomToken(token, ROOM_TOKEN_SECRET, reportId);
    if (!check.ok) throw new Error(`unauthorized: ${check.error}`);
    connectionConfig.readOnly = check.claims.role === 'viewer';
    return { userId: check.claims.sub, role: check.claims.role };
  },
  async onLoadDocument({ document, documentName }) {
    const res = await fetch(`${WORKER_URL}/internal/rooms/${reportIdOfRoom(documentName)}/document`, { headers: auth });
    if (!res.ok) throw new Error(`loading ${documentName}: HTTP ${res.status}`);
    Y.applyUpdate(document, new Uint8Array(await res.arrayBuffer()));
    return document;
  },
  async onStoreDocument({ document, documentName }) {
    const res = await fetch(`${WORKER_URL}/internal/rooms/${reportIdOfRoom(documentName)}/snapshot`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(Y.encodeStateAsUpdate(document)),
    });
    if (!res.ok) console.error(`saving ${documentName}: HTTP ${res.status} ${await res.text()}`);
  },
});

// Server.listen() passes `address` where Node expects `host` and would bind every interface.
server.httpServer.listen({ port: 0, host: '127.0.0.1' }, () => {
  const { port } = server.httpServer.address() as AddressInfo;
  process.send?.({ type: 'listening', port });
});

// Asked before each memory reading (the process runs with --expose-gc); workerd offers no such
// call, so our room's readings may include garbage and err on the high side.
process.on('message', (message: { type: string }) => {
  if (message.type !== 'gc') return;
  globalThis.gc?.();
  const { heapUsed, external } = process.memoryUsage();
  // Live memory after a full collection: the JS heap plus buffers outside it (sockets, updates).
  process.send?.({ type: 'collected', liveBytes: heapUsed + external });
});

// The benchmark going away takes this server with it.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
