// Who is in the room, from the awareness states: one entry per person however many tabs they have
// open. The room writes `user` into every state from the token (party/guard.ts), so the names and
// colours are the server's, not what a client claimed.
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';

export interface Person {
  /** The user id (the awareness client id when a state carries none yet). */
  key: string;
  name: string;
  color: string;
  role: string | null;
  isMe: boolean;
}

interface AwarenessUser {
  id?: unknown;
  name?: unknown;
  color?: unknown;
  role?: unknown;
}

/** Follows `awareness` until the owner is cleaned up; `meId` marks the page's own user. */
export function createPresence(awareness: Awareness, meId: () => string | undefined): Accessor<Person[]> {
  const read = (): Person[] => {
    const byKey = new Map<string, Person>();
    const mine = awareness.clientID;
    for (const [clientId, state] of awareness.getStates()) {
      const user = (state as { user?: AwarenessUser }).user;
      if (!user || typeof user.name !== 'string') continue;
      const id = typeof user.id === 'string' ? user.id : clientId === mine ? (meId() ?? String(clientId)) : String(clientId);
      const isMe = clientId === mine || id === meId();
      const existing = byKey.get(id);
      if (existing) {
        existing.isMe ||= isMe;
        continue;
      }
      byKey.set(id, {
        key: id,
        name: user.name,
        color: typeof user.color === 'string' ? user.color : '#64748b',
        role: typeof user.role === 'string' ? user.role : null,
        isMe,
      });
    }
    // Me first, then by name.
    return [...byKey.values()].sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name));
  };
  const [people, setPeople] = createSignal(read());
  const refresh = () => setPeople(read());
  awareness.on('change', refresh);
  onCleanup(() => awareness.off('change', refresh));
  return people;
}
