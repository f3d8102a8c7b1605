import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScimError } from './errors';
import { isObject, keyOf } from './filterEval';
import { send } from './http';

/**
 * `POST /Bulk` (RFC 7644 §3.7): each operation is sent through this server's own /Users and /Groups routes
 * (`inject`), so it is authorised, validated, written and logged exactly like a request of its own, in its
 * own transaction (a bulk request is not atomic). `bulkId:` references to resources created earlier in the
 * same request are replaced by their ids; `failOnErrors` stops after that many errors.
 */
export const BULK_MAX_OPERATIONS = 1000;
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';
const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface BulkOperation {
  method: string;
  bulkId?: string;
  path: string;
  data?: unknown;
  version?: string;
}

/** `base` is the public URL of /scim/v2 (for `location`); the operations go to this instance's own prefix. */
export async function bulk(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, base: string) {
  const body = req.body;
  if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'The request body must be a BulkRequest object.');
  const ops = body[keyOf(body, 'Operations') ?? 'Operations'];
  if (!Array.isArray(ops) || ops.length === 0)
    throw new ScimError(400, 'invalidSyntax', 'A BulkRequest needs a non-empty "Operations" list.');
  if (ops.length > BULK_MAX_OPERATIONS)
    throw new ScimError(413, null, `A BulkRequest may carry at most ${BULK_MAX_OPERATIONS} operations.`);
  const failOnErrors = body[keyOf(body, 'failOnErrors') ?? 'failOnErrors'];
  if (failOnErrors !== undefined && (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1))
    throw new ScimError(400, 'invalidValue', '"failOnErrors" must be a positive integer.');
  const ids = new Map<string, string>();
  const results: Record<string, unknown>[] = [];
  let errors = 0;
  for (const raw of ops) {
    if (failOnErrors !== undefined && errors >= (failOnErrors as number)) break;
    let op: BulkOperation | null = null;
    try {
      op = parseOperation(raw);
      const result = await run(app, req, base, resolveBulkIds(op, ids));
      if (op.method === 'POST' && op.bulkId && result.id) ids.set(op.bulkId, result.id);
      if (Number(result.out.status) >= 400) errors++;
      results.push(result.out);
    } catch (err) {
      if (!(err instanceof ScimError)) throw err;
      errors++;
      results.push({
        method: op?.method ?? String((isObject(raw) && raw.method) || ''),
        ...(op?.bulkId ? { bulkId: op.bulkId } : {}),
        status: String(err.status),
        response: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: String(err.status),
          ...(err.scimType ? { scimType: err.scimType } : {}),
          detail: err.detail,
        },
      });
    }
  }
  return send(reply, 200, { schemas: [BULK_RESPONSE], Operations: results });
}

function parseOperation(raw: unknown): BulkOperation {
  if (!isObject(raw))
    throw new ScimError(400, 'invalidSyntax', 'Each bulk operation is an object with "method" and "path".');
  const get = (name: string) => raw[keyOf(raw, name) ?? name];
  const method = typeof get('method') === 'string' ? (get('method') as string).toUpperCase() : '';
  if (!METHODS.has(method)) throw new ScimError(400, 'invalidSyntax', '"method" must be POST, PUT, PATCH or DELETE.');
  const path = get('path');
  if (typeof path !== 'string' || !/^\/(Users|Groups)(\/[^/?#]+)?$/i.test(path))
    throw new ScimError(400, 'invalidPath', '"path" must be /Users, /Groups, /Users/{id} or /Groups/{id}.');
  const bulkId = get('bulkId');
  if (bulkId !== undefined && (typeof bulkId !== 'string' || !bulkId))
    throw new ScimError(400, 'invalidValue', '"bulkId" must be a string.');
  if (method === 'POST' && !bulkId) throw new ScimError(400, 'invalidValue', 'A POST operation needs a "bulkId".');
  const version = get('version');
  return {
    method,
    path,
    bulkId: bulkId as string | undefined,
    data: get('data'),
    version: typeof version === 'string' ? version : undefined,
  };
}

/** Replaces `bulkId:x` in the path and in string values of the data with the id the POST of `x` created. */
function resolveBulkIds(op: BulkOperation, ids: Map<string, string>): BulkOperation {
  const swap = (s: string) =>
    s.replace(/bulkId:([^\s/"]+)/g, (_, ref: string) => {
      const id = ids.get(ref);
      if (!id)
        throw new ScimError(
          409,
          'invalidValue',
          `"bulkId:${ref}" does not name a resource created earlier in this request.`,
        );
      return id;
    });
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? swap(v)
      : Array.isArray(v)
        ? v.map(walk)
        : isObject(v)
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
          : v;
  return { ...op, path: swap(op.path), data: walk(op.data) };
}

async function run(app: FastifyInstance, req: FastifyRequest, base: string, op: BulkOperation) {
  const res = await app.inject({
    method: op.method as 'POST',
    url: `${app.prefix}${op.path}`,
    remoteAddress: req.ip, // audit entries of the operations keep the client's address
    headers: {
      authorization: req.headers.authorization ?? '',
      'content-type': 'application/scim+json',
      ...(op.version ? { 'if-match': op.version } : {}),
    },
    ...(op.data === undefined ? {} : { payload: JSON.stringify(op.data) }),
  });
  const parsed = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : null;
  const location = res.headers.location ?? (op.method === 'POST' ? undefined : `${base}${op.path}`);
  const out: Record<string, unknown> = {
    method: op.method,
    ...(op.bulkId ? { bulkId: op.bulkId } : {}),
    ...(location && res.statusCode < 400 ? { location } : {}),
    ...(res.headers.etag ? { version: res.headers.etag } : {}),
    status: String(res.statusCode),
    ...(res.statusCode >= 400 && parsed ? { response: parsed } : {}),
  };
  return { out, id: res.statusCode === 201 && typeof parsed?.id === 'string' ? parsed.id : null };
}
