import { ScimError } from './errors';

/**
 * SCIM filter expressions (RFC 7644 §3.4.2.2) parsed into an AST. Operators and keywords are
 * case-insensitive; attribute names keep their spelling and are matched case-insensitively later.
 * Tolerance (Postel): a bare word in value position is read as a string (`userName sw O`), as
 * clients such as Entra's test collection send.
 */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type CompValue = string | number | boolean | null;

/** `urn:…:User:manager.value` → { uri: 'urn:…:User', name: 'manager', sub: 'value' }. */
export interface AttrPath {
  uri: string | null;
  name: string;
  sub: string | null;
}

export type Filter =
  | { op: 'and' | 'or'; left: Filter; right: Filter }
  | { op: 'not'; filter: Filter }
  | { op: 'pr'; attr: AttrPath }
  | { op: CompareOp; attr: AttrPath; value: CompValue }
  /** `emails[type eq "work"]`: the inner filter's attributes are relative to each element. */
  | { op: 'valuePath'; attr: AttrPath; filter: Filter };

const COMPARE = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const MAX_LENGTH = 4000;
const MAX_DEPTH = 50;

type Token = { kind: 'word' | 'string' | '(' | ')' | '[' | ']'; text: string; value?: string };

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if ('()[]'.includes(c)) {
      tokens.push({ kind: c as Token['kind'], text: c });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
      if (j >= input.length) throw new ScimError(400, 'invalidFilter', 'The filter has an unterminated string.');
      const raw = input.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw new ScimError(400, 'invalidFilter', 'The filter has an invalid string escape.');
      }
      tokens.push({ kind: 'string', text: raw, value });
      i = j + 1;
    } else {
      let j = i;
      while (j < input.length && !/[\s()[\]"]/.test(input[j]!)) j++;
      tokens.push({ kind: 'word', text: input.slice(i, j) });
      i = j;
    }
  }
  return tokens;
}

export function parseAttrPath(text: string): AttrPath {
  const colon = text.lastIndexOf(':');
  const uri = colon >= 0 ? text.slice(0, colon) : null;
  const rest = colon >= 0 ? text.slice(colon + 1) : text;
  const parts = rest.split('.');
  if (!rest || parts.length > 2 || parts.some((p) => !/^[A-Za-z$][\w$-]*$/.test(p)))
    throw new ScimError(400, 'invalidFilter', `"${text.slice(0, 100)}" is not an attribute name.`);
  return { uri, name: parts[0]!, sub: parts[1] ?? null };
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Filter {
    const f = this.or();
    if (this.pos < this.tokens.length) this.fail(`Unexpected "${this.tokens[this.pos]!.text}".`);
    return f;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isWord(w: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text.toLowerCase() === w;
  }
  private expect(kind: Token['kind']): Token {
    const t = this.tokens[this.pos];
    if (!t || t.kind !== kind) this.fail(`Expected "${kind}".`);
    this.pos++;
    return t!;
  }
  private fail(detail: string): never {
    throw new ScimError(400, 'invalidFilter', `The filter is not valid: ${detail}`);
  }

  private or(): Filter {
    return this.chain('or', () => this.and());
  }
  private and(): Filter {
    return this.chain('and', () => this.unary());
  }
  /** Operands joined by a logical operator, left to right: `a or b or c` is `(a or b) or c`. */
  private chain(op: 'and' | 'or', operand: () => Filter): Filter {
    let left = operand();
    while (this.isWord(op)) {
      this.pos++;
      left = { op, left, right: operand() };
    }
    return left;
  }
  private unary(): Filter {
    if (++this.depth > MAX_DEPTH) this.fail('it is nested too deeply.');
    try {
      if (this.isWord('not')) {
        this.pos++;
        this.expect('(');
        const filter = this.or();
        this.expect(')');
        return { op: 'not', filter };
      }
      if (this.peek()?.kind === '(') {
        this.pos++;
        const f = this.or();
        this.expect(')');
        return f;
      }
      return this.attrExp();
    } finally {
      this.depth--;
    }
  }
  private attrExp(): Filter {
    const t = this.peek();
    if (!t || t.kind !== 'word') this.fail('expected an attribute name.');
    this.pos++;
    const attr = parseAttrPath(t!.text);
    if (this.peek()?.kind === '[') {
      this.pos++;
      const filter = this.or();
      this.expect(']');
      const after = this.peek();
      if (after?.kind !== 'word' || !after.text.startsWith('.')) return { op: 'valuePath', attr, filter };
      // `emails[type eq "work"].value eq "x"` (Entra's matching filter): one element matches the brackets and the comparison.
      this.pos++;
      const sub = after.text.slice(1);
      if (!/^[A-Za-z$][\w$-]*$/.test(sub)) this.fail(`"${after.text}" is not a sub-attribute.`);
      return {
        op: 'valuePath',
        attr,
        filter: { op: 'and', left: filter, right: this.comparison({ uri: null, name: sub, sub: null }) },
      };
    }
    return this.comparison(attr);
  }
  private comparison(attr: AttrPath): Filter {
    const opTok = this.peek();
    const op = opTok?.kind === 'word' ? opTok.text.toLowerCase() : '';
    this.pos++;
    if (op === 'pr') return { op: 'pr', attr };
    if (!COMPARE.has(op)) this.fail(`"${opTok?.text ?? 'end of filter'}" is not an operator.`);
    return { op: op as CompareOp, attr, value: this.value() };
  }
  private value(): CompValue {
    const t = this.peek();
    if (!t) this.fail('expected a value.');
    this.pos++;
    if (t!.kind === 'string') return t!.value!;
    if (t!.kind !== 'word') this.fail(`Unexpected "${t!.text}".`);
    const w = t!.text;
    const lower = w.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(w)) return Number(w);
    return w; // an unquoted string (tolerated)
  }
}

export function parseFilter(input: string): Filter {
  if (input.length > MAX_LENGTH)
    throw new ScimError(400, 'invalidFilter', `The filter is longer than ${MAX_LENGTH} characters.`);
  const tokens = tokenize(input);
  if (!tokens.length) throw new ScimError(400, 'invalidFilter', 'The filter is empty.');
  return new Parser(tokens).parse();
}

/**
 * A PATCH path (RFC 7644 §3.5.2): `attr`, `attr.sub`, `urn:…:attr`, `attr[filter]` or `attr[filter].sub`.
 */
export interface PatchPath {
  attr: AttrPath;
  filter: Filter | null;
  /** The sub-attribute after a value filter: `emails[type eq "work"].value`. */
  subAfterFilter: string | null;
}

export function parsePatchPath(input: string): PatchPath {
  const bad = () => new ScimError(400, 'invalidPath', `"${input.slice(0, 200)}" is not a valid PATCH path.`);
  const open = input.indexOf('[');
  if (open < 0) {
    try {
      return { attr: parseAttrPath(input.trim()), filter: null, subAfterFilter: null };
    } catch {
      throw bad();
    }
  }
  const close = input.lastIndexOf(']');
  if (close < open) throw bad();
  const after = input.slice(close + 1).trim();
  if (after && !/^\.[A-Za-z][\w$-]*$/.test(after)) throw bad();
  let attr: AttrPath;
  let filter: Filter;
  try {
    attr = parseAttrPath(input.slice(0, open).trim());
    filter = parseFilter(input.slice(open + 1, close));
  } catch {
    throw bad();
  }
  if (attr.sub) throw bad();
  return { attr, filter, subAfterFilter: after ? after.slice(1) : null };
}
