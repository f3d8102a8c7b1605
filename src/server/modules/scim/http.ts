import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { Actor } from '../../core/actor';
import { ScimError } from './errors';
import { isObject, keyOf } from './filterEval';
import type { Outcome } from './users';

/** Request and reply helpers shared by the /scim/v2 routes. */
export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** What the request log needs beyond the reply: set by handlers and the error handler. */
export interface RequestNote {
  actor?: Actor;
  outcome?: Outcome;
  error?: ScimError;
}
const notes = new WeakMap<FastifyRequest, RequestNote>();
export const note = (req: FastifyRequest): RequestNote => {
  if (!notes.has(req)) notes.set(req, {});
  return notes.get(req)!;
};
export const actorOf = (req: FastifyRequest): Actor => note(req).actor!;

/** The query string as plain strings (a repeated parameter counts once). */
export function q(req: FastifyRequest): SearchParams & Record<string, string | undefined> {
  const raw = (req.query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v)]),
  );
}

/** List parameters and projection (RFC 7644 §3.4.2, §3.9), from the query string or a SearchRequest body. */
export interface SearchParams {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: string;
  count?: string;
  attributes?: string;
  excludedAttributes?: string;
}

/**
 * A POST `/.search` body (RFC 7644 §3.4.3) as the same parameters a GET takes: `attributes` and
 * `excludedAttributes` are lists of names, `startIndex` and `count` numbers.
 */
export function searchParams(body: unknown): SearchParams {
  if (body === undefined || body === null) return {};
  if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'The request body must be a SearchRequest object.');
  const out: SearchParams = {};
  for (const name of ['filter', 'sortBy', 'sortOrder'] as const) {
    const v = body[keyOf(body, name) ?? name];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new ScimError(400, 'invalidValue', `"${name}" must be a string.`);
    out[name] = v;
  }
  for (const name of ['startIndex', 'count'] as const) {
    const v = body[keyOf(body, name) ?? name];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ScimError(400, 'invalidValue', `"${name}" must be a number.`);
    out[name] = String(v);
  }
  for (const name of ['attributes', 'excludedAttributes'] as const) {
    const v = body[keyOf(body, name) ?? name];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || v.some((a) => typeof a !== 'string'))
      throw new ScimError(400, 'invalidValue', `"${name}" must be a list of attribute names.`);
    out[name] = v.join(',');
  }
  return out;
}

export function send(reply: FastifyReply, status: number, body?: Record<string, unknown>) {
  reply.status(status).type(SCIM_CONTENT_TYPE);
  const meta = body?.meta as { version?: string; location?: string } | undefined;
  if (meta?.version) reply.header('ETag', meta.version);
  if (status === 201 && meta?.location) reply.header('Location', meta.location);
  return status === 204 || body === undefined ? reply.send() : reply.send(body);
}

/** If-Match (RFC 7644 §3.14): a stale version is refused with 412. */
export function checkIfMatch(req: FastifyRequest, version: string) {
  const want = req.headers['if-match'];
  if (!want) return;
  const tags = want.split(',').map((t) => t.trim());
  const bare = (t: string) => t.replace(/^W\//, '');
  if (!tags.includes('*') && !tags.some((t) => bare(t) === bare(version)))
    throw new ScimError(412, null, 'The resource has changed since you read it (If-Match does not match its ETag).');
}

/** The `Operations` of a PatchOp body, in any key case. */
export function operationsOf(body: unknown): unknown {
  if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'The request body must be a PatchOp object.');
  return body[keyOf(body, 'Operations') ?? 'Operations'];
}

/**
 * PATCH answers 204 No Content with the new ETag (RFC 7644 §3.5.2 allows it; Entra expects it),
 * or 200 with the resource when the client asks for attributes/excludedAttributes.
 */
export function patchReply(req: FastifyRequest, reply: FastifyReply, resource: Record<string, unknown>) {
  const { attributes, excludedAttributes } = q(req);
  if (attributes || excludedAttributes) return send(reply, 200, resource);
  const version = (resource.meta as { version?: string } | undefined)?.version;
  if (version) reply.header('ETag', version);
  return send(reply, 204);
}

/**
 * Registers a SCIM route under its RFC spelling, in lower case and (for collections) with a trailing
 * slash: Entra's collection calls `/users` and `/Users/?filter=…`.
 */
export function on<T extends { Params?: unknown } = object>(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  handler: (req: FastifyRequest<T & object>, reply: FastifyReply) => unknown,
  opts: { credentials?: boolean } = {},
) {
  const urls = new Set([path, path.toLowerCase()]);
  if (!path.includes(':')) for (const u of [...urls]) urls.add(`${u}/`);
  // `credentials`: the route can change a sign-in email (test/access/privilege.test.ts has a row for it).
  for (const url of urls)
    app.route({
      method,
      url,
      config: { credentials: opts.credentials === true },
      handler: handler as RouteHandlerMethod,
    });
}
