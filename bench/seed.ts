import type { Sql } from '../src/server/db/index';

/**
 * Seeds `n` users in one set-based INSERT … SELECT over generate_series: deterministic
 * pseudo-random values from hashtext(), so every run (and both databases) get the same data.
 * Spread: all 7 statuses, all 7 roles, 5 years of created_at, 1% soft-deleted, managers, breaks.
 */
const FIRST = [
  'Ada',
  'Adrien',
  'Aisha',
  'Akira',
  'Alejandro',
  'Alice',
  'Amara',
  'Amelia',
  'Ana',
  'Anders',
  'Andrea',
  'Anika',
  'Ari',
  'Ayumi',
  'Bas',
  'Beatriz',
  'Ben',
  'Bianca',
  'Camille',
  'Carlos',
  'Chen',
  'Chloé',
  'Chidi',
  'Clara',
  'Daniel',
  'Dara',
  'David',
  'Elena',
  'Elif',
  'Emma',
  'Erik',
  'Fatima',
  'Felix',
  'Femke',
  'Francesca',
  'Grace',
  'Hana',
  'Hannah',
  'Hugo',
  'Ibrahim',
  'Ines',
  'Isabel',
  'Ivan',
  'Jakob',
  'James',
  'Jana',
  'Javier',
  'Jin',
  'João',
  'José',
  'Julia',
  'Kai',
  'Karin',
  'Kofi',
  'Lars',
  'Laura',
  'Lea',
  'Leila',
  'Liam',
  'Lucas',
  'Luis',
  'Maja',
  'Marco',
  'Maria',
  'Mateo',
  'Mei',
  'Mia',
  'Mohammed',
  'Nadia',
  'Nia',
  'Noah',
  'Nora',
  'Olga',
  'Omar',
  'Oscar',
  'Paula',
  'Pedro',
  'Priya',
  'Rafael',
  'Ravi',
  'Rosa',
  'Sam',
  'Sara',
  'Sofia',
  'Sven',
  'Tariq',
  'Thomas',
  'Tomás',
  'Valentina',
  'Wei',
  'Yara',
  'Yusuf',
  'Zoé',
  'Zofia',
];
const LAST = [
  'Abara',
  'Achterberg',
  'Adeyemi',
  'Alvarez',
  'Andersen',
  'Bakker',
  'Becker',
  'Bianchi',
  'Björk',
  'Brown',
  'Castillo',
  'Chen',
  'Costa',
  'Da Silva',
  'de Vries',
  'Dubois',
  'Dvořák',
  'Eriksson',
  'Fernández',
  'Fischer',
  'García',
  'Gonzalez',
  'Gupta',
  'Haddad',
  'Hansen',
  'Hernández',
  'Hoffmann',
  'Horvat',
  'Ibrahim',
  'Ito',
  'Jansen',
  'Johansson',
  'Johnson',
  'Kaya',
  'Khan',
  'Kim',
  'Kowalski',
  'Kumar',
  'Larsen',
  'Laurent',
  'Lee',
  'Lefebvre',
  'Li',
  'López',
  'Martin',
  'Martínez',
  'Meyer',
  'Moreau',
  'Müller',
  'Murphy',
  'Nakamura',
  'Nguyen',
  'Nielsen',
  "O'Brien",
  'Okafor',
  'Olsen',
  'Ødegaard',
  'Park',
  'Patel',
  'Pereira',
  'Petrov',
  'Popescu',
  'Quinn',
  'Rahman',
  'Rossi',
  'Sato',
  'Schmidt',
  'Schneider',
  'Silva',
  'Singh',
  'Smith',
  'Sousa',
  'Suzuki',
  'Svensson',
  'Tanaka',
  'Taylor',
  'Van den Berg',
  'Visser',
  'Wagner',
  'Wang',
  'Weber',
  'Williams',
  'Wilson',
  'Wójcik',
  'Yamamoto',
  'Yilmaz',
  'Zhang',
  'Zimmermann',
];
export const DEPARTMENTS = [
  'Engineering',
  'Sales',
  'Marketing',
  'Finance',
  'HR',
  'Operations',
  'Support',
  'Legal',
  'Product',
  'Design',
  'Logistics',
  'Research',
];
const LOCATIONS = [
  'Amsterdam',
  'Berlin',
  'Lisbon',
  'London',
  'Madrid',
  'Paris',
  'Warsaw',
  'Stockholm',
  'New York',
  'Toronto',
  'São Paulo',
  'Singapore',
  'Tokyo',
  'Nairobi',
  'Remote',
];
const TITLES = [
  'Engineer',
  'Senior Engineer',
  'Account Executive',
  'Analyst',
  'Designer',
  'Product Manager',
  'Support Agent',
  'Team Lead',
  'Recruiter',
  'Accountant',
  'Warehouse Operator',
  'Researcher',
  'Consultant',
  'Director',
  'Intern',
];
const LANGUAGES = ['en', 'en', 'en', 'fr', 'de', 'es', 'nl', 'pt', 'pl', 'sv', 'ja'];
const ZONES = [
  'Europe/Amsterdam',
  'Europe/Berlin',
  'Europe/Lisbon',
  'Europe/London',
  'America/New_York',
  'America/Toronto',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Africa/Nairobi',
];
const DOMAINS = ['example.com', 'example.org', 'acme.example', 'globex.example', 'initech.example'];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A deterministic pick from `values` for row g; `salt` decorrelates the columns. */
const pick = (values: string[], salt: string) =>
  `(array[${values.map(lit).join(',')}])[1 + abs(hashtext('${salt}' || g)) % ${values.length}]`;
/** Deterministic 0…999 for row g. */
const r = (salt: string) => `(abs(hashtext('${salt}' || g)) % 1000)`;

export function seedSql(n: number, offset = 0): string {
  return `
with base as (
  select g,
    md5('roster-bench-' || g)::uuid::text as id,
    ${pick(FIRST, 'f')} as fn,
    ${pick(LAST, 'l')} as ln,
    ${pick(DOMAINS, 'm')} as domain,
    ${r('s')} as rs, ${r('r')} as rr, ${r('d')} as rd, ${r('b')} as rb, ${r('a')} as ra,
    now() - (abs(hashtext('c' || g)) % (5 * 365 * 86400)) * interval '1 second' as created
  from generate_series(${offset + 1}, ${offset + n}) g
), shaped as (
  select *,
    case when rs < 550 then 'confirmed' when rs < 700 then 'invite_pending' when rs < 780 then 'not_invited'
         when rs < 820 then 'invite_scheduled' when rs < 940 then 'deactivated' when rs < 970 then 'expired'
         else 'anonymised' end as status,
    case when rr < 3 then 'owner' when rr < 30 then 'admin' when rr < 70 then 'hr' when rr < 90 then 'reporter'
         when rr < 120 then 'learning_designer' when rr < 150 then 'curator' else 'learner' end as role,
    regexp_replace(lower(fn || '.' || ln), '[^a-z0-9.]', '', 'g') || '.' || g || '@' || domain as mail
  from base
)
insert into users (id, email, email_normalized, first_name, last_name, role, status, status_before_deactivation, status_before_expiry,
  manager_id, job_title, department, location, language, time_zone, hire_date, employee_id, on_break, break_until, expires_at,
  invited_at, invite_scheduled_at, confirmed_at, first_learning_activity_at, pseudonym, anonymised_at, deleted_at, created_at, updated_at)
select id,
  case when status = 'anonymised' then null else mail end,
  case when status = 'anonymised' then null else mail end,
  case when status = 'anonymised' then 'Anonymised' else fn end,
  case when status = 'anonymised' then 'anon-' || substr(md5('p' || g), 1, 12) else ln end,
  role, status,
  case when status = 'deactivated' then 'confirmed' end,
  case when status = 'expired' then 'confirmed' end,
  case when status <> 'anonymised' and g > 1000 and rb < 800 then md5('roster-bench-' || (1 + g % 1000))::uuid::text end,
  case when status <> 'anonymised' then ${pick(TITLES, 't')} end,
  case when status <> 'anonymised' then ${pick(DEPARTMENTS, 'dp')} end,
  case when status <> 'anonymised' then ${pick(LOCATIONS, 'lo')} end,
  case when status <> 'anonymised' then ${pick(LANGUAGES, 'la')} end,
  case when status <> 'anonymised' then ${pick(ZONES, 'z')} end,
  case when status <> 'anonymised' then (created - (abs(hashtext('h' || g)) % 400) * interval '1 day')::date end,
  case when status <> 'anonymised' and rb < 900 then 'E' || lpad(g::text, 7, '0') end,
  status = 'confirmed' and rb >= 980,
  case when status = 'confirmed' and rb >= 980 then now() + (rb - 970) * interval '1 day' end,
  case when status = 'expired' then now() - (ra % 300) * interval '1 day'
       when status = 'confirmed' and ra < 50 then now() + (ra + 30) * interval '1 day' end,
  case when status in ('invite_pending', 'confirmed', 'deactivated', 'expired') then created + interval '1 hour' end,
  case when status = 'invite_scheduled' then now() + (ra % 30 + 1) * interval '1 day' end,
  case when status in ('confirmed', 'deactivated', 'expired') then created + interval '2 days' end,
  case when status = 'confirmed' and ra < 600 then created + interval '5 days' end,
  case when status = 'anonymised' then 'anon-' || substr(md5('p' || g), 1, 12) end,
  case when status = 'anonymised' then created + interval '30 days' end,
  case when status <> 'anonymised' and rd < 10 then created + interval '60 days' end,
  created,
  created + (ra % 100) * interval '1 day'
from shaped`;
}

export async function seedUsers(sql: Sql, n: number, chunk = 25_000): Promise<void> {
  // Chunks keep each statement's memory small on PGlite; managers are the first 1,000 rows.
  for (let offset = 0; offset < n; offset += chunk) await sql.query(seedSql(Math.min(chunk, n - offset), offset));
  await sql.query('analyze users');
}

/**
 * Runs a bulk load with the table's non-unique indexes dropped, then builds them again: one sorted build
 * per index is several times faster than maintaining ~20 indexes row by row (a million users).
 */
export async function withoutSecondaryIndexes<T>(sql: Sql, table: string, work: () => Promise<T>): Promise<T> {
  const indexes = await sql.query<{ indexname: string; indexdef: string }>(
    `select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = $1 and indexdef not like 'CREATE UNIQUE %'`,
    [table],
  );
  for (const i of indexes) await sql.query(`drop index "${i.indexname.replace(/"/g, '""')}"`);
  try {
    return await work();
  } finally {
    for (const i of indexes) await sql.query(i.indexdef);
    await sql.query(`analyze ${table}`);
  }
}

/**
 * Runs a bulk load with the constraints of `tables` dropped (foreign keys; with `primaryKeys`, their primary
 * keys too), then adds them back: a foreign key check is one trigger call, one index probe and one row lock
 * per inserted row, and a primary key is one index insertion in random order per row, while adding them back
 * checks (or sorts) every row in one pass. The constraints come back exactly as they were
 * (pg_get_constraintdef), primary keys first, so the schema ends as the migrations made it and every row has
 * been checked.
 */
export async function withoutConstraints<T>(
  sql: Sql,
  tables: string[],
  work: () => Promise<T>,
  primaryKeys = false,
): Promise<T> {
  const constraints = await sql.query<{ table: string; name: string; def: string }>(
    `select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def
     from pg_constraint c where c.contype = any($2::"char"[]) and c.conrelid = any(array(select t::regclass from unnest($1::text[]) t))
     order by c.contype`,
    [tables, primaryKeys ? ['f', 'p'] : ['f']],
  );
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  for (const c of constraints) await sql.query(`alter table ${c.table} drop constraint ${q(c.name)}`);
  try {
    return await work();
  } finally {
    for (const c of [...constraints].reverse())
      await sql.query(`alter table ${c.table} add constraint ${q(c.name)} ${c.def}`);
  }
}
