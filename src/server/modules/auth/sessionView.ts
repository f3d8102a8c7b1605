import type { Session } from '../../../common/contract/auth';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { abilitiesOf } from '../access/policy';
import { effectiveGrantsOf } from '../access/effective';
import { findUser, toDto } from '../people/repo';

/** What the UI learns about the signed-in person: one shape for login, reload, invitation and login-as. */
export async function sessionView(
  sql: Sql,
  actor: Actor,
  csrfToken: string,
  mailboxEnabled: boolean,
): Promise<Session> {
  const user = actor.userId ? await findUser(sql, actor.userId) : null;
  if (!user) throw new AppError('unauthenticated', 'Sign in to continue.');
  const [{ reports }] = (await sql.query<{ reports: boolean }>(
    `select exists (select 1 from users where manager_id = $1 and deleted_at is null) as reports`,
    [user.id],
  )) as [{ reports: boolean }];
  let impersonator: Session['impersonator'] = null;
  if (actor.impersonatorId) {
    const [row] = await sql.query<{ first_name: string; last_name: string; expires_at: Date }>(
      `select u.first_name, u.last_name, s.expires_at from users u
         join sessions s on s.user_id = $2 and s.impersonator_id = u.id
        where u.id = $1 order by s.expires_at desc limit 1`,
      [actor.impersonatorId, user.id],
    );
    if (row)
      impersonator = {
        id: actor.impersonatorId,
        name: `${row.first_name} ${row.last_name}`.trim(),
        endsAt: row.expires_at.toISOString(),
      };
  }
  const grants = await effectiveGrantsOf(sql, user.id);
  const rights = { ...actor, role: user.role, grants };
  return {
    user: toDto(user),
    csrfToken,
    abilities: abilitiesOf(rights, reports),
    isManager: reports,
    mailboxEnabled,
    impersonator,
    mfaEnrolmentRequired: Boolean(actor.mfaEnrolmentOnly),
  };
}
