import { loadConfig } from '../server/core/config';
import { connect, type Db } from '../server/db/index';
import { setPublicUrl } from '../server/modules/mail/links';
import { loadSecretKey, setSecretKey } from '../server/modules/mail/secrets';
import type { Actor } from '../server/core/actor';
import { normalizeEmail } from '../server/modules/people/email';
import { registerModules } from '../server/registerModules';
import type { Role } from '../common/domain';

/** Opens the database the server would use (DATABASE_URL, else the embedded one in DATA_DIR). */
export async function openDatabase(): Promise<{ db: Db; where: string }> {
  const config = loadConfig();
  registerModules();
  // Commands may queue mail (an import that invites): its links are built and sealed as the server does.
  setPublicUrl(config.publicUrl);
  setSecretKey(loadSecretKey(config.secretKey, config.dataDir));
  const where = config.databaseUrl
    ? `PostgreSQL at ${describeUrl(config.databaseUrl)}`
    : `the embedded database in ${config.dataDir}`;
  try {
    const db = await connect({
      databaseUrl: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
      poolSize: 2,
    });
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

/** The user a command acts as (their rights apply): --as EMAIL, or the first Owner. */
export async function actingAs(db: Db, email?: string): Promise<Actor> {
  const rows = await db.query<{ id: string; role: Role; grants: Actor['grants'] }>(
    `select u.id, u.role, coalesce((select json_agg(json_build_object('permission', g.permission, 'teamId', g.team_id)) from permission_grants g where g.user_id = u.id), '[]'::json) as grants
       from users u where u.status = 'confirmed' and u.deleted_at is null and ($1::text is null and u.role = 'owner' or u.email_normalized = $1)
      order by u.created_at limit 1`,
    [email ? normalizeEmail(email) : null],
  );
  const u = rows[0];
  if (!u)
    throw new Error(
      email
        ? `No confirmed user with the email ${email}.`
        : 'There is no confirmed Owner yet: create one with "roster create-owner" first.',
    );
  return { type: 'user', userId: u.id, role: u.role, grants: u.grants, cause: 'cli' };
}
