import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

// Small modules (docs/ARCHITECTURE.md): a source file over 300 lines says why at its top, in a comment that starts
// "Over 300 lines", so a long file is a decision someone wrote down rather than an accident.
const LIMIT = 300;
const root = path.resolve(import.meta.dirname, '../..');
const sources = (dir: string): string[] =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : /\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );

/** The long files that do not give their reason within their first five lines. */
export function unexplainedLongFiles(files: { file: string; text: string }[]): string[] {
  return files
    .filter(({ text }) => text.split('\n').length > LIMIT)
    .filter(({ text }) => !/^\s*(\/\/|\/\*+|\*)\s*Over 300 lines/m.test(text.split('\n').slice(0, 5).join('\n')))
    .map(({ file }) => file);
}

it('every source file over 300 lines gives its reason at its top', () => {
  const files = sources('src').map((f) => ({
    file: f.split(path.sep).join('/'),
    text: fs.readFileSync(path.join(root, f), 'utf8'),
  }));
  expect(unexplainedLongFiles(files)).toEqual([]);
});

it('the check sees a long file without a reason, and accepts one with it', () => {
  const long = Array.from({ length: LIMIT + 1 }, (_, i) => `const x${i} = ${i};`).join('\n');
  expect(
    unexplainedLongFiles([
      { file: 'a.ts', text: long },
      { file: 'b.ts', text: `// Over 300 lines: one table of cases.\n${long}` },
      { file: 'c.ts', text: 'const short = 1;' },
    ]),
  ).toEqual(['a.ts']);
});
