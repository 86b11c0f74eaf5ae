// A fake Stripe API on a loopback port, answering what we use the way Stripe does: the SDK's
// form-encoded POST /v1/checkout/sessions (nested keys such as line_items[0][price_data][unit_amount]),
// GET /v1/checkout/sessions/:id, Bearer secret-key auth, Idempotency-Key replays and Stripe's error
// shape ({error:{type, message, param?, code?}} with a 4xx/5xx). It records every request, and
// builds the objects and events Stripe would send later (a paid session, a refunded charge), signed
// with the SDK's own `generateTestHeaderStringAsync`.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

type Json = Record<string, unknown>;

export interface StripeRequestRecord {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  stripeVersion: string | undefined;
  /** The form body, decoded into nested objects and arrays (values stay strings, as on the wire). */
  body: Json;
  /** What the fake answered. */
  status: number;
}

/** The session as Stripe answers it (the fields we use, and the ones around them). */
export interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  url: string | null;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  payment_intent: string | null;
  success_url: string;
  cancel_url: string | null;
  created: number;
  expires_at: number;
  livemode: false;
}

export interface FakeCharge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  refunded: boolean;
  paid: true;
  status: 'succeeded';
  currency: string;
  payment_intent: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

export interface FakeStripe {
  /** For STRIPE_API_BASE. */
  url: string;
  requests: StripeRequestRecord[];
  /** Sessions created so far, by id. */
  sessions: Map<string, FakeSession>;
  /** The next `count` API calls fail with this status and Stripe's api_error body. */
  failNext(status: number, count?: number): void;
  /** The session as the buyer leaves it: complete, paid (or still unpaid for a delayed method), with a PaymentIntent. */
  complete(sessionId: string, paymentStatus?: 'paid' | 'unpaid'): FakeSession;
  /** The session after an async payment settled either way. */
  settleAsync(sessionId: string, succeeded: boolean): FakeSession;
  /** The session once it timed out unpaid. */
  expire(sessionId: string): FakeSession;
  /** The session's charge with `amountRefunded` cents refunded so far (cumulative, as Stripe reports it). */
  refundedCharge(sessionId: string, amountRefunded: number): FakeCharge;
  stop(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
const now = () => Math.floor(Date.now() / 1000);

/** Decodes Stripe's form encoding (`a[b][0][c]=1`) into nested objects and arrays. */
export function decodeForm(text: string): Json {
  const root: Json = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = rawKey.split(/[[\]]+/).filter((p) => p !== '');
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(path[i + 1]!);
      const key = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, unknown>;
      if (last) container[key] = value;
      else {
        container[key] ??= nextIsIndex ? [] : {};
        node = container[key] as Record<string, unknown> | unknown[];
      }
    });
  }
  return root;
}

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; param?: string; code?: string },
  ) {
    super(body.message);
  }
}

const invalid = (message: string, param?: string) =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}) });

// Top-level parameters of POST /v1/checkout/sessions we accept; Stripe refuses unknown ones.
const SESSION_PARAMS = new Set([
  'mode', 'line_items', 'metadata', 'client_reference_id', 'customer_email', 'customer', 'payment_intent_data',
  'success_url', 'cancel_url', 'expires_at', 'locale', 'payment_method_types', 'expand', 'allow_promotion_codes',
]);

function createSession(base: string, body: Json): FakeSession {
  for (const key of Object.keys(body)) if (!SESSION_PARAMS.has(key)) throw invalid(`Received unknown parameter: ${key}`, key);
  const mode = body.mode as string | undefined;
  if (!mode) throw invalid('Missing required param: mode.', 'mode');
  if (!['payment', 'setup', 'subscription'].includes(mode)) throw invalid(`Invalid mode: must be one of payment, setup, or subscription`, 'mode');
  if (!body.success_url) throw invalid('Missing required param: success_url.', 'success_url');
  const items = body.line_items as Json[] | undefined;
  if (mode === 'payment' && (!Array.isArray(items) || items.length === 0)) throw invalid('Missing required param: line_items.', 'line_items');
  let total = 0;
  let currency = '';
  (items ?? []).forEach((item, i) => {
    const priceData = item.price_data as Json | undefined;
    if (!priceData) throw invalid(`Missing required param: line_items[${i}][price_data].`, `line_items[${i}][price_data]`);
    const unit = Number(priceData.unit_amount);
    if (!Number.isInteger(unit) || unit < 0) throw invalid('Invalid integer: unit_amount', `line_items[${i}][price_data][unit_amount]`);
    if (!priceData.currency) throw invalid('Missing required param: currency.', `line_items[${i}][price_data][currency]`);
    if (!(priceData.product_data as Json | undefined)?.name && !priceData.product) {
      throw invalid('Missing required param: product_data[name].', `line_items[${i}][price_data][product_data][name]`);
    }
    const quantity = Number(item.quantity ?? 1);
    total += unit * quantity;
    currency = String(priceData.currency);
  });
  const metadata = (body.metadata as Record<string, string> | undefined) ?? {};
  const sessionId = id('cs_test');
  return {
    id: sessionId,
    object: 'checkout.session',
    mode,
    status: 'open',
    payment_status: 'unpaid',
    url: `${base}/c/pay/${sessionId}`,
    client_reference_id: (body.client_reference_id as string | undefined) ?? null,
    customer_email: (body.customer_email as string | undefined) ?? null,
    metadata,
    amount_subtotal: total,
    amount_total: total,
    currency,
    // Since API version 2022-08-01 a session has no PaymentIntent until the buyer pays.
    payment_intent: null,
    success_url: String(body.success_url),
    cancel_url: (body.cancel_url as string | undefined) ?? null,
    created: now(),
    expires_at: now() + 24 * 3600,
    livemode: false,
  };
}

/** Starts the fake; `secretKey` is the only key it accepts. */
export async function startFakeStripe(opts: { secretKey: string }): Promise<FakeStripe> {
  const requests: StripeRequestRecord[] = [];
  const sessions = new Map<string, FakeSession>();
  // The PaymentIntent metadata each session was created with (payment_intent_data[metadata]).
  const intentMetadata = new Map<string, Record<string, string>>();
  const idempotent = new Map<string, { status: number; json: unknown }>();
  let failures: { status: number; left: number } | undefined;
  let base = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const hosted = /^\/c\/pay\/([^/?]+)$/.exec(new URL(req.url ?? '/', base).pathname);
    if (hosted) return hostedCheckout(req, res, hosted[1]!);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', base);
    const record: StripeRequestRecord = {
      method: req.method ?? '',
      path: url.pathname,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      stripeVersion: req.headers['stripe-version'] as string | undefined,
      body: decodeForm(req.method === 'GET' ? url.search.slice(1) : text),
      status: 200,
    };
    requests.push(record);
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req'), ...headers }).end(JSON.stringify(json));
    };
    try {
      const auth = req.headers.authorization;
      if (!auth) {
        throw new StripeApiError(401, { type: 'invalid_request_error', message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth.' });
      }
      if (auth !== `Bearer ${opts.secretKey}`) {
        throw new StripeApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${auth.slice(7, 15)}****` });
      }
      if (failures && failures.left > 0) {
        failures.left -= 1;
        throw new StripeApiError(failures.status, { type: 'api_error', message: 'The fake was told to fail this request.' });
      }
      const replayKey = record.idempotencyKey && req.method === 'POST' ? `${url.pathname}:${record.idempotencyKey}` : undefined;
      const earlier = replayKey ? idempotent.get(replayKey) : undefined;
      if (earlier) return answer(earlier.status, earlier.json, { 'idempotent-replayed': 'true' });

      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        if (!/^application\/x-www-form-urlencoded/.test(record.contentType ?? '')) throw invalid('Invalid request: expected a form-encoded body.');
        const session = createSession(base, record.body);
        sessions.set(session.id, session);
        intentMetadata.set(session.id, ((record.body.payment_intent_data as Json | undefined)?.metadata as Record<string, string> | undefined) ?? {});
        if (replayKey) idempotent.set(replayKey, { status: 200, json: session });
        return answer(200, session);
      }
      const match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && match) {
        const session = sessions.get(match[1]!);
        if (!session) throw new StripeApiError(404, { type: 'invalid_request_error', message: `No such checkout.session: '${match[1]}'`, code: 'resource_missing', param: 'session' });
        return answer(200, session);
      }
      throw new StripeApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` });
    } catch (err) {
      if (err instanceof StripeApiError) return answer(err.status, { error: err.body }, err.status >= 500 ? {} : { 'stripe-should-retry': 'false' });
      throw err;
    }
  };

  // The page a Checkout Session's `url` opens, as a browser sees it: what is being paid, a Pay button
  // that completes the session and returns to its success_url (with {CHECKOUT_SESSION_ID} filled in,
  // as Stripe does), and a link back to its cancel_url. The webhook is left to the test, so it can
  // check what the buyer sees before Stripe confirms.
  const hostedCheckout = async (req: IncomingMessage, res: ServerResponse, sessionId: string) => {
    for await (const _ of req) void _;
    const session = sessions.get(sessionId);
    if (!session || session.status !== 'open') {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Checkout</title><h1>This checkout is no longer available.</h1>');
      return;
    }
    if (req.method === 'POST') {
      const paid = update(sessionId, { status: 'complete', payment_status: 'paid', url: null, payment_intent: session.payment_intent ?? id('pi_test') });
      res.writeHead(303, { location: paid.success_url.replace('{CHECKOUT_SESSION_ID}', sessionId) }).end();
      return;
    }
    const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`;
    const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>` : '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><title>Fake Stripe Checkout</title><h1>Pay ${amount}</h1>` +
        `<form method="post"><button type="submit">Pay ${amount}</button></form>${cancel}`,
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  const sessionOf = (sessionId: string) => {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`fake stripe: no session ${sessionId}`);
    return session;
  };
  const update = (sessionId: string, change: Partial<FakeSession>) => {
    const session = { ...sessionOf(sessionId), ...change };
    sessions.set(sessionId, session);
    return structuredClone(session);
  };

  return {
    url: base,
    requests,
    sessions,
    failNext(status, count = 1) {
      failures = { status, left: count };
    },
    complete(sessionId, paymentStatus = 'paid') {
      return update(sessionId, {
        status: 'complete',
        payment_status: paymentStatus,
        url: null,
        payment_intent: sessionOf(sessionId).payment_intent ?? id('pi_test'),
      });
    },
    settleAsync(sessionId, succeeded) {
      return update(sessionId, { status: 'complete', payment_status: succeeded ? 'paid' : 'unpaid', url: null, payment_intent: sessionOf(sessionId).payment_intent ?? id('pi_test') });
    },
    expire(sessionId) {
      return update(sessionId, { status: 'expired', url: null });
    },
    refundedCharge(sessionId, amountRefunded) {
      const session = sessionOf(sessionId);
      const intent = session.payment_intent ?? id('pi_test');
      if (!session.payment_intent) update(sessionId, { payment_intent: intent });
      return {
        id: `ch_${intent.slice(3)}`,
        object: 'charge',
        amount: session.amount_total,
        amount_captured: session.amount_total,
        amount_refunded: amountRefunded,
        refunded: amountRefunded >= session.amount_total,
        paid: true,
        status: 'succeeded',
        currency: session.currency,
        payment_intent: intent,
        // Stripe copies the PaymentIntent's metadata onto the charge it creates.
        metadata: { ...(intentMetadata.get(sessionId) ?? {}) },
        created: now(),
        livemode: false,
      };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type StripeEventType =
  | 'checkout.session.completed'
  | 'checkout.session.async_payment_succeeded'
  | 'checkout.session.async_payment_failed'
  | 'checkout.session.expired'
  | 'charge.refunded'
  | 'customer.created';

/** A webhook event as Stripe sends it (a snapshot event around `object`). */
export function stripeEvent(type: StripeEventType, object: object, opts: { id?: string; created?: number } = {}) {
  return {
    id: opts.id ?? id('evt_test'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: opts.created ?? now(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The Stripe-Signature header for `payload`, made by the SDK (timestamp in seconds; default now). */
export function signPayload(payload: string, secret: string, timestamp?: number): Promise<string> {
  return Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, ...(timestamp === undefined ? {} : { timestamp }) });
}
