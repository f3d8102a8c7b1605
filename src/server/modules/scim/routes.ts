import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { getSettings } from '../settings/settings';
import { scimActor } from './auth';
import { errorBody, ScimError, toScimError } from './errors';
import { bulk } from './bulk';
import { groupRoutes } from './groupRoutes';
import { listResponse, listUsers, project, versionOf, withVersion } from './query';
import { resourceTypes, schemas, serviceProviderConfig } from './schemas';
import { flushRequestLog, logRequest } from './status';
import { USER_ATTRS } from './attributes';
import { applyPatch } from './patch';
import { renderUser } from './userResource';
import { createScimUser, deleteScimUser, findScimUser, replaceScimUser } from './users';
import {
  on,
  actorOf,
  checkIfMatch,
  note,
  operationsOf,
  patchReply,
  q,
  searchParams,
  send,
  SCIM_CONTENT_TYPE,
  type SearchParams,
} from './http';

/** `/scim/v2`: SCIM 2.0 (RFC 7643/7644) over Roster users and teams. Errors always in the SCIM format. */
export async function scimRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx;
  const base = `${ctx.config.publicUrl}/scim/v2`;
  app.addContentTypeParser(['application/scim+json', 'application/json'], { parseAs: 'string' }, (_req, body, done) => {
    if (body === '' || body === undefined) return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new ScimError(400, 'invalidSyntax', 'The request body is not valid JSON.'), undefined);
    }
  });
  app.setErrorHandler((err, req, reply) => {
    const e = toScimError(err);
    if (e.status >= 500) req.log.error({ err }, 'SCIM request failed');
    note(req).error = e;
    reply.status(e.status).type(SCIM_CONTENT_TYPE).send(errorBody(e));
  });
  const noEndpoint = async (req: FastifyRequest, reply: FastifyReply) => {
    const e = new ScimError(404, null, `No SCIM endpoint ${req.method} ${req.url.split('?')[0]}.`);
    note(req).error = e;
    return reply.status(404).type(SCIM_CONTENT_TYPE).send(errorBody(e));
  };
  app.setNotFoundHandler(noEndpoint);
  // Without this, the UI's static catch-all (`/*`) would answer unknown /scim/v2 paths with the API envelope.
  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', handler: noEndpoint });
  app.addHook('onRequest', async (req) => {
    note(req).actor = await scimActor(db, req);
  });
  // Queued before the reply leaves (onSend); written in batches (status.ts), flushed on close.
  app.addHook('onClose', async () => flushRequestLog(db));
  app.addHook('onSend', async (req, reply, payload) => {
    const n = note(req);
    logRequest(
      db,
      {
        tokenId: n.actor?.tokenId ?? null,
        method: req.method,
        path: req.url.split('?')[0]!,
        status: reply.statusCode,
        outcome: reply.statusCode < 400 ? (n.outcome ?? null) : null,
        scimType: n.error?.scimType ?? null,
        detail: n.error?.detail ?? null,
      },
      (err) => app.log.error({ err }, 'SCIM request log failed'),
    );
    return payload;
  });

  const spc = async (_req: FastifyRequest, reply: FastifyReply) =>
    send(reply, 200, serviceProviderConfig(base, app.initialConfig.bodyLimit ?? 1024 * 1024));
  on(app, 'GET', '/ServiceProviderConfig', spc);
  on(app, 'GET', '/serviceConfiguration', spc); // the name Entra's reference collection calls
  // A read-only catalog: the whole list, and one entry by its id (in any case).
  const catalog = (path: string, all: Array<Record<string, unknown> & { id: string }>, missing: string) => {
    on(app, 'GET', path, async (_req, reply) => send(reply, 200, listResponse(all.length, 1, all)));
    on<{ Params: { id: string } }>(app, 'GET', `${path}/:id`, async (req, reply) => {
      const found = all.find((s) => s.id.toLowerCase() === req.params.id.toLowerCase());
      if (!found) throw new ScimError(404, null, missing);
      return send(reply, 200, found);
    });
  };
  catalog('/Schemas', schemas(base), 'Schema not found.');
  catalog('/ResourceTypes', resourceTypes(base), 'Resource type not found.');

  const userVersion = (row: Parameters<typeof renderUser>[0]) => versionOf(renderUser(row, base));
  const userOut = (req: FastifyRequest, resource: Record<string, unknown>) => {
    const { attributes, excludedAttributes } = q(req);
    return project(withVersion(resource), attributes, excludedAttributes);
  };
  const userList = async (reply: FastifyReply, params: SearchParams) => {
    const list = await listUsers(db, params, base);
    list.Resources = list.Resources.map((r) => project(withVersion(r), params.attributes, params.excludedAttributes));
    return send(reply, 200, list);
  };

  on(app, 'GET', '/Users', async (req, reply) => userList(reply, q(req)));
  on(app, 'POST', '/Users/.search', async (req, reply) => userList(reply, searchParams(req.body)));
  on<{ Params: { id: string } }>(app, 'GET', '/Users/:id', async (req, reply) => {
    const resource = withVersion(renderUser(await findScimUser(db, req.params.id), base));
    if (req.headers['if-none-match'] === (resource.meta as { version: string }).version)
      return reply.status(304).send();
    return send(reply, 200, userOut(req, resource));
  });
  on(app, 'POST', '/Users', async (req, reply) => {
    const matchOn = (await getSettings(db)).scimMatchOn;
    const { row, outcome } = await db.tx((tx) => createScimUser(tx, actorOf(req), req.body, matchOn));
    note(req).outcome = outcome;
    return send(reply, 201, userOut(req, renderUser(row, base)));
  });
  on<{ Params: { id: string } }>(app, 'PUT', '/Users/:id', async (req, reply) => {
    const { row, outcome } = await db.tx(async (tx) => {
      const current = await findScimUser(tx, req.params.id, true);
      checkIfMatch(req, userVersion(current));
      return replaceScimUser(tx, actorOf(req), current, req.body);
    });
    note(req).outcome = outcome;
    return send(reply, 200, userOut(req, renderUser(row, base)));
  });
  on<{ Params: { id: string } }>(
    app,
    'PATCH',
    '/Users/:id',
    async (req, reply) => {
      const { row, outcome } = await db.tx(async (tx) => {
        const current = await findScimUser(tx, req.params.id, true);
        const resource = renderUser(current, base);
        checkIfMatch(req, versionOf(resource));
        const patched = applyPatch(resource, operationsOf(req.body), USER_ATTRS);
        return replaceScimUser(tx, actorOf(req), current, patched);
      });
      note(req).outcome = outcome;
      return patchReply(req, reply, userOut(req, renderUser(row, base)));
    },
    { credentials: true },
  );
  on<{ Params: { id: string } }>(app, 'DELETE', '/Users/:id', async (req, reply) => {
    await db.tx(async (tx) => {
      const current = await findScimUser(tx, req.params.id, true);
      checkIfMatch(req, userVersion(current));
      await deleteScimUser(tx, actorOf(req), current);
    });
    note(req).outcome = 'delete';
    return send(reply, 204);
  });

  await groupRoutes(app, ctx, base);

  on(app, 'POST', '/Bulk', async (req, reply) => bulk(app, req, reply, base));

  // Not offered: 501 with the SCIM error body, as RFC 7644 §3.11 asks of /Me.
  const notImplemented = (what: string) => async () => {
    throw new ScimError(501, null, what);
  };
  on(
    app,
    'POST',
    '/.search',
    notImplemented('Search across resource types is not supported: POST to /Users/.search or /Groups/.search.'),
  );
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)
    on(
      app,
      method,
      '/Me',
      notImplemented('/Me is not supported: a SCIM token belongs to an integration, not to a person.'),
    );
}
