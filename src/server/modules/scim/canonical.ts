import { invalidValue } from './errors';
import { isObject } from './filterEval';

/**
 * The attributes a resource may carry: 1 for a simple value, a nested Shape for a complex one,
 * [Shape] for a multi-valued complex one. RFC 7643 §2.1: attribute names are case-insensitive, so
 * `"Primary"`, `"Department"` or `"Manager": {"Value": …}` (as Entra's collection sends) are read
 * under their schema spelling; keys the schema does not define are dropped.
 */
export type Shape = { [name: string]: 1 | Shape | [Shape] };

export function canonical(input: Record<string, unknown>, shape: Shape): Record<string, unknown> {
  const byLower = new Map(Object.keys(shape).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const name = byLower.get(key.toLowerCase());
    if (!name || value === undefined) continue;
    const sub = shape[name]!;
    if (sub === 1) out[name] = value;
    else if (Array.isArray(sub))
      out[name] = Array.isArray(value) ? value.map((el) => (isObject(el) ? canonical(el, sub[0]) : el)) : value;
    else out[name] = isObject(value) ? canonical(value, sub) : value;
  }
  return out;
}

/** Booleans as real clients send them: true/false, or the strings "True"/"False" (Entra). */
export function toBoolean(v: unknown, field: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw invalidValue(`"${field}" must be true or false.`);
}
