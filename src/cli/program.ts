import { Command, Option } from 'commander';
import { AppError } from '../server/core/errors';

/**
 * The `roster` command. Subcommands import the server lazily so `roster --help` answers at once.
 * Every failure reaches `run()` as an exception and is printed as one line on stderr, exit code 1.
 */

const ENVIRONMENT = `
Environment variables (the same ones \`npm start\` reads):
  PORT                   HTTP port (default 3000)
  HOST                   bind address (default 127.0.0.1; 0.0.0.0 to listen on every interface)
  DATABASE_URL           postgres://user:pass@host:5432/db to use a PostgreSQL server
                         (unset: the embedded database in DATA_DIR)
  DATABASE_POOL_SIZE     PostgreSQL connections per process (default 10)
  DATABASE_STATEMENT_TIMEOUT, DATABASE_IDLE_IN_TRANSACTION_TIMEOUT
                         PostgreSQL limits in seconds for \`serve\` (default 30, 60; 0: none)
  DATA_DIR               folder of the embedded database and uploads (default ./data);
                         only one Roster process may use a folder at a time
  SMTP_URL               smtp://user:pass@host:port to send email
                         (unset: the built-in mailbox, viewable in the admin UI)
  ROSTER_SECRET_KEY      32 random bytes in base64 sealing tokens in stored mail
                         (unset: DATA_DIR/secret.key, created on first start)
  PUBLIC_URL             base URL used in links inside emails (default http://HOST:PORT)
  ROSTER_OWNER_EMAIL     \`serve\` on an empty database creates this Owner…
  ROSTER_OWNER_PASSWORD  …with this password (unset: a one-time password is printed once)
  ROSTER_WORKERS         processes serving the port with PostgreSQL (default 1; \`serve --workers\`)
  LOG_SLOW_REQUEST_MS, LOG_REQUEST_SAMPLE
                         at info, log requests slower than this (default 1000 ms) and this
                         fraction of the others (default 0.01); LOG_LEVEL=debug logs every one
  ROSTER_LIST_TOTAL_BOUND
                         the People list counts its total up to this many (default 1000;
                         beyond: a lower bound, "1,000+"; 0: always exact)
`;

const EXAMPLES = `
Examples:
  npx roster serve                                  start on http://127.0.0.1:3000 with ./data
  PORT=8080 HOST=0.0.0.0 npx roster serve           listen on every interface, port 8080
  DATA_DIR=/var/lib/roster npx roster migrate       create or upgrade the embedded database
  DATABASE_URL=postgres://roster@db/roster npx roster migrate
  npx roster create-owner --email ada@example.com   add an Owner; prints a one-time password
  npx roster <command> --help                       details of one command

Inside the project, \`npm run roster -- <command>\` does the same as \`npx roster <command>\`.
`;

export function buildProgram(): Command {
  const program = new Command('roster')
    .description('Roster: the people-management service. Runs the server and administers its database.')
    // Usage errors (unknown command, missing option) also fit on one line.
    .configureOutput({
      outputError: (str, write) => write(`roster: ${oneLine(str).replace(/^error: /, '')} (see "roster --help")\n`),
    })
    .addHelpText('after', ENVIRONMENT + EXAMPLES);

  program
    .command('serve')
    .description(
      'Run the API, the admin UI and the background jobs on one port (what `npm start` runs). Applies pending migrations first.',
    )
    .addOption(new Option('-p, --port <port>', 'HTTP port (overrides PORT)'))
    .addOption(new Option('--host <address>', 'bind address (overrides HOST)'))
    .addOption(
      new Option(
        '-w, --workers <n>',
        'processes serving the port, PostgreSQL only (overrides ROSTER_WORKERS; default 1)',
      ),
    )
    .addHelpText(
      'after',
      `
On a database with no users yet, the first Owner is created from ROSTER_OWNER_EMAIL and
ROSTER_OWNER_PASSWORD, or as owner@roster.local with a one-time password printed once.
Stop the server with Ctrl+C.

Examples:
  npx roster serve
  npx roster serve --port 8080 --host 0.0.0.0
  DATABASE_URL=postgres://roster@db/roster npx roster serve
  DATABASE_URL=postgres://roster@db/roster npx roster serve --workers 2   one process per core
`,
    )
    .action(async (opts: { port?: string; host?: string; workers?: string }) => {
      if (opts.port !== undefined) process.env.PORT = opts.port;
      if (opts.host !== undefined) process.env.HOST = opts.host;
      if (opts.workers !== undefined) process.env.ROSTER_WORKERS = opts.workers;
      const { serve } = await import('../server/main');
      await serve();
    });

  program
    .command('migrate')
    .description(
      'Create or upgrade the database schema (DATABASE_URL, or the embedded database in DATA_DIR), then exit.',
    )
    .addHelpText(
      'after',
      `
Safe to run any time: migrations already applied are skipped. \`serve\` also migrates on start,
so this is for preparing a database ahead of a deploy. With the embedded database, stop the
server first (one process per DATA_DIR).

Examples:
  DATA_DIR=./data npx roster migrate
  DATABASE_URL=postgres://roster@db/roster npx roster migrate
`,
    )
    .action(async () => {
      const { openDatabase } = await import('./database');
      const { migrate } = await import('../server/db/migrate');
      const { db, where } = await openDatabase();
      try {
        const applied = await migrate(db);
        if (applied.length === 0) out(`Database is up to date (${where}); nothing to apply.`);
        else {
          for (const file of applied) out(`Applied ${file}`);
          out(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to ${where}.`);
        }
      } finally {
        await db.close();
      }
    });

  program
    .command('create-owner')
    .description('Add a confirmed Owner account (for example when the only Owner has lost access).')
    .requiredOption('-e, --email <email>', 'email address to sign in with')
    .option('--password <password>', 'password (at least 10 characters); omit it to get a generated one-time password')
    .option('--first-name <name>', 'first name (default "Owner")')
    .option('--last-name <name>', 'last name (default empty)')
    .addHelpText(
      'after',
      `
Migrates the database first if needed. Refuses if a user (even a deleted one) already has this
email. Without --password a one-time password is generated and printed once: it is stored only
as a hash, so note it down and change it under "My profile" after signing in. A password typed
on the command line stays in your shell history; prefer the generated one.

Examples:
  npx roster create-owner --email ada@example.com
  npx roster create-owner --email ada@example.com --first-name Ada --last-name Lovelace
  DATABASE_URL=postgres://roster@db/roster npx roster create-owner --email ada@example.com
`,
    )
    .action(async (opts: { email: string; password?: string; firstName?: string; lastName?: string }) => {
      const { createOwnerCommand } = await import('./createOwner');
      await createOwnerCommand(opts, out);
    });

  program
    .command('import')
    .description(
      'Import or update people from a CSV file: the same engine and checks as the admin UI, run in this process.',
    )
    .argument('<file>', 'the CSV file (UTF-8 or Windows-1252, comma or semicolon separated)')
    .addOption(
      new Option('--mode <mode>', 'add new people, update existing ones, or both')
        .choices(['add', 'update', 'add_update'])
        .default('add'),
    )
    .addOption(
      new Option('--blank-cells <policy>', 'for updates: a blank cell keeps the stored value, or clears it')
        .choices(['keep', 'clear'])
        .default('keep'),
    )
    .option(
      '--match-on <column>',
      'match rows to people on email, employeeId or cf.<key> of a unique custom field',
      'email',
    )
    .addOption(
      new Option('--invite <when>', 'invitations for the people created')
        .choices(['now', 'scheduled', 'none'])
        .default('none'),
    )
    .option('--invite-at <iso>', 'with --invite scheduled: when to send (ISO 8601)')
    .option('--create-missing-teams', 'create teams named in the teams column that do not exist yet')
    .option('--dry-run', 'preview only: print what would happen and write nothing')
    .option('--as <email>', 'act as this user (default: the first Owner); their rights apply')
    .option('--log <file>', 'write the people log (one line per row and what happened) to this CSV file')
    .addHelpText(
      'after',
      `
Columns and modes are described in docs/imports.md. With the embedded database, stop the server
first (one process per DATA_DIR), or upload the file in the admin UI instead.

Examples:
  npx roster import people.csv --dry-run
  npx roster import people.csv --mode add_update --blank-cells clear --log result.csv
  DATABASE_URL=postgres://roster@db/roster npx roster import hr-export.csv --mode update --match-on employeeId
`,
    )
    .action(async (file: string, opts: Record<string, any>) => {
      const { importCommand } = await import('./importCommand');
      process.exitCode = await importCommand(file, opts, out);
    });

  program
    .command('export')
    .description(
      'Export the People list or the audit log to a CSV or Excel file: the same filters, scope and audit entry as the admin UI.',
    )
    .argument('<what>', 'users or audit')
    .argument(
      '[filters...]',
      "filters as the API's query parameters, key=value (e.g. status=confirmed teamId=… cf.badge=B-7)",
    )
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'))
    .requiredOption('-o, --out <file>', 'the file to write')
    .option(
      '--columns <keys>',
      "columns, comma-separated (e.g. firstName,lastName,email,cf.badge,lastSignInAt); default: the list's columns",
    )
    .option('--as <email>', 'act as this user (default: the first Owner); their scope and rights apply')
    .addHelpText(
      'after',
      `
Filters for users: q, status, role, managerId, reportsTo, onBreak, engagement, deleted, sort, teamId,
includeSubteams, groupId, inviteDelivery, lastSignInBefore, neverSignedIn, cf.<key>.
Filters for audit: actorId, targetId, action, from, to.
With the embedded database, stop the server first (one process per DATA_DIR), or download from the admin UI.

Examples:
  npx roster export users --format xlsx --out people.xlsx status=confirmed
  npx roster export users --out stale.csv neverSignedIn=true --columns email,firstName,lastName,lastSignInAt
  npx roster export audit --out audit.csv action=user. from=2026-01-01T00:00:00Z
`,
    )
    .action(
      async (what: string, filters: string[], opts: { format: string; out: string; columns?: string; as?: string }) => {
        if (what !== 'users' && what !== 'audit') throw new Error(`export users or export audit, not "${what}".`);
        const { exportCommand } = await import('./exportCommand');
        await exportCommand(what, filters, opts, out);
      },
    );

  return program;
}

function out(line: string) {
  process.stdout.write(`${line}\n`);
}

/** Parses argv and runs the command; any error becomes one line on stderr and exit code 1. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.stderr.write(`roster: ${oneLine(err)}\n`);
    process.exitCode = 1;
  }
}

export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}

/** An AppError with field details becomes one message that names each field. */
export function explainAppError(err: unknown): never {
  if (err instanceof AppError && Array.isArray(err.details) && err.details.length)
    throw new Error(`${err.message} (${err.details.map((d: any) => `${d.field}: ${d.message}`).join('; ')})`);
  throw err;
}
