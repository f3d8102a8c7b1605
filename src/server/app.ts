import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { isDatabaseTimeout } from './db/index';
import { WEB_DIR } from './paths';
import { authPlugin, requireCallerPlugin } from './http/auth';
import { tokenScopePlugin } from './http/tokenScopes';
import { AppError, type ErrorEnvelope } from './core/errors';
import { rejectUnstorableText } from './http/input';
import { registerMetrics } from './http/metrics';
import { RequestLog } from './http/requestLog';
import type { AppContext } from './core/context';
import { authRoutes } from './modules/auth/routes';
import { userRoutes } from './modules/users/routes';
import { peopleViewRoutes } from './modules/users/peopleViewRoutes';
import { personalDataRoutes } from './modules/users/personalDataRoutes';
import { invitationRoutes } from './modules/auth/invitationRoutes';
import { adminRoutes } from './modules/admin/routes';
import { teamRoutes } from './modules/teams/routes';
import { groupRoutes } from './modules/groups/routes';
import { directoryRoutes } from './modules/directory/routes';
import { accessRoutes } from './modules/access/routes';
import { profileRoutes } from './modules/access/profileRoutes';
import { reachRoutes } from './modules/users/reach';
import { userSessionRoutes } from './modules/auth/userSessionRoutes';
import { waysInRoutes } from './modules/auth/waysInRoutes';
import { SSO_CALLBACK_PATH } from './modules/auth/oidc';
import { scimRoutes } from './modules/scim/routes';
import { scimStatusRoutes } from './modules/scim/status';
import { hrSyncRoutes } from './modules/scim/hrSync';
import { importRoutes } from './modules/imports/routes';
import { mfaRoutes } from './modules/mfa/routes';
import { exportRoutes } from './modules/exports/routes';
import { insightRoutes } from './modules/insight/routes';
import { bulkActionRoutes } from './modules/bulkActions/routes';
import { lifecycleRuleRoutes } from './modules/lifecycleRules/routes';
import { scheduledChangeRoutes } from './modules/scheduledChanges/routes';
import { jobRoutes } from './jobs/routes';
import { eventRoutes } from './modules/events/routes';
import { webhookRoutes } from './modules/webhooks/routes';
import { notificationRoutes } from './modules/notifications/routes';

export const BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    routeList: { method: string; url: string; credentials: boolean; public: boolean }[];
  }
}

/** Pino redaction: no passwords, tokens, cookies or email addresses in logs. */
const REDACT = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  '*.password',
  '*.email',
];

/** Fastify's request log fields, except that the SSO callback's query (authorization code, state) is left out. */
const logRequest = (req: FastifyRequest) => ({
  method: req.method,
  url: req.url.startsWith(`${SSO_CALLBACK_PATH}?`) ? `${SSO_CALLBACK_PATH}?…` : req.url,
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

/** Where log lines go: stdout unless a stream is given (tests read the lines). */
export interface AppLogOptions {
  logger?: boolean;
  logStream?: { write(line: string): void };
}

export async function buildApp(ctx: AppContext, opts: AppLogOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: ctx.config.logLevel,
            redact: REDACT,
            serializers: { req: logRequest },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    bodyLimit: BODY_LIMIT,
    // Long path parameters reach the route's schema (a clear 400) instead of the router's bare 414.
    routerOptions: { maxParamLength: 1000 },
    // Behind a proxy, req.ip is the client's address (rate limits, the audit log's "from where").
    trustProxy: ctx.config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    // Fastify's own two lines per request are replaced by one, and only when it tells something.
    logController: new RequestLog({ slowMs: ctx.config.logSlowRequestMs, sample: ctx.config.logRequestSample }),
  });
  // Every route, as registered: the authorization matrix test checks each one is in its table.
  const routeList: { method: string; url: string; credentials: boolean; public: boolean }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD')
        routeList.push({
          method,
          url: route.url,
          credentials: route.config?.credentials === true,
          public: route.config?.public === true,
        });
  });
  app.decorate('routeList', routeList);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toEnvelope(err as FastifyError);
    if (status >= 500) req.log.error({ err }, 'request failed');
    reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    if (
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      !req.url.startsWith('/scim/') &&
      fs.existsSync(path.join(WEB_DIR, 'index.html'))
    )
      return reply.type('text/html').sendFile('index.html', WEB_DIR);
    reply.status(404).send(envelope('not_found', `No route for ${req.method} ${req.url.split('?')[0]}.`));
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Roster API',
        version: '1.0.0',
        description: 'People management: users, lifecycle, invitations, audit.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'roster_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, { db: ctx.db });
  await app.register(requireCallerPlugin);
  await app.register(tokenScopePlugin);
  registerMetrics(app, ctx.db, { public: ctx.config.metricsPublic });

  app.get('/healthz', { schema: { hide: true } }, async () => {
    await ctx.db.query('select 1');
    return { status: 'ok' };
  });
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      api.addHook('preValidation', rejectUnstorableText);
      await authRoutes(api, ctx);
      await userRoutes(api, ctx);
      await peopleViewRoutes(api, ctx);
      await personalDataRoutes(api, ctx);
      await invitationRoutes(api, ctx);
      await adminRoutes(api, ctx);
      await teamRoutes(api, ctx);
      await groupRoutes(api, ctx);
      await directoryRoutes(api, ctx);
      await accessRoutes(api, ctx);
      await profileRoutes(api, ctx);
      await reachRoutes(api, ctx);
      await userSessionRoutes(api, ctx);
      await waysInRoutes(api, ctx);
      await scimStatusRoutes(api, ctx);
      await hrSyncRoutes(api, ctx);
      await importRoutes(api, ctx);
      await mfaRoutes(api, ctx);
      await exportRoutes(api, ctx);
      await insightRoutes(api, ctx);
      await bulkActionRoutes(api, ctx);
      await lifecycleRuleRoutes(api, ctx);
      await scheduledChangeRoutes(api, ctx);
      await jobRoutes(api, ctx);
      await eventRoutes(api, ctx);
      await webhookRoutes(api, ctx);
      await notificationRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  // SCIM 2.0 for HR provisioning: its own bearer auth, content type and error format (modules/scim).
  // Filters put userNames and emails in the URL, so its per-request log lines are off (scim_requests keeps the record).
  await app.register(async (scim) => scimRoutes(scim, ctx), { prefix: '/scim/v2', logLevel: 'warn' });

  if (fs.existsSync(WEB_DIR)) await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/' }); // files built after start are served too
  return app;
}

function envelope(code: string, message: string, details?: unknown): ErrorEnvelope {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Every error the app can raise, rendered as the envelope of docs/api.md. Unknown errors become a 500. */
export function toEnvelope(err: FastifyError): { status: number; body: ErrorEnvelope } {
  if (err instanceof AppError) return { status: err.status, body: envelope(err.code, err.message, err.details) };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.flatMap((v) => {
      const field =
        [v.instancePath.replace(/^\//, '').replace(/\//g, '.')].filter(Boolean).join('') ||
        (v.params as any)?.issue?.path?.join('.') ||
        '';
      // Unknown keys are one issue on the parent object: name each key so the caller sees which fields.
      const keys: unknown = v.keyword === 'unrecognized_keys' ? (v.params as any)?.keys : undefined;
      if (Array.isArray(keys) && keys.length)
        return keys.map((k) => ({ field: [field, String(k)].filter(Boolean).join('.'), message: 'Unknown field.' }));
      return [{ field, message: v.message ?? 'Invalid value.' }];
    });
    return { status: 400, body: envelope('validation_failed', 'Some fields are not valid.', details) };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: envelope('payload_too_large', `The request body is larger than ${BODY_LIMIT / 1024} KiB.`),
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: envelope('unsupported_media_type', 'Send JSON with Content-Type: application/json.'),
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, body: envelope('invalid_json', 'The request body is not valid JSON.') };
  }
  if (isDatabaseTimeout(err))
    return {
      status: 503,
      body: envelope('database_timeout', 'The database took too long to answer; try again in a moment.'),
    };
  if (err.statusCode === 429)
    return { status: 429, body: envelope('rate_limited', 'Too many requests; wait a moment and try again.') };
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message)))
    return { status: 400, body: envelope('invalid_json', 'The request body is not valid JSON.') };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
    return {
      status: err.statusCode,
      body: envelope(err.statusCode === 404 ? 'not_found' : 'validation_failed', err.message),
    };
  return {
    status: 500,
    body: envelope('internal_error', 'Something went wrong on our side. The error has been logged.'),
  };
}
