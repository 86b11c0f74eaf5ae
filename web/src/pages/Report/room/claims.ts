// What a room token says about its holder. The room reads the same claims (after checking the
// signature) and shows everyone this name and colour; the page reads them only to show its own
// user the same way, so nothing here is trusted.
import type { RoomTokenClaims } from '../../../../../core/room/token';

/** Who the page's user is in the room. */
export interface RoomUser {
  id: string;
  name: string;
  color: string;
}

const FALLBACK_COLOR = '#64748b';

/** The user claims of a `<payload>.<signature>` room token (defaults when it cannot be read). */
export function userOfToken(token: string): RoomUser {
  try {
    const payload = token.split('.')[0] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (payload.length % 4)) % 4));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Partial<RoomTokenClaims>;
    return {
      id: typeof claims.sub === 'string' ? claims.sub : '',
      name: typeof claims.name === 'string' && claims.name ? claims.name : 'You',
      color: typeof claims.color === 'string' && /^#[0-9a-f]{6}$/i.test(claims.color) ? claims.color : FALLBACK_COLOR,
    };
  } catch {
    return { id: '', name: 'You', color: FALLBACK_COLOR };
  }
}
