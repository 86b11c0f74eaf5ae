// Stripe for the Worker: the SDK over fetch, pointed at STRIPE_API_BASE when set (tests use a fake),
// and webhook verification with the SubtleCrypto provider.
import Stripe from 'stripe';
import type { Bindings } from '../env';
import { apiError } from '../errors';
import { log } from './log';

type StripeEnv = Pick<Bindings, 'STRIPE_SECRET_KEY' | 'STRIPE_WEBHOOK_SECRET' | 'STRIPE_API_BASE'>;

// Stateless; one per isolate is enough.
const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** True when both keys are set: without the webhook secret a payment could never be credited. */
export function paymentsConfigured(env: StripeEnv): boolean {
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET);
}

/** The 503 every billing write answers on a server without Stripe keys. */
export function paymentsNotConfigured() {
  return apiError(
    503,
    'payments_not_configured',
    'Payments are not configured on this server: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to sell credits.',
  );
}

/** A Stripe client for this request; throws the 503 when the keys are missing. */
export function stripeClient(env: StripeEnv): Stripe {
  if (!paymentsConfigured(env)) throw paymentsNotConfigured();
  return new Stripe(env.STRIPE_SECRET_KEY!, {
    httpClient: Stripe.createFetchHttpClient(),
    // Checkout creation carries an idempotency key, so a retried request never makes two sessions.
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...apiBase(env.STRIPE_API_BASE),
  });
}

/** host/port/protocol from a base URL such as `http://127.0.0.1:12111`; Stripe's own when unset. */
function apiBase(base: string | undefined): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/** The event, if `signature` is Stripe's for exactly this body and recent; otherwise a 400 (or the 503). */
export async function verifyWebhook(env: StripeEnv, body: string, signature: string | undefined): Promise<Stripe.Event> {
  if (!paymentsConfigured(env)) throw paymentsNotConfigured();
  if (!signature) throw apiError(400, 'invalid_signature', 'The Stripe-Signature header is missing.');
  try {
    return await Stripe.webhooks.constructEventAsync(body, signature, env.STRIPE_WEBHOOK_SECRET!, undefined, cryptoProvider);
  } catch (err) {
    // Worth seeing in the logs: a wrong STRIPE_WEBHOOK_SECRET looks exactly like this.
    log('warn', 'stripe webhook refused', { error: err instanceof Error ? err.message : String(err) });
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw apiError(400, 'invalid_signature', 'The webhook signature does not match this body, or is too old.');
    }
    // A signed body that is not JSON: Stripe never sends one, so it is not ours either.
    throw apiError(400, 'invalid_payload', 'The webhook body is not a Stripe event.');
  }
}

export type { Stripe };
