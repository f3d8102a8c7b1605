import { loadConfig } from './core/config';
import { ensureFirstOwner } from './bootstrap';
import { startRuntime } from './runtime';

/** `npm start` / `roster serve`: runs the API, the admin UI and the background jobs on one port. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const rt = await startRuntime(config);
  const owner = await ensureFirstOwner(rt.db, { ownerEmail: config.ownerEmail, ownerPassword: config.ownerPassword });
  if (owner) {
    // Printed once, to the terminal only: it is not kept anywhere else.
    const lines = [`First Owner created: ${owner.email}`];
    if (owner.generatedPassword)
      lines.push(`One-time password: ${owner.generatedPassword}  (change it under "My profile")`);
    process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
  }
  await rt.app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
  const mail = config.smtpUrl ? 'SMTP' : 'the built-in mailbox (Mailbox page)';
  process.stdout.write(`Roster is running at ${config.publicUrl} — data: ${where}; mail: ${mail}.\n`);
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
