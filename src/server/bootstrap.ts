import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Db } from './db/index';
import { SYSTEM, systemActor } from './core/actor';
import { newSecret } from './core/crypto';
import { createPeople } from './modules/people/write';
import { refreshFor } from './modules/groups/membership';
import { updateSettings } from './modules/settings/settings';
import { emailSchema } from './modules/people/schemas';
import { normalizeEmail } from './modules/people/email';
import { assertStrongPassword } from './modules/people/password';

export interface CreatedOwner {
  id: string;
  email: string;
  /** Set when the password was generated: show it once, never store or log it elsewhere. */
  generatedPassword?: string;
}

/** Creates a confirmed Owner. Used on first start (no users yet) and by `roster create-owner`. */
export async function createOwner(
  db: Db,
  opts: { email: string; password?: string; firstName?: string; lastName?: string },
): Promise<CreatedOwner> {
  const email = emailSchema.parse(opts.email);
  const generatedPassword = opts.password ? undefined : newSecret().slice(0, 20);
  const password = opts.password ?? generatedPassword!;
  if (opts.password)
    await assertStrongPassword(db, opts.password, { email, firstName: opts.firstName, lastName: opts.lastName });
  const id = randomUUID();
  const passwordHash = await hash(password);
  await db.tx(async (tx) => {
    // Created and confirmed through the one writer of people (people/write.ts), like everyone else.
    await createPeople(tx, SYSTEM, [
      {
        id,
        columns: {
          email,
          email_normalized: normalizeEmail(email),
          first_name: opts.firstName ?? 'Owner',
          last_name: opts.lastName ?? '',
          role: 'owner',
          password_hash: passwordHash,
        },
        events: [{ event: 'confirm' }],
      },
    ]);
    await refreshFor(tx, [id], 'user_created');
  });
  return { id, email, generatedPassword };
}

/**
 * On first start with an empty database, creates the first Owner from the environment or with a one-time
 * password, and requires a second factor of Owners and Admins: on by default for new installs only, as
 * the setting's own default stays off for installs that predate it (docs/decisions/013-second-factor.md).
 */
export async function ensureFirstOwner(
  db: Db,
  env: { ownerEmail?: string; ownerPassword?: string },
): Promise<CreatedOwner | null> {
  const [{ n }] = (await db.query<{ n: number }>('select count(*)::int as n from users')) as [{ n: number }];
  if (n > 0) return null;
  const owner = await createOwner(db, { email: env.ownerEmail ?? 'owner@roster.local', password: env.ownerPassword });
  await db.tx((tx) => updateSettings(tx, systemActor('first_start'), { mfaRequiredForAdmins: true }));
  return owner;
}
