// Creates an API token. The secret is returned once and only its SHA-256 is stored.
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiTokens } from '../../db/schema';
import { conflict } from '../errors';
import { randomToken, sha256Hex } from '../lib/bytes';
import { API_TOKEN_PREFIX } from '../lib/sessions';

/** Live tokens one account may hold: enough for any real use, and a bound on a runaway script. */
export const MAX_API_TOKENS = 50;

export interface ApiTokenCreatorProps {
  userId: string;
  /** Trimmed, 1..100: what the token is for. */
  name: string;
}

/** Stores a new token; returns the row and the secret. 409 too_many_tokens past MAX_API_TOKENS. */
export default async function apiTokenCreator(db: Db, props: ApiTokenCreatorProps) {
  const secret = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  const tokenHash = await sha256Hex(secret);
  return db.transaction(async (tx) => {
    const [live] = await tx
      .select({ n: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, props.userId), isNull(apiTokens.revokedAt)));
    if ((live?.n ?? 0) >= MAX_API_TOKENS) {
      throw conflict('too_many_tokens', `You have ${MAX_API_TOKENS} API tokens. Revoke one you no longer use first.`);
    }
    const [token] = await tx
      .insert(apiTokens)
      .values({ userId: props.userId, name: props.name, prefix: secret.slice(0, 8), tokenHash })
      .returning();
    return { token: token!, secret };
  });
}
