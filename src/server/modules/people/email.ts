import { domainToASCII } from 'node:url';
import type { Db } from '../../db/index';
import { invalid } from '../../core/errors';

/**
 * The one email normaliser (docs/decisions/009-input-normalisation.md). Every entry point — API,
 * /me, sign-up, login, password reset, invitations, CSV import, SCIM, SSO — reads addresses through
 * here, so two spellings of one address can neither both be stored nor miss each other at sign-in.
 */

/** Invisible and format characters (zero-width, bidi controls, soft hyphen…), controls, lone surrogates, any white space. */
const HIDDEN = /[\p{Cf}\p{Cc}\p{Cs}\p{Z}\s]/u;

/** Why this address cannot be used as typed, or null. Looks at the trimmed text, before and after NFKC. */
export function emailProblem(raw: string): string | null {
  const trimmed = raw.trim();
  if (HIDDEN.test(trimmed) || HIDDEN.test(trimmed.normalize('NFKC')))
    return 'The email address contains a space or an invisible character (such as a zero-width space); type it again.';
  return null;
}

/**
 * The address as stored and mailed to: trimmed, NFKC (full-width forms → ASCII) then NFC, and a
 * non-ASCII domain converted to its punycode (ASCII) form. The local part keeps its case, and so
 * does an ASCII domain, because people like to see their address as they typed it.
 * Throws validation_failed on the field `email` for invisible characters.
 */
export function canonicalEmail(raw: string): string {
  const problem = emailProblem(raw);
  if (problem) throw invalid(problem, [{ field: 'email', message: problem }]);
  const text = raw.trim().normalize('NFKC').normalize('NFC');
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const domain = text.slice(at + 1);
  // domainToASCII gives '' for a domain it cannot convert; the address is then kept as it is and fails format checks.
  const ascii = /^[\x20-\x7e]*$/.test(domain) ? domain : domainToASCII(domain) || domain;
  return `${text.slice(0, at)}@${ascii}`;
}

/** The uniqueness and look-up key (`users.email_normalized`): the canonical address in lower case. */
export function normalizeEmail(raw: string): string {
  return canonicalEmail(raw).toLowerCase().normalize('NFC');
}

/**
 * Keys stored before this normaliser were `trim + lower case`: they differ from today's only for
 * addresses with a non-ASCII character. Re-keys those at start-up (a SQL migration cannot do IDNA);
 * idempotent and cheap once done. A row whose new key another user already holds, or whose address
 * has invisible characters, keeps its old key: the unique index must hold, and nothing is merged.
 */
export async function rekeyStoredEmails(db: Db): Promise<number> {
  return db.tx(async (tx) => {
    const rows = await tx.query<{ id: string; email: string; email_normalized: string }>(
      `select id, email, email_normalized from users where octet_length(email) <> char_length(email) for update`,
    );
    let changed = 0;
    for (const r of rows) {
      if (emailProblem(r.email)) continue;
      const key = normalizeEmail(r.email);
      if (key === r.email_normalized) continue;
      const done = await tx.query(
        `update users set email_normalized = $2 where id = $1 and not exists (select 1 from users where email_normalized = $2) returning id`,
        [r.id, key],
      );
      changed += done.length;
    }
    return changed;
  });
}
