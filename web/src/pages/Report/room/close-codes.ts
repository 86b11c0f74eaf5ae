// The close codes the room refuses or ends a connection with (party/close.ts), as the page acts on them.

/** The token is missing, malformed, badly signed or expired: fetch a new one and reconnect. */
export const CLOSE_UNAUTHORIZED = 4401;
/** The user was removed from the report (or the token is for another report): stop. */
export const CLOSE_FORBIDDEN = 4403;
/** The report was deleted: stop. */
export const CLOSE_NOT_FOUND = 4404;
