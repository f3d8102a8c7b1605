import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { INACTIVE_STATUSES, INVITABLE_STATUSES, STATUSES } from '../../src/common/domain';

// How people are written (docs/ARCHITECTURE.md): one writer of status_history, one spelling of each status group.
const root = path.resolve(import.meta.dirname, '../..');
const sources = (dir: string): string[] =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
const files = sources('src').map((f) => ({
  file: f.split(path.sep).join('/'),
  text: fs.readFileSync(path.join(root, f), 'utf8'),
}));

/** Files whose SQL writes a table: insert into / update / delete from / copy, case and spacing aside. */
export function writersOf(table: string, texts: { file: string; text: string }[]): string[] {
  const write = new RegExp(`\\b(insert\\s+into|update|delete\\s+from|copy|truncate(\\s+table)?)\\s+${table}\\b`, 'i');
  return texts.filter((f) => write.test(f.text)).map((f) => f.file);
}

it('status_history has exactly one writer: people/transitions.ts (applyEvents, and createPeople through it)', () => {
  expect(writersOf('status_history', files)).toEqual(['src/server/modules/people/transitions.ts']);
});

it('the writer check sees a second writer, whatever its spelling', () => {
  const more = [
    ...files,
    { file: 'src/x.ts', text: 'await tx.query(`INSERT  INTO status_history (user_id) values ($1)`, [id]);' },
    { file: 'src/y.ts', text: "await tx.query('delete from status_history where user_id = $1', [id]);" },
  ];
  expect(writersOf('status_history', more)).toEqual([
    'src/server/modules/people/transitions.ts',
    'src/x.ts',
    'src/y.ts',
  ]);
  expect(writersOf('status_history', [{ file: 'r.ts', text: 'select * from status_history' }])).toEqual([]);
});

/** Lists of two or more quoted statuses (a JS array or a SQL `in (…)`) naming the same set as a declared group. */
const STATUS = `['"](?:${STATUSES.join('|')})['"]`;
const LIST = new RegExp(`[[(]\\s*${STATUS}(?:\\s*,\\s*${STATUS})+\\s*,?\\s*[\\])]`, 'g');
const GROUPS: Record<string, readonly string[]> = {
  INVITABLE_STATUSES,
  INACTIVE_STATUSES,
  'active (invitable or confirmed)': [...INVITABLE_STATUSES, 'confirmed'],
  'expiry done': STATUSES.filter((s) => s === 'expired' || s === 'anonymised'),
};
const ONE_DEFINITION = ['src/common/domain.ts', 'src/server/modules/people/lifecycle.ts'];

export function respellings(texts: { file: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const { file, text } of texts) {
    if (ONE_DEFINITION.includes(file)) continue;
    for (const m of text.matchAll(LIST)) {
      const names = [...m[0].matchAll(/['"](\w+)['"]/g)].map((n) => n[1]!).sort();
      for (const [group, members] of Object.entries(GROUPS))
        if (JSON.stringify([...members].sort()) === JSON.stringify(names)) found.push(`${file}: ${group} ${m[0]}`);
    }
  }
  return found;
}

it('status groups are spelled once (src/common/domain.ts, the lifecycle table) and named everywhere else', () => {
  expect(respellings(files)).toEqual([]);
});

it('the spelling check sees a group written again, in TypeScript or in SQL', () => {
  const found = respellings([
    { file: 'src/a.ts', text: "if (['deactivated', 'expired', 'anonymised'].includes(s)) return;" },
    {
      file: 'src/b.ts',
      text: "`select 1 from users where status in ('not_invited','invite_scheduled','invite_pending')`",
    },
    { file: 'src/c.ts', text: "`status not in ('expired', 'anonymised')`" },
    { file: 'src/d.ts', text: "['confirmed', 'deactivated']" },
  ]);
  expect(found.map((f) => f.split(':')[0])).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
});
