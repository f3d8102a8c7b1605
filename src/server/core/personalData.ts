import type { Sql } from '../db/index';

/**
 * The registry of personal data (docs/decisions/015-personal-data-registry.md). Every module that stores
 * something about a person registers one entry saying which tables and columns it answers for, how to
 * export what it holds about someone and how to erase it. Anonymisation and the personal-data export walk
 * the registry; neither writes or reads another module's tables itself.
 */

/** The person concerned, as known before any eraser runs: rows keyed by the address need it after the user row is scrubbed. */
export interface DataSubject {
  id: string;
  emailNormalized: string | null;
}

export interface PersonalDataEntry {
  /** The module that owns the tables, as named under modules/. */
  module: string;
  /** Each table the entry answers for, with its columns that point at, name or reach a person. */
  tables: Readonly<Record<string, readonly string[]>>;
  /** What the module holds about the person: one key per table of `tables`, JSON-able, no secrets. */
  exportFor(sql: Sql, subject: DataSubject): Promise<Record<string, unknown>>;
  /** Removes or scrubs it (anonymisation), in the caller's transaction. What stays is said in the entry. */
  erase(tx: Sql, subject: DataSubject): Promise<void>;
}

const entries = new Map<string, PersonalDataEntry>();

/** Registers a module's entry; registering the same module again replaces it, so start-up may run twice. */
export function registerPersonalData(entry: PersonalDataEntry): void {
  entries.set(entry.module, entry);
}

/** Every registered entry, in registration order. */
export function personalDataEntries(): PersonalDataEntry[] {
  return [...entries.values()];
}

/** Anonymisation must never run against a registry nobody filled: it would erase nothing and say it did. */
function registered(): PersonalDataEntry[] {
  if (!entries.size) throw new Error('No personal-data entries are registered: call registerModules() at start-up.');
  return personalDataEntries();
}

/**
 * Everything Roster holds about the person, by module then table. An entry that erases a table must export it:
 * an eraser without an exporter, or an export missing one of its tables, throws rather than hand over an
 * answer that silently leaves something out. `entries` is for the registry's own test.
 */
export async function exportPersonalData(
  sql: Sql,
  subject: DataSubject,
  entries: readonly PersonalDataEntry[] = registered(),
): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const entry of entries) {
    if (typeof entry.exportFor !== 'function')
      throw new Error(`Personal data: ${entry.module} has an eraser but no exporter.`);
    const exported = await entry.exportFor(sql, subject);
    const missing = Object.keys(entry.tables).filter((table) => !(table in exported));
    if (missing.length)
      throw new Error(`Personal data: ${entry.module} erases ${missing.join(', ')} but does not export it.`);
    out[entry.module] = exported;
  }
  return out;
}

/** Per module and table: the columns the entry answers for and how many rows held something about the person. */
export interface ErasedTable {
  module: string;
  table: string;
  columns: readonly string[];
  rows: number;
}

/**
 * What erasing the person will touch, for the anonymisation certificate: counted from the export taken just
 * before the erasers run, so it names tables, columns and counts, never a value.
 */
export async function erasureSummary(sql: Sql, subject: DataSubject): Promise<ErasedTable[]> {
  const exported = await exportPersonalData(sql, subject);
  // A table comes as rows, as groups of rows (notes about them / written by them), or as one row (the user row).
  const count = (v: unknown): number => {
    if (Array.isArray(v)) return v.length;
    if (v === null || v === undefined) return 0;
    const values = typeof v === 'object' ? Object.values(v) : [];
    return values.length && values.every(Array.isArray) ? values.reduce<number>((n, x) => n + count(x), 0) : 1;
  };
  return registered().flatMap((entry) =>
    Object.entries(entry.tables).map(([table, columns]) => ({
      module: entry.module,
      table,
      columns,
      rows: count(exported[entry.module]?.[table]),
    })),
  );
}

/** Runs every module's eraser for the person, in the caller's transaction. */
export async function erasePersonalData(tx: Sql, subject: DataSubject): Promise<void> {
  for (const entry of registered()) await entry.erase(tx, subject);
}

/** For exports: a secret is shown as "set" (or null when absent), never its value or hash. */
export const secretState = (value: unknown): 'set' | null =>
  value === null || value === undefined || value === '' ? null : 'set';

/**
 * For exporters: the rows of `table` (alias `t`) matching `where`, each as a JSON object of its columns —
 * `omit` left out (internal keys, hashes), `secrets` shown as "set". JSON from the database keeps
 * bigint and date columns printable.
 */
export async function exportRows(
  sql: Sql,
  table: string,
  where: string,
  params: unknown[],
  opts: { omit?: readonly string[]; secrets?: readonly string[]; orderBy?: string } = {},
): Promise<Record<string, unknown>[]> {
  const [row] = await sql.query<{ rows: Record<string, unknown>[] }>(
    `select coalesce(jsonb_agg(to_jsonb(t)${opts.orderBy ? ` order by ${opts.orderBy}` : ''}), '[]'::jsonb) as rows from ${table} t where ${where}`,
    params,
  );
  return row!.rows.map((r) => {
    for (const c of opts.omit ?? []) delete r[c];
    for (const c of opts.secrets ?? []) r[c] = secretState(r[c]);
    return r;
  });
}

/**
 * For exporters of rows that tie a person to a named thing (a team, a group): the person's rows of `table`,
 * matched on `user_id`, each with the thing's name as `as` (the thing's table joined on `key`).
 */
export function exportRowsWithName(
  sql: Sql,
  table: string,
  named: { table: string; key: string; as: string },
  userId: string,
  opts: { orderBy?: string } = {},
): Promise<Record<string, unknown>[]> {
  return exportRows(
    sql,
    `(select x.*, n.name as ${named.as} from ${table} x join ${named.table} n on n.id = x.${named.key})`,
    't.user_id = $1',
    [userId],
    opts,
  );
}
