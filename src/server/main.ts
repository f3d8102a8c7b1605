import { loadConfig } from './core/config';
import cluster from 'node:cluster';
import { ensureFirstOwner, type CreatedOwner } from './bootstrap';
import { servePrimary, WORKER_LISTENING } from './cluster';
import { startRuntime } from './runtime';

/** Printed once, to the terminal only: the first Owner's password is not kept anywhere else. */
function printFirstOwner(owner: CreatedOwner | null): void {
  if (!owner) return;
  const lines = [`First Owner created: ${owner.email}`];
  if (owner.generatedPassword)
    lines.push(`One-time password: ${owner.generatedPassword}  (change it under "My profile")`);
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
}

/**
 * `npm start` / `roster serve`: runs the API, the admin UI and the background jobs on one port; with
 * ROSTER_WORKERS (`--workers`) above 1 and PostgreSQL, in that many processes (cluster.ts).
 */
export async function serve(): Promise<void> {
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) {
    if (config.databaseUrl) return servePrimary(config, printFirstOwner);
    process.stdout.write(
      `ROSTER_WORKERS=${config.workers}: the embedded database (PGlite) is served by one process; starting one. Set DATABASE_URL for several.\n`,
    );
  }
  const rt = await startRuntime(config);
  const workerId = cluster.isWorker ? process.env.ROSTER_WORKER_ID : undefined;
  // Workers: the primary created the first Owner and prints where Roster runs.
  if (!workerId)
    printFirstOwner(
      await ensureFirstOwner(rt.db, { ownerEmail: config.ownerEmail, ownerPassword: config.ownerPassword }),
    );
  await rt.app.listen({ port: config.port, host: config.host });
  if (workerId) process.send?.({ type: WORKER_LISTENING });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
  const mail = config.smtpUrl ? 'SMTP' : 'the built-in mailbox (Mailbox page)';
  if (!workerId) process.stdout.write(`Roster is running at ${config.publicUrl} — data: ${where}; mail: ${mail}.\n`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    rt.app.log.info(`${signal}: shutting down`);
    await rt.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** serve() for a process started to serve: a failure to start is one line on stderr and exit code 1. */
export function serveFromCommandLine(): void {
  serve().catch((err) => {
    process.stderr.write(`Roster could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

// `npm run dev` and tests run this file from source; the compiled server starts from start.ts.
const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) serveFromCommandLine();
