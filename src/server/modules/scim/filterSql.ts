import { lookup, type AttrDef, type ScalarAttr } from './attributes';
import { ScimError } from './errors';
import type { CompareOp, CompValue, Filter } from './filter';

/**
 * Filter AST → SQL boolean expression. Values are always bound parameters ($n, appended to
 * `params`); only column expressions from the attribute table are written into the SQL.
 * Under `not`, every leaf is made two-valued (coalesce(…, false)) so `not (…)` means what the
 * evaluator means; elsewhere a NULL already filters like false, and the bare comparison can use an index.
 */
export function compileFilter(filter: Filter, attrs: Record<string, AttrDef>, params: unknown[]): string {
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const walk = (f: Filter, scope: Record<string, AttrDef>, negated: boolean): string => {
    switch (f.op) {
      case 'and':
      case 'or':
        return `(${walk(f.left, scope, negated)} ${f.op} ${walk(f.right, scope, negated)})`;
      case 'not':
        return `(not ${walk(f.filter, scope, true)})`;
      case 'valuePath': {
        const found = lookup(scope, { ...f.attr, sub: null });
        if (!found || found.def.kind !== 'multi')
          throw invalidFilter(`"${f.attr.name}" is not a multi-valued attribute.`);
        return `exists (select 1 from ${found.def.from} and ${walk(f.filter, found.def.subs, false)})`;
      }
      default: {
        const found = lookup(scope, f.attr);
        if (!found) throw invalidFilter(`Unknown attribute "${[f.attr.name, f.attr.sub].filter(Boolean).join('.')}".`);
        if (found.def.kind === 'multi') {
          const sub = found.def.subs[found.sub!]!;
          return `exists (select 1 from ${found.def.from} and ${leaf(f, sub, bind)})`;
        }
        const sql = leaf(f, found.def, bind);
        return negated ? `coalesce(${sql}, false)` : sql;
      }
    }
  };
  return walk(filter, attrs, false);
}

type Leaf = Extract<Filter, { op: 'pr' | CompareOp }>;

function leaf(f: Leaf, attr: ScalarAttr, bind: (v: unknown) => string): string {
  const x = attr.sql;
  if (f.op === 'pr') return attr.type === 'string' ? `(${x} <> '')` : `(${x} is not null)`;
  const value = coerce(attr, f.op, f.value);
  if (value === null) return f.op === 'eq' ? `(${x} is null)` : `(${x} is not null)`;
  if (attr.type === 'boolean') return `(${x} ${f.op === 'eq' ? '=' : '<>'} ${bind(value)}::boolean)`;
  if (attr.type === 'dateTime') return `(${x} ${SQL_OP[f.op]} ${bind(value)}::timestamptz)`;
  // Strings: case-insensitive attributes compare lower-cased; ordering is by code point (collate "C").
  const col = attr.caseExact ? x : `lower(${x})`;
  const p = attr.caseExact ? `${bind(value)}::text` : `lower(${bind(value)}::text)`;
  switch (f.op) {
    case 'co':
      return `(strpos(${col}, ${p}) > 0)`;
    case 'sw':
      return `(left(${col}, length(${p})) = ${p})`;
    case 'ew':
      return `(right(${col}, length(${p})) = ${p})`;
    default:
      return f.op === 'eq' ? `(${col} = ${p})` : `(${col} collate "C" ${SQL_OP[f.op]} ${p} collate "C")`;
  }
}

const SQL_OP: Record<CompareOp, string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
  co: '',
  sw: '',
  ew: '',
};

/**
 * Checks the operator suits the attribute type (RFC 7644 §3.4.2.2: gt/lt on booleans fail with
 * invalidFilter) and converts the value: "True"/"False" strings for booleans, dates parsed.
 */
export function coerce(attr: ScalarAttr, op: CompareOp, value: CompValue): string | boolean | null {
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') throw invalidFilter(`"${op}" cannot compare with null.`);
    return null;
  }
  if (attr.type === 'boolean') {
    if (op !== 'eq' && op !== 'ne') throw invalidFilter(`"${op}" cannot be used on a boolean attribute.`);
    const b =
      typeof value === 'boolean'
        ? value
        : String(value).toLowerCase() === 'true'
          ? true
          : String(value).toLowerCase() === 'false'
            ? false
            : null;
    if (b === null) throw invalidFilter('A boolean attribute compares with true or false.');
    return b;
  }
  if (attr.type === 'dateTime') {
    if (op === 'co' || op === 'sw' || op === 'ew') throw invalidFilter(`"${op}" cannot be used on a date attribute.`);
    const t = Date.parse(String(value));
    if (Number.isNaN(t)) throw invalidFilter('A date attribute compares with an ISO-8601 date and time.');
    return new Date(t).toISOString();
  }
  return String(value);
}

function invalidFilter(detail: string) {
  return new ScimError(400, 'invalidFilter', detail);
}

/** `sortBy` (RFC 7644 §3.4.2.3) → an ORDER BY expression; multi-valued attributes sort by their primary value. */
export function sortExpression(
  attrs: Record<string, AttrDef>,
  sortBy: string,
  primarySql: Record<string, string>,
): string {
  const [name, sub] = sortBy.split(':').pop()!.split('.');
  const found = lookup(attrs, { uri: null, name: name ?? '', sub: sub ?? null });
  if (!found) throw invalidFilter(`Cannot sort by "${sortBy.slice(0, 100)}".`);
  if (found.def.kind === 'multi') {
    const expr = primarySql[(name ?? '').toLowerCase()];
    if (!expr) throw invalidFilter(`Cannot sort by "${sortBy.slice(0, 100)}".`);
    return `${expr} collate "C"`;
  }
  if (found.def.type === 'string')
    return `${found.def.caseExact ? found.def.sql : `lower(${found.def.sql})`} collate "C"`;
  return found.def.sql;
}
