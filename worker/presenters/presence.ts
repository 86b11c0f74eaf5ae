// What the API sends about who is in a report's room: the listed fields only.
import type { PresenceDto } from '../../core/api/presence';
import type { PresenceEntry } from '../lib/room-client';

/** One connected person. */
export function presentPresence(p: PresenceEntry): PresenceDto {
  return { userId: p.userId, name: p.name, color: p.color, role: p.role, connections: p.connections };
}
