import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { allowLongStatements, type Db } from './index';

/** Next to this file from source, and next to the bundle when compiled (scripts/build.mjs copies them there). */
const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies every `migrations/NNN_name.sql` not yet applied, each in its own transaction. */
export async function migrate(db: Db): Promise<string[]> {
  const files = fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  await db.tx(async (tx) => {
    // A migration may rewrite a large table, and a process waiting for another one's migrations waits on the lock.
    await allowLongStatements(tx);
    // Several app processes may start at once on one PostgreSQL server: one migrates, the others wait.
    // The one advisory lock left (elsewhere: lock rows, db/locks.ts): no table exists yet to lock on a
    // first start, and migrations are the schema's, shared by every organisation the database would hold.
    await tx.query('select pg_advisory_xact_lock(727001)');
    await tx.query(
      'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await tx.query<{ version: string }>('select version from schema_migrations')).map((r) => r.version),
    );
    for (const file of files) {
      if (done.has(file)) continue;
      const text = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      for (const statement of splitStatements(text)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1)', [file]);
      applied.push(file);
    }
  });
  return applied;
}

/**
 * Splits a migration into statements at semicolons, ignoring those inside quotes, dollar-quoted
 * bodies (`$$ … $$`, function definitions) and comments.
 */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const skip =
      /^--[^\n]*/.exec(rest) ?? // line comment
      /^'(?:[^']|'')*'/.exec(rest) ?? // string literal
      /^(\$[A-Za-z_]*\$)[\s\S]*?\1/.exec(rest); // dollar-quoted body
    if (skip) {
      if (!skip[0].startsWith('--')) current += skip[0];
      i += skip[0].length;
      continue;
    }
    if (text[i] === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
    } else current += text[i];
    i++;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
