import { createOwner } from '../server/bootstrap';
import { migrate } from '../server/db/migrate';
import { pgErrorCode } from '../server/db/index';
import { emailSchema } from '../server/modules/people/schemas';
import { normalizeEmail } from '../server/modules/people/email';
import { openDatabase } from './database';

export interface CreateOwnerOptions {
  email: string;
  password?: string;
  firstName?: string;
  lastName?: string;
}

/** `roster create-owner`: checks the input, refuses a taken email, prints a generated password once. */
export async function createOwnerCommand(opts: CreateOwnerOptions, out: (line: string) => void): Promise<void> {
  const parsed = emailSchema.safeParse(opts.email);
  if (!parsed.success) throw new Error(`"${opts.email}" is not a valid email address.`);
  const email = parsed.data;

  const { db, where } = await openDatabase();
  try {
    await migrate(db);
    const taken = await db.query<{ status: string; deleted: boolean }>(
      `select status, deleted_at is not null as deleted from users where email_normalized = $1`,
      [normalizeEmail(email)],
    );
    if (taken[0]) throw emailTaken(email, taken[0]);
    let owner;
    try {
      owner = await createOwner(db, {
        email,
        password: opts.password,
        firstName: opts.firstName,
        lastName: opts.lastName,
      });
    } catch (err) {
      // Someone else created the same email between the check and the insert.
      if (pgErrorCode(err) === '23505') throw emailTaken(email);
      throw err;
    }
    out(`Owner created: ${owner.email} (id ${owner.id}) in ${where}.`);
    if (owner.generatedPassword) {
      out(`One-time password: ${owner.generatedPassword}`);
      out('It is shown only this once: sign in with it and change it under "My profile".');
    }
  } finally {
    await db.close();
  }
}

function emailTaken(email: string, existing?: { status: string; deleted: boolean }): Error {
  const what = existing ? (existing.deleted ? 'a deleted user' : `a user (status ${existing.status})`) : 'a user';
  return new Error(
    `The email ${email} is already taken by ${what}; choose another email, or give that user the Owner role in the admin UI.`,
  );
}
