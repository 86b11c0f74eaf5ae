// The Hono app: shared middleware, then one mounted router per resource. Nothing else lives here.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './env';
import { apiError, isUniqueViolation, type ApiErrorBody } from './errors';
import { log } from './lib/log';
import { authenticate } from './middleware/authenticate';
import { sameOriginWrites } from './middleware/csrf';
import { database } from './middleware/db';
import { requestContext } from './middleware/request-id';
import { health } from './routes/health';

export const app = new Hono<AppEnv>();

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
app.use('/api/*', database);
app.use('/api/*', authenticate);

app.route('/api/health', health);

app.notFound((c) => c.json<ApiErrorBody>({ error: { code: 'not_found', message: 'No such endpoint.' } }, 404));

app.onError((err, c) => {
  if (err instanceof HTTPException) return err.getResponse();
  if (isUniqueViolation(err)) return apiError(409, 'conflict', 'That already exists.').getResponse();
  log('error', 'unhandled error', {
    requestId: c.get('requestId'),
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return c.json<ApiErrorBody>({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
});

/** The origins allowed to call the API with credentials: APP_ORIGIN, comma-separated. */
export function allowedOrigins(appOrigin: string | undefined): string[] {
  return (appOrigin ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
