import { loadConfig } from '../server/config';
import { connect, type Db } from '../server/db/index';
import { setPublicUrl } from '../server/modules/mail/links';
import { loadSecretKey, setSecretKey } from '../server/modules/mail/secrets';

/** Opens the database the server would use (DATABASE_URL, else the embedded one in DATA_DIR). */
export async function openDatabase(): Promise<{ db: Db; where: string }> {
  const config = loadConfig();
  // Commands may queue mail (an import that invites): its links are built and sealed as the server does.
  setPublicUrl(config.publicUrl);
  setSecretKey(loadSecretKey(config.secretKey, config.dataDir));
  const where = config.databaseUrl ? `PostgreSQL at ${describeUrl(config.databaseUrl)}` : `the embedded database in ${config.dataDir}`;
  try {
    const db = await connect({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, poolSize: 2 });
    return { db, where };
  } catch (err) {
    const reason = err instanceof Error ? err.message || (err as any).code || err.name : String(err);
    throw new Error(`Could not open ${where}: ${reason}`);
  }
}

/** host:port/database, without the credentials. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname || '/'}`;
  } catch {
    return 'DATABASE_URL';
  }
}
