import { ENTERPRISE_USER, CORE_USER, CORE_GROUP, type AttrDef } from './attributes';
import { ScimError } from './errors';
import { parsePatchPath, type PatchPath } from './filter';
import { asArray, isObject, keyOf, matches } from './filterEval';

/**
 * PATCH operations (RFC 7644 §3.5.2) applied to a SCIM resource object, in memory. The caller
 * then stores the result like a PUT, so PATCH and PUT share one validation and one write path.
 * Tolerant of what real clients send: op names in any case ("Replace"), `remove` with a value
 * list (Entra removing group members), a value filter that matches nothing on add/replace
 * (Entra's `emails[type eq "work"].value`) creates the element.
 */
export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

const MULTI_VALUED = new Set([
  'emails',
  'phonenumbers',
  'addresses',
  'ims',
  'photos',
  'members',
  'entitlements',
  'roles',
  'x509certificates',
  'groups',
]);
const KNOWN_URIS = [CORE_USER, ENTERPRISE_USER, CORE_GROUP];
const CORE_URIS = [CORE_USER, CORE_GROUP].map((u) => u.toLowerCase());
const READ_ONLY = new Set(['id', 'meta', 'groups']);
const MAX_OPERATIONS = 1000;

export function applyPatch(
  resource: Record<string, unknown>,
  operations: unknown,
  attrs: Record<string, AttrDef>,
): Record<string, unknown> {
  if (!Array.isArray(operations) || operations.length === 0)
    throw new ScimError(400, 'invalidSyntax', 'A PATCH request needs a non-empty "Operations" list.');
  if (operations.length > MAX_OPERATIONS)
    throw new ScimError(400, 'tooMany', `A PATCH request may carry at most ${MAX_OPERATIONS} operations.`);
  const doc = structuredClone(resource);
  for (const raw of operations) {
    if (!isObject(raw)) throw new ScimError(400, 'invalidSyntax', 'Each operation is an object with "op".');
    const opKey = keyOf(raw, 'op');
    const op = typeof raw[opKey ?? ''] === 'string' ? (raw[opKey!] as string).toLowerCase() : '';
    const pathKey = keyOf(raw, 'path');
    const valueKey = keyOf(raw, 'value');
    const path = pathKey ? raw[pathKey] : undefined;
    const value = valueKey ? raw[valueKey] : undefined;
    if (path !== undefined && (typeof path !== 'string' || path.length > 1000))
      throw new ScimError(400, 'invalidPath', '"path" must be a string.');
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw new ScimError(
        400,
        'invalidSyntax',
        `Unknown operation "${String(raw[opKey ?? ''])}": use add, replace or remove.`,
      );
    // A path naming the core schema itself is the same as no path (its value holds attributes).
    const target = path ? targetOf(path) : null;
    if (op === 'remove') {
      if (!target) throw new ScimError(400, 'noTarget', 'A remove operation needs a "path" naming an attribute.');
      assertWritable(doc, target, op, undefined);
      remove(doc, target, value, attrs);
    } else if (!target) {
      if (!isObject(value))
        throw new ScimError(400, 'invalidValue', `An ${op} operation without a path needs an object value.`);
      for (const [k, v] of Object.entries(value)) {
        const p = pathOfKey(k);
        assertWritable(doc, p, op, v);
        applyAt(doc, p, v, op, attrs);
      }
    } else {
      if (value === undefined) throw new ScimError(400, 'invalidValue', `An ${op} operation needs a "value".`);
      assertWritable(doc, target, op, value);
      applyAt(doc, target, value, op, attrs);
    }
  }
  return doc;
}

/** A key of a path-less value: `userName`, `name.givenName`, `urn:…:User:department`, or a whole extension by its URN. */
function pathOfKey(key: string): PatchPath {
  const uri = KNOWN_URIS.find((u) => key.toLowerCase() === u.toLowerCase());
  if (uri) return { attr: { uri: null, name: uri, sub: null }, filter: null, subAfterFilter: null };
  return parsePatchPath(key);
}

/** An operation's `path`; null when it names a core schema, whose value then holds attributes like a path-less one. */
function targetOf(path: string): PatchPath | null {
  if (CORE_URIS.includes(path.trim().toLowerCase())) return null;
  return pathOfKey(path.trim());
}

/**
 * `id`, `meta` and a User's `groups` are read-only (RFC 7643 §3.1, §4.1.2): changing them is a 400 mutability
 * (RFC 7644 §3.5.2), not a silent no-op. Okta renames a group with a path-less replace that repeats the
 * group's own `id`: an unchanged id is accepted.
 */
function assertWritable(doc: Record<string, unknown>, p: PatchPath, op: string, value: unknown) {
  if (p.attr.uri && !CORE_URIS.includes(p.attr.uri.toLowerCase())) return;
  const name = p.attr.name.toLowerCase();
  if (name === 'id' && op !== 'remove' && !p.attr.sub && value === doc.id) return;
  if (READ_ONLY.has(name))
    throw new ScimError(400, 'mutability', `"${p.attr.name}${p.attr.sub ? `.${p.attr.sub}` : ''}" is read-only.`);
}

/** The object holding the path's attribute: the resource, or its enterprise extension (created on write). */
function container(doc: Record<string, unknown>, p: PatchPath, create: boolean): Record<string, unknown> | null {
  const uri = p.attr.uri?.toLowerCase();
  if (!uri || uri === CORE_USER.toLowerCase() || uri === CORE_GROUP.toLowerCase()) return doc;
  if (uri !== ENTERPRISE_USER.toLowerCase())
    throw new ScimError(400, 'invalidPath', `Unknown schema "${p.attr.uri!.slice(0, 200)}".`);
  const k = keyOf(doc, ENTERPRISE_USER);
  if (k && isObject(doc[k])) return doc[k] as Record<string, unknown>;
  if (!create) return null;
  const ext: Record<string, unknown> = {};
  doc[ENTERPRISE_USER] = ext;
  return ext;
}

function setKey(obj: Record<string, unknown>, name: string, value: unknown) {
  const k = keyOf(obj, name) ?? name;
  obj[k] = value;
}

function applyAt(
  doc: Record<string, unknown>,
  p: PatchPath,
  value: unknown,
  op: string,
  attrs: Record<string, AttrDef>,
) {
  const holder = container(doc, p, true)!;
  const name = p.attr.name;
  const key = keyOf(holder, name) ?? name;
  const multi = MULTI_VALUED.has(name.toLowerCase());
  if (p.filter) {
    const list = Array.isArray(holder[key]) ? (holder[key] as unknown[]) : [];
    const subs = subsOf(attrs, name);
    const hits = list.filter((el) => isObject(el) && matches(p.filter!, el, subs)) as Record<string, unknown>[];
    if (!hits.length) {
      // Nothing matched: create the element the filter describes (Entra adds a work email this way).
      const created = elementFromFilter(p);
      if (!created) throw new ScimError(400, 'noTarget', `No value of "${name}" matches the filter.`);
      hits.push(created);
      list.push(created);
      holder[key] = list;
    }
    for (const el of hits) {
      if (p.subAfterFilter) setKey(el, p.subAfterFilter, value);
      else if (isObject(value)) Object.assign(el, value);
      else throw new ScimError(400, 'invalidValue', `The value for "${name}[…]" must be an object.`);
    }
    return;
  }
  if (p.attr.sub) {
    const current = isObject(holder[key]) ? (holder[key] as Record<string, unknown>) : {};
    setKey(current, p.attr.sub, value);
    holder[key] = current;
    return;
  }
  if (multi) {
    const incoming = Array.isArray(value) ? value : [value];
    if (incoming.some((v) => !isObject(v)))
      throw new ScimError(400, 'invalidValue', `Values of "${name}" are objects, e.g. {"value": "…"}.`);
    if (incoming.some((v) => isPrimary(v)))
      for (const el of asArray(holder[key])) if (isObject(el) && isPrimary(el)) el[keyOf(el, 'primary')!] = false;
    if (op === 'replace') holder[key] = incoming;
    else {
      const list = asArray(holder[key]);
      for (const v of incoming) if (!list.some((el) => sameValue(el, v))) list.push(v);
      holder[key] = list;
    }
    return;
  }
  // A complex value is merged for add and replace alike: sub-attributes not named are left unchanged (§3.5.2.3).
  if (isObject(value) && isObject(holder[key])) Object.assign(holder[key] as object, value);
  else holder[key] = value;
}

function remove(doc: Record<string, unknown>, p: PatchPath, value: unknown, attrs: Record<string, AttrDef>) {
  const holder = container(doc, p, false);
  if (!holder) return;
  const key = keyOf(holder, p.attr.name);
  if (key === undefined) return;
  if (p.filter) {
    const list = asArray(holder[key]);
    const subs = subsOf(attrs, p.attr.name);
    const hit = (el: unknown) => isObject(el) && matches(p.filter!, el, subs);
    if (p.subAfterFilter) {
      for (const el of list)
        if (hit(el))
          delete (el as Record<string, unknown>)[keyOf(el as Record<string, unknown>, p.subAfterFilter) ?? ''];
    } else holder[key] = list.filter((el) => !hit(el));
    return;
  }
  if (p.attr.sub) {
    const current = holder[key];
    if (isObject(current)) delete current[keyOf(current, p.attr.sub) ?? ''];
    else if (Array.isArray(current)) for (const el of current) if (isObject(el)) delete el[keyOf(el, p.attr.sub) ?? ''];
    return;
  }
  // `remove members` with a value list removes those members only (Entra); without, the whole attribute.
  if (value !== undefined && Array.isArray(holder[key])) {
    const doomed = Array.isArray(value) ? value : [value];
    holder[key] = (holder[key] as unknown[]).filter((el) => !doomed.some((d) => sameValue(el, d)));
    return;
  }
  delete holder[key];
}

function subsOf(attrs: Record<string, AttrDef>, name: string): Record<string, AttrDef> {
  const def = attrs[name.toLowerCase()];
  return def?.kind === 'multi' ? def.subs : {};
}

/** `[type eq "work"]` (and conjunctions of eq) describe a new element: { type: "work" }. */
function elementFromFilter(p: PatchPath): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  const walk = (f: NonNullable<PatchPath['filter']>): boolean => {
    if (f.op === 'and') return walk(f.left) && walk(f.right);
    if (f.op === 'eq' && !f.attr.sub && !f.attr.uri) {
      out[f.attr.name] = f.value;
      return true;
    }
    return false;
  };
  return walk(p.filter!) ? out : null;
}

function isPrimary(v: unknown): boolean {
  if (!isObject(v)) return false;
  const k = keyOf(v, 'primary');
  return k !== undefined && (v[k] === true || String(v[k]).toLowerCase() === 'true');
}

/** Two elements of a multi-valued attribute are the same when their `value` is (or, without one, their JSON). */
function sameValue(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b)) {
    const ka = keyOf(a, 'value');
    const kb = keyOf(b, 'value');
    if (ka && kb) return String(a[ka]) === String(b[kb]);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
