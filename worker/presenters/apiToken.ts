// What the API sends about an API token: the listed fields only (never its hash; the secret only once).
import type { ApiTokenCreatedDto, ApiTokenDto } from '../../core/api/account';
import type { apiTokens } from '../../db/schema';

type ApiTokenRow = Pick<typeof apiTokens.$inferSelect, 'id' | 'name' | 'prefix' | 'createdAt' | 'lastUsedAt'>;

/** A token in the list of one's tokens. */
export function presentApiToken(token: ApiTokenRow): ApiTokenDto {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}

/** A token just created, with the secret the caller will not see again. */
export function presentCreatedApiToken(token: ApiTokenRow, secret: string): ApiTokenCreatedDto {
  return { id: token.id, name: token.name, prefix: token.prefix, token: secret, createdAt: token.createdAt.toISOString() };
}
