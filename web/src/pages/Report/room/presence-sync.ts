// Two fixes to how y-partykit's provider handles presence (awareness), found by testing reconnects.
//
// 1. The provider sends every awareness change it sees back to the room, other people's included.
//    The room gives a client id to whichever connection speaks for it after its owner left
//    (party/server.ts, claimAwareness), so echoing someone's departure made their id ours, and the
//    room then dropped their presence when they came back. We send only our own state.
// 2. When the socket closes, the provider drops everyone else's state but keeps their clocks; on
//    reconnecting, the room resends those states at the same clocks and they are ignored, so the
//    others stay invisible until they next move. Forgetting the clocks lets the resend through.
import * as encoding from 'lib0/encoding';
import type YPartyKitProvider from 'y-partykit/provider';
import * as awarenessProtocol from 'y-protocols/awareness';

const MESSAGE_AWARENESS = 1;

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

/** Applies both fixes to `provider` (before it connects). */
export function fixPresence(provider: YPartyKitProvider): void {
  const awareness = provider.awareness;
  awareness.off('update', provider._awarenessUpdateHandler);
  provider._awarenessUpdateHandler = ({ added, updated, removed }: AwarenessChanges) => {
    const me = awareness.clientID;
    if (![...added, ...updated, ...removed].includes(me)) return;
    const ws = provider.ws;
    if (!provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [me]));
    ws.send(encoding.toUint8Array(encoder));
  };
  // Registered again under the same field, so the provider's destroy() removes this one.
  awareness.on('update', provider._awarenessUpdateHandler);

  provider.on('status', ({ status }: { status: string }) => {
    if (status !== 'disconnected') return;
    for (const clientId of [...awareness.meta.keys()]) {
      if (clientId !== awareness.clientID && !awareness.states.has(clientId)) awareness.meta.delete(clientId);
    }
  });
}
