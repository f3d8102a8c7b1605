import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { AppError } from '../../core/errors';
import { newSecret, sha256 } from '../../core/crypto';
import { exportPersonalData } from '../../core/personalData';
import * as audit from '../audit/audit';
import * as outbox from '../mail/outbox';
import { personalDataExportEmail } from '../mail/templates';
import { getSettings } from '../settings/settings';
import { findUser } from '../people/repo';
import type { PersonalDataExport } from '../../../common/contract/personalData';

/**
 * A person's own personal-data export, asked for from My profile (docs/decisions/025-hand-over-and-gdpr.md):
 * the link goes to their address, so only whoever reads that mailbox gets the data. The token is kept as a hash,
 * works once and for LINK_VALID_HOURS; one request a day per person.
 */
export const LINK_VALID_HOURS = 24;
const REQUESTS_PER_DAY = 1;

export async function requestOwnExport(tx: Sql, actor: Actor): Promise<{ expiresAt: string }> {
  if (!actor.userId || actor.type !== 'user' || actor.impersonatorId)
    throw new AppError('forbidden', 'Only the person themselves can ask for their own data.');
  // Locked: two requests at once count as two.
  const user = await findUser(tx, actor.userId, { forUpdate: true });
  if (!user?.email) throw new AppError('forbidden', 'Your account has no email address to send the link to.');
  const at = now();
  const [recent] = await tx.query<{ n: number }>(
    `select count(*)::int as n from personal_data_requests where user_id = $1 and requested_at > $2::timestamptz - interval '1 day'`,
    [user.id, at],
  );
  if (recent!.n >= REQUESTS_PER_DAY)
    throw new AppError(
      'rate_limited',
      'You already asked for your data today: use the link we emailed you, or ask again tomorrow.',
    );
  const token = newSecret();
  const expiresAt = new Date(at.getTime() + LINK_VALID_HOURS * 3600_000);
  await tx.query(
    `insert into personal_data_requests (token_hash, user_id, requested_at, expires_at) values ($1, $2, $3, $4)`,
    [sha256(token), user.id, at, expiresAt],
  );
  const settings = await getSettings(tx);
  const mail = personalDataExportEmail({
    to: { firstName: user.first_name, language: user.language },
    org: settings,
    token,
    validHours: LINK_VALID_HOURS,
  });
  await outbox.enqueueSecurityMail(tx, { userId: user.id, address: user.email }, 'personal_data_export', mail);
  await audit.record(tx, actor, { action: 'user.personal_data_requested', targetType: 'user', targetId: user.id });
  return { expiresAt: expiresAt.toISOString() };
}

/**
 * The emailed link: the person's export, once. Notes about them are left out, as they are everywhere else for
 * the person themselves (docs/product-rules.md §2); an administrator's export has them.
 */
export async function downloadOwnExport(db: Db, token: string): Promise<PersonalDataExport> {
  return db.tx(async (tx) => {
    const [req] = await tx.query<{ user_id: string }>(
      `update personal_data_requests set used_at = $2
        where token_hash = $1 and used_at is null and expires_at > $2 returning user_id`,
      [sha256(token), now()],
    );
    const user = req && (await findUser(tx, req.user_id));
    if (!user || user.status === 'anonymised')
      throw new AppError('link_expired', 'This link has expired or was already used: ask again from My profile.');
    const data = await exportPersonalData(tx, { id: user.id, emailNormalized: user.email_normalized });
    const access = data.access as { notes?: { about?: unknown } } | undefined;
    if (access?.notes) delete access.notes.about;
    await audit.record(
      tx,
      { type: 'user', userId: user.id, role: user.role },
      {
        action: 'user.personal_data_downloaded',
        targetType: 'user',
        targetId: user.id,
      },
    );
    return { userId: user.id, exportedAt: now().toISOString(), data };
  });
}
