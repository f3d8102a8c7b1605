import type { FastifyRequest } from 'fastify';
import { invalid } from '../core/errors';

/**
 * Text PostgreSQL cannot store, refused at the edge for every route (docs/decisions/009-input-normalisation.md):
 * the NUL character (a `text` value cannot hold it, so it would fail deep in a query as a 500) and lone
 * UTF-16 surrogates (not encodable as UTF-8: they would be stored silently replaced by U+FFFD).
 */
const LONE_SURROGATE = /\p{Cs}/u; // with the u flag, a surrogate matches only when it is not half of a pair

export function unstorableText(s: string): string | null {
  if (s.includes('\u0000')) return 'Contains a NUL character (\\u0000), which cannot be stored.';
  if (LONE_SURROGATE.test(s)) return 'Contains an unpaired surrogate (invalid Unicode), which cannot be stored.';
  return null;
}

/** Every string, object key included, of a parsed JSON value that cannot be stored, with its dotted path. */
function findUnstorable(value: unknown, path: string, out: { field: string; message: string }[]): void {
  if (out.length >= 20) return;
  if (typeof value === 'string') {
    const message = unstorableText(value);
    if (message) out.push({ field: path, message });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findUnstorable(v, path ? `${path}.${i}` : String(i), out));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      const keyProblem = unstorableText(k);
      if (keyProblem) out.push({ field, message: `Field name: ${keyProblem}` });
      else findUnstorable(v, field, out);
    }
  }
}

/** preValidation hook: the path parameters, query string and JSON body hold only storable text, or the request is a 400. */
export async function rejectUnstorableText(req: FastifyRequest): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  for (const part of [req.params, req.query, req.body]) findUnstorable(part, '', problems);
  if (problems.length) throw invalid('Some fields contain characters that cannot be stored.', problems);
}
