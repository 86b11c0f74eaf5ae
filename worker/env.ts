// The worker's bindings and per-request variables, defined once for every route and middleware.
import type { Db } from '../db/client';
import type { User } from '../db/schema';
import type { GenerationMessage } from './generation/message';

export interface Bindings {
  DATABASE_URL: string;
  /** host:port/v1 of the local WebSocket-to-TCP proxy; unset in production (Neon). */
  DB_WS_PROXY?: string;
  /** development | test | production */
  ENVIRONMENT?: string;
  /** The web client's origin, for CORS and for links in emails. */
  APP_ORIGIN?: string;
  /** outbox (development: the mail_outbox table and the console) | http (a provider's send API). */
  MAIL_TRANSPORT?: string;
  MAIL_API_URL?: string;
  MAIL_API_KEY?: string;
  MAIL_FROM?: string;
  /** Google sign-in is on when both are set. */
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  /** Overridable endpoints, so tests can point at a fake OIDC server. */
  GOOGLE_AUTH_URL?: string;
  GOOGLE_TOKEN_URL?: string;
  GOOGLE_ISSUER?: string;
  /** Credits granted to a new account (default 5: one report). */
  SIGNUP_CREDITS?: string;
  /** Stripe: checkout and webhooks work only when both keys are set (else 503 payments_not_configured). */
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** Overridable Stripe API base (e.g. http://127.0.0.1:12111), so tests can point at a fake. */
  STRIPE_API_BASE?: string;
  /** JSON array of credit packs [{id, name?, credits, amountCents, currency?}] replacing the defaults. */
  CREDIT_PACKS?: string;
  /** Base URL the worker uses to reach the PartyKit rooms (internal endpoints). */
  PARTY_URL?: string;
  /** Base URL browsers use to open room WebSockets (defaults to PARTY_URL). */
  PARTY_PUBLIC_URL?: string;
  /** Signs room tokens; the rooms verify them with the same secret. */
  ROOM_TOKEN_SECRET?: string;
  /** Guards the internal HTTP endpoints between worker and rooms, both ways. */
  INTERNAL_SECRET?: string;
  /** Minutes between automatic history snapshots of a report (default 5). */
  AUTO_SNAPSHOT_MINUTES?: string;
  /** Scholarly metadata APIs (overridable so tests can point at a fake); defaults are the public ones. */
  OPENALEX_BASE_URL?: string;
  CROSSREF_BASE_URL?: string;
  /** A contact address sent as `mailto`, which puts our calls in OpenAlex's and Crossref's polite pools. */
  SCHOLARLY_MAILTO?: string;
  /** LLM (OpenAI-compatible). Without a key the offline demo model answers (see docs/llm.md). */
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  /** Model for every task, unless a per-task override below is set. */
  OPENAI_MODEL?: string;
  OPENAI_MODEL_OUTLINE?: string;
  OPENAI_MODEL_SECTION?: string;
  OPENAI_MODEL_EDIT?: string;
  /** Milliseconds of silence in a streamed answer before the call is aborted (default 30000). */
  LLM_IDLE_TIMEOUT_MS?: string;
  /** JSON {"<model>": {"prompt": usdPerMillion, "completion": usdPerMillion}} for token_usage costs (default 0). */
  LLM_PRICES?: string;
  /** Tokens one AI-edit credit buys (default 10000): an edit costs ceil(total tokens / this) credits. */
  AI_EDIT_TOKENS_PER_CREDIT?: string;
  /** Uploaded files (guideline documents, images); without it the upload routes answer 503. */
  UPLOADS?: R2Bucket;
  /** The generation queue (wrangler.toml [[queues.producers]]); jobs are written by this worker's `queue` handler. */
  GENERATION_QUEUE?: GenerationQueue;
  /** Generation tunables (worker/generation/settings.ts): model calls per section, backoff, lease, streaming batch, delivery budget. */
  GENERATION_MAX_ATTEMPTS?: string;
  GENERATION_BACKOFF_MS?: string;
  GENERATION_MAX_BACKOFF_MS?: string;
  GENERATION_LEASE_SECONDS?: string;
  GENERATION_FLUSH_MS?: string;
  GENERATION_DELIVERY_MS?: string;
}

/** The producer side of the generation queue (the part of Cloudflare's Queue the worker uses; typed here so code outside the worker's tsconfig compiles too). */
export interface GenerationQueue {
  send(body: GenerationMessage, options?: { delaySeconds?: number }): Promise<void>;
}

/** How the caller proved who they are. */
export type AuthMethod = { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string };

export interface Variables {
  requestId: string;
  db: Db;
  user: User | null;
  auth: AuthMethod | null;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

/** The same env once `requireUser` has run: the user is known. */
export interface AuthedEnv extends AppEnv {
  Variables: Variables & { user: User; auth: AuthMethod };
}
