import fc from 'fast-check';

/**
 * Generated SCIM filters (as text) over a small vocabulary, so that generated users often match.
 * Always RFC-valid: quoted strings, operators suited to the attribute type.
 */
export type Kind = 'string' | 'boolean' | 'dateTime';
export interface GenAttr {
  path: string;
  kind: Kind;
}

const STRING_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
const BOOL_OPS = ['eq', 'ne'] as const;
const DATE_OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;

export function filterArb(
  attrs: GenAttr[],
  word: fc.Arbitrary<string>,
  dates: fc.Arbitrary<string> = fc.constant('2020-01-01T00:00:00.000Z'),
  sub?: { path: string; attrs: GenAttr[]; simple?: boolean },
): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    fc.constantFrom(...attrs).chain((a) => {
      if (a.kind === 'boolean')
        return fc.tuple(fc.constantFrom(...BOOL_OPS), fc.boolean()).map(([op, v]) => `${a.path} ${op} ${v}`);
      if (a.kind === 'dateTime')
        return fc.tuple(fc.constantFrom(...DATE_OPS), dates).map(([op, v]) => `${a.path} ${op} "${v}"`);
      return fc.tuple(fc.constantFrom(...STRING_OPS), word).map(([op, v]) => `${a.path} ${op} ${JSON.stringify(v)}`);
    }),
    fc.constantFrom(...attrs).map((a) => `${a.path} pr`),
  );
  // `simple`: value filters of leaves joined by "or" only (see the reference comparison's note).
  const inner: fc.Arbitrary<string> | null = !sub
    ? null
    : sub.simple
      ? fc
          .array(
            filterArb(sub.attrs, word, dates).filter((f) => !/[[(]|\b(and|or|not)\b/.test(f)),
            { minLength: 1, maxLength: 3 },
          )
          .map((fs) => fs.join(' or '))
      : filterArb(sub.attrs, word, dates).filter((f) => !f.includes('['));
  const withPath: fc.Arbitrary<string> =
    inner && sub
      ? fc.oneof({ weight: 4, arbitrary: leaf }, { weight: 1, arbitrary: inner.map((f) => `${sub.path}[${f}]`) })
      : leaf;
  const { tree } = fc.letrec<{ tree: string }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      withPath,
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => `(${a}) and (${b})`),
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => `${a} or ${b}`),
      tie('tree').map((a) => `not (${a})`),
      // Precedence: "and" binds tighter than "or" (RFC 7644 §3.4.2.2).
      fc.tuple(withPath, withPath, withPath).map(([a, b, c]) => `${a} or ${b} and ${c}`),
    ),
  }));
  return tree;
}
