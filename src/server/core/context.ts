import type { Db } from '../db/index';
import type { Config } from './config';

/** Which mail transport runs; the full transport (modules/mail/transport.ts) belongs to the mail module. */
export interface MailTransportKind {
  readonly kind: 'smtp' | 'mailbox';
}

/** What the composition root (runtime.ts) hands to the app and to each module's routes. */
export interface AppContext {
  db: Db;
  config: Config;
  transport: MailTransportKind;
}
