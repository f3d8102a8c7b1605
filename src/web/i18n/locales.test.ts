import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../common/domain';
import { NAMESPACES, RESOURCES } from './resources';

// The UI's words (docs/decisions/021-languages.md): every language has every key, with the plural forms its
// grammar needs and the same placeholders; every key the code asks for exists. A missing translation fails here,
// not in front of a French or German reader.

type Tree = { [key: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const words = (language: string, ns: string) =>
  flatten((RESOURCES as unknown as Record<string, Record<string, Tree>>)[language]![ns]!);
/** Keys with their plural suffixes taken off: what the code asks for. */
const baseKeys = (keys: Iterable<string>) => new Set([...keys].map((k) => k.replace(PLURAL, '')));
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe('the UI in every language', () => {
  for (const ns of NAMESPACES) {
    it(`${ns}: every language has English's keys, no more, with the same placeholders`, () => {
      const english = words('en', ns);
      for (const language of LANGUAGES) {
        const own = words(language, ns);
        expect([...baseKeys(own.keys())].sort(), `${language}/${ns}.json`).toEqual(
          [...baseKeys(english.keys())].sort(),
        );
        for (const [key, text] of own) {
          expect(text.trim(), `${language}/${ns}.json ${key} is empty`).not.toBe('');
          const base = key.replace(PLURAL, '');
          const source = english.get(key) ?? english.get(`${base}_other`) ?? english.get(base);
          expect(placeholders(text), `${language}/${ns}.json ${key}`).toEqual(placeholders(source ?? ''));
        }
      }
    });

    it(`${ns}: plural keys have every form each language's grammar needs`, () => {
      for (const language of LANGUAGES) {
        const own = words(language, ns);
        const plurals = baseKeys([...own.keys()].filter((k) => PLURAL.test(k)));
        const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        for (const base of plurals)
          for (const form of needed)
            expect(own.has(`${base}_${form}`), `${language}/${ns}.json ${base}_${form}`).toBe(true);
      }
    });
  }

  it('has every key the code asks for by name', () => {
    const root = join(__dirname, '..');
    const missing: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      // A component's namespace is the first given to useTranslation; a key may name its own (`people:title`).
      const ns = /useTranslation\(\s*'(\w+)'/.exec(text)?.[1] ?? 'common';
      for (const m of text.matchAll(/\bt\(\s*'([\w.:-]+)'/g)) {
        const [own, key] = m[1]!.includes(':') ? m[1]!.split(':') : [ns, m[1]!];
        const english = NAMESPACES.includes(own as never) ? words('en', own!) : new Map();
        if (!english.has(key!) && !english.has(`${key}_other`)) missing.push(`${relative(root, file)}: ${own}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has every column heading the code asks for with columnHeadings', () => {
    const headings = (text: string, ns: string) =>
      [...text.matchAll(/\bcolumnHeadings\(\s*t,\s*'([\w.]+)',\s*\[([^\]]*)\]/g)].flatMap((m) =>
        [...m[2]!.matchAll(/'(\w+)'/g)].map((name) => `${ns}:${m[1]}.${name[1]}`),
      );
    expect(missingKeys(headings)).toEqual([]);
  });

  it('has the loading and loadFailed words under every key a QueryState takes its texts from', () => {
    const queryWords = (text: string) =>
      [...text.matchAll(/\btexts="([\w.:-]+)"/g)].flatMap((m) => {
        const [ns, prefix] = m[1]!.split(':');
        return ['loading', 'loadFailed'].map((name) => (prefix ? `${ns}:${prefix}.${name}` : `${ns}:${name}`));
      });
    expect(missingKeys(queryWords)).toEqual([]);
  });

  it('has the search and searchPlaceholder words under every key a FilterBar takes its search texts from', () => {
    const searchWords = (text: string) =>
      [...text.matchAll(/\bsearchKeys="([\w.:-]+)"/g)].flatMap((m) => {
        const [ns, prefix] = m[1]!.split(':');
        return ['search', 'searchPlaceholder'].map((name) => `${ns}:${prefix}.${name}`);
      });
    expect(missingKeys(searchWords)).toEqual([]);
  });
});

/**
 * The keys (`ns:key`) that `keysIn` finds the code asking for in another way than `t('…')`, and that English
 * lacks, each after its file; `ns` is the file's namespace, as above.
 */
function missingKeys(keysIn: (text: string, ns: string) => string[]): string[] {
  const root = join(__dirname, '..');
  return sourceFiles(root).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const ns = /useTranslation\(\s*'(\w+)'/.exec(text)?.[1] ?? 'common';
    return keysIn(text, ns)
      .filter((asked) => {
        const [own, key] = asked.split(':');
        return !NAMESPACES.includes(own as never) || !words('en', own!).has(key!);
      })
      .map((asked) => `${relative(root, file)}: ${asked}`);
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}
