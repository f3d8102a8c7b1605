import { ENTERPRISE_USER, lookup, type AttrDef, type ScalarAttr } from './attributes';
import { coerce } from './filterSql';
import type { AttrPath, CompareOp, Filter } from './filter';

/**
 * A filter evaluated on a rendered SCIM resource (RFC 7644 §3.4.2.2): used for PATCH value paths
 * and, in tests, as the reference the SQL compiler is checked against. A multi-valued attribute
 * matches when any of its values does; an absent attribute matches nothing (not even `ne`).
 */
export function matches(filter: Filter, resource: Record<string, unknown>, attrs: Record<string, AttrDef>): boolean {
  switch (filter.op) {
    case 'and':
      return matches(filter.left, resource, attrs) && matches(filter.right, resource, attrs);
    case 'or':
      return matches(filter.left, resource, attrs) || matches(filter.right, resource, attrs);
    case 'not':
      return !matches(filter.filter, resource, attrs);
    case 'valuePath': {
      const found = lookup(attrs, { ...filter.attr, sub: null });
      const subs = found?.def.kind === 'multi' ? found.def.subs : {};
      return asArray(get(resource, filter.attr, found?.def)).some(
        (el) => isObject(el) && matches(filter.filter, el, subs),
      );
    }
    default: {
      const found = lookup(attrs, filter.attr);
      const def: ScalarAttr =
        found?.def.kind === 'scalar' ? found.def : found?.def.kind === 'multi' ? found.def.subs[found.sub!]! : UNKNOWN;
      let values = asArray(
        get(resource, found?.def.kind === 'multi' ? { ...filter.attr, sub: found.sub } : filter.attr, found?.def),
      );
      values = values
        .map((v) => (isObject(v) && 'value' in v ? v.value : v))
        .filter((v) => v !== undefined && v !== null);
      if (filter.op === 'pr') return values.some((v) => v !== '' && !(Array.isArray(v) && v.length === 0));
      const want = coerce(def, filter.op, filter.value);
      if (want === null) return filter.op === 'eq' ? values.length === 0 : values.length > 0;
      return values.some((v) => compare(def, filter.op as CompareOp, v, want));
    }
  }
}

const UNKNOWN: ScalarAttr = { kind: 'scalar', type: 'string', caseExact: false, sql: '' };

function compare(def: ScalarAttr, op: CompareOp, actual: unknown, want: string | boolean): boolean {
  if (def.type === 'boolean') {
    if (typeof actual !== 'boolean') return false;
    return op === 'eq' ? actual === want : actual !== want;
  }
  if (def.type === 'dateTime') {
    const a = Date.parse(String(actual));
    const b = Date.parse(String(want));
    if (Number.isNaN(a)) return false;
    return ORDER[op as 'eq'](a, b);
  }
  if (typeof actual !== 'string' && typeof actual !== 'number') return false;
  const a = def.caseExact ? String(actual) : String(actual).toLowerCase();
  const b = def.caseExact ? String(want) : String(want).toLowerCase();
  switch (op) {
    case 'co':
      return a.includes(b);
    case 'sw':
      return a.startsWith(b);
    case 'ew':
      return a.endsWith(b);
    default:
      return ORDER[op](a, b);
  }
}

const ORDER: Record<'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le', <T>(a: T, b: T) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
};

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** A key of `obj` matched case-insensitively (RFC 7643 §2.1: attribute names are case-insensitive). */
export function keyOf(obj: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** The value at an attribute path; enterprise attributes are read from the extension object. */
function get(resource: Record<string, unknown>, path: AttrPath, def: AttrDef | undefined): unknown {
  let base: unknown = resource;
  const inExtension =
    (def?.kind === 'scalar' && def.enterprise) || path.uri?.toLowerCase() === ENTERPRISE_USER.toLowerCase();
  if (inExtension) {
    const k = keyOf(resource, ENTERPRISE_USER);
    base = k ? resource[k] : undefined;
  }
  const step = (v: unknown, name: string): unknown => {
    if (Array.isArray(v)) return v.flatMap((el) => asArray(step(el, name)));
    if (!isObject(v)) return undefined;
    const k = keyOf(v, name);
    return k === undefined ? undefined : v[k];
  };
  let v = step(base, path.name);
  if (path.sub) v = step(v, path.sub);
  return v;
}
