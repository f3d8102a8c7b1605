/**
 * Secrets in mail links (invitation, password reset and sign-up tokens) are never stored in plain:
 * a link is written into the outbox (outbox.ts) and the mailbox with its token sealed (AES-256-GCM) by a key kept
 * outside the database — ROSTER_SECRET_KEY, or DATA_DIR/secret.key created on first start. The worker
 * opens the seal just before handing the mail to SMTP; the Mailbox page opens it only for readers who
 * outrank the recipient. docs/decisions/008-mail-delivery-and-secrets.md
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A sealed token as it appears in a stored link: `…/invite/sealed.<base64url(iv ‖ ciphertext ‖ tag)>`. */
const SEALED = /(?<=\/)sealed\.([A-Za-z0-9_-]{60,})/g;
const PREFIX = 'sealed.';
/** What replaces a secret that must not be shown (and, once sent, in the stored outbox body). */
const REDACTED = '[redacted]';
const IV_BYTES = 12;
const TAG_BYTES = 16;

let key: Buffer | null = null;

/** Set once at start-up (runtime.ts), like PUBLIC_URL. */
export function setSecretKey(k: Buffer): void {
  if (k.length !== 32) throw new Error('The secret key must be 32 bytes.');
  key = k;
}

function currentKey(): Buffer {
  if (!key)
    throw new Error('No secret key: the runtime sets one at start-up (ROSTER_SECRET_KEY or DATA_DIR/secret.key).');
  return key;
}

/** ROSTER_SECRET_KEY when set; otherwise the key file in the data folder, created (mode 0600) the first time. */
export function loadSecretKey(configured: Buffer | undefined, dataDir: string): Buffer {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': when two processes start together, one creates the file and both read the same key.
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
  } catch (err: any) {
    if (err.code !== 'EEXIST') throw err;
  }
  const stored = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (stored.length !== 32)
    throw new Error(`${file} does not hold a 32-byte base64 key; remove it to create a new one.`);
  return stored;
}

/** The token in its stored form. */
export function seal(secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', currentKey(), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

function open(sealed: string): string {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', currentKey(), raw.subarray(0, IV_BYTES));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString(
    'utf8',
  );
}

/** A value sealed with seal() (a webhook's signing secret), opened; throws when the key changed since. */
export function openSealed(sealed: string): string {
  if (!sealed.startsWith(PREFIX)) throw new Error('Not a sealed value.');
  return open(sealed.slice(PREFIX.length));
}

/** The text with every sealed token opened; throws when one cannot be (the key changed since it was sealed). */
export function revealSecrets(text: string): string {
  return text.replace(SEALED, (_whole, body: string) => {
    try {
      return open(body);
    } catch {
      throw new Error(
        'A link in this message was sealed with another key (ROSTER_SECRET_KEY or DATA_DIR/secret.key changed).',
      );
    }
  });
}

/** The text with every sealed token replaced by REDACTED. */
export function redactSecrets(text: string): string {
  return text.replace(SEALED, REDACTED);
}

export function hasSecrets(text: string): boolean {
  return text.search(SEALED) >= 0;
}
