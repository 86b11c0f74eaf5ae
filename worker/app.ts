// The Hono app: shared middleware, then one mounted router per resource. Nothing else lives here.
import { Hono } from 'hono';
import { except } from 'hono/combine';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './env';
import { apiError, codeForStatus, isUniqueViolation, type ApiErrorBody } from './errors';
import { log } from './lib/log';
import { allowedOrigins } from './lib/origins';
import { authenticate } from './middleware/authenticate';
import { drainSmallBody, limitBody } from './middleware/body-limit';
import { sameOriginWrites } from './middleware/csrf';
import { database } from './middleware/db';
import { requestContext } from './middleware/request-id';
import { health } from './routes/health';
import { auth } from './routes/auth';
import { account } from './routes/account';
import { authProviders } from './routes/auth-providers';
import { google } from './routes/google';
import { contact } from './routes/contact';
import { dashboard } from './routes/dashboard';
import { folders } from './routes/folders';
import { reports } from './routes/reports';
import { roomToken } from './routes/room-token';
import { internal } from './routes/internal';
import { sharing } from './routes/sharing';
import { shareLinks } from './routes/share-links';
import { presence } from './routes/presence';
import { history } from './routes/history';
import { outline } from './routes/outline';
import { references } from './routes/references';
import { surveys } from './routes/surveys';
import { waitlist } from './routes/waitlist';
import { billing } from './routes/billing';
import { staff } from './routes/staff';
import { aiEdit } from './routes/ai-edit';
import { usage } from './routes/usage';
import { generation } from './routes/generate';
import { staffJobs } from './routes/staff-jobs';
import { uploadRoutes } from './routes/uploads';
import { exportRoutes } from './routes/export';

export const app = new Hono<AppEnv>();

// JSON bodies are small; file uploads set their own, larger limit on their route (routes/uploads.ts).
const MAX_BODY_BYTES = 256 * 1024;
const OWN_BODY_LIMIT = ['/api/reports/:id/uploads'];

app.use('*', requestContext);
app.use(
  '/api/*',
  cors({
    origin: (origin, c) => (allowedOrigins(c.env.APP_ORIGIN).includes(origin) ? origin : null),
    credentials: true,
    allowHeaders: ['content-type', 'authorization', 'x-request-id'],
    allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  }),
);
app.use('/api/*', sameOriginWrites);
app.use(
  '/api/*',
  except(OWN_BODY_LIMIT, limitBody(MAX_BODY_BYTES, `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)),
);
app.use('/api/*', database);
app.use('/api/*', authenticate);

app.route('/api/health', health);
app.route('/api/auth', auth);
app.route('/api/account', account);
app.route('/api/auth/google', google);
app.route('/api/auth/providers', authProviders);
app.route('/api/reports', reports);
app.route('/api/reports', roomToken);
// Sub-resources of a report, each its own router on the same prefix (their paths never clash).
app.route('/api/reports', sharing);
app.route('/api/reports', presence);
app.route('/api/reports', history);
app.route('/api/reports', outline);
app.route('/api/reports', references);
app.route('/api/share-links', shareLinks);
app.route('/api/folders', folders);
app.route('/api/dashboard', dashboard);
app.route('/api/contact', contact);
app.route('/api/waitlist', waitlist);
app.route('/api/surveys', surveys);
app.route('/api/billing', billing);
app.route('/api/staff/jobs', staffJobs);
app.route('/api/staff', staff);
app.route('/api/reports', aiEdit);
app.route('/api/reports', generation);
app.route('/api/usage', usage);
app.route('/api/reports', uploadRoutes);
app.route('/api/reports', exportRoutes);

// Room ↔ worker calls: outside /api (no session, CORS or CSRF), guarded by the shared secret.
app.route('/internal', internal);

// A refusal sent while the client is still sending its body breaks the client's pipe (EPIPE, or a
// proxy's bare 503) and the connection with it: a small body nobody read is read to the end first,
// as the body limit does (middleware/body-limit.ts). E.g. an upload refused as 401 before parsing.
const unreadBodyDrained = async (c: Parameters<typeof drainSmallBody>[0]) => {
  if (!c.req.raw.bodyUsed) await drainSmallBody(c);
};

app.notFound(async (c) => {
  await unreadBodyDrained(c);
  return c.json<ApiErrorBody>({ error: { code: 'not_found', message: 'No such endpoint.' } }, 404);
});

app.onError(async (err, c) => {
  await unreadBodyDrained(c);
  // Our own errors carry their response; Hono's (malformed JSON, ...) get our shape here.
  if (err instanceof HTTPException) return err.res ? err.getResponse() : c.json<ApiErrorBody>({ error: { code: codeForStatus(err.status), message: err.message || 'Request refused.' } }, err.status);
  if (isUniqueViolation(err)) return apiError(409, 'conflict', 'That already exists.').getResponse();
  log('error', 'unhandled error', {
    requestId: c.get('requestId'),
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return c.json<ApiErrorBody>({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
});

