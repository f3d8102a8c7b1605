import { z } from 'zod';
import { CUSTOM_FIELD_TYPES, TOKEN_SCOPE_NAMES } from '../domain';
import { listOf, pageOf, timestamp } from './common';

/** Custom fields, API tokens, the audit log and the built-in mailbox: what administrators read. */
export const customFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string()),
  filterable: z.boolean(),
  unique: z.boolean(),
  visibleInDirectory: z.boolean(),
  editableByUser: z.boolean(),
});
export type CustomField = z.infer<typeof customFieldSchema>;
export const customFieldListSchema = listOf(customFieldSchema);

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPE_NAMES)),
  /** Id of the person who created it. */
  createdBy: z.string().nullable(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenListSchema = listOf(apiTokenSchema);
/** The secret comes back once, here, and never again. */
export const createdTokenSchema = z.object({
  id: z.string(),
  token: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPE_NAMES)),
});

export const AUDIT_ACTOR_KINDS = ['person', 'hr_token', 'api_token', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const auditEntrySchema = z.object({
  id: z.string(),
  at: timestamp,
  actorId: z.string().nullable(),
  actorType: z.string(),
  impersonatorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /** The changed fields before and after (JSON as recorded). */
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  cause: z.string().nullable(),
  /**
   * Who acted, in words: a person (name when the reader may see them), the HR sync (a SCIM token) or an
   * API token (name when the reader may list tokens), or the system. A null name is not shown to this reader.
   */
  actor: z.object({
    kind: z.enum(AUDIT_ACTOR_KINDS),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  /** The person who was logged in as the actor, if any (name as for the actor). */
  impersonator: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = pageOf(auditEntrySchema);

export const mailMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  sentAt: timestamp,
  /** Links carry a token shown as [redacted]: the recipient's rank is equal to or higher than the reader's. */
  linksRedacted: z.boolean(),
});
export type MailMessage = z.infer<typeof mailMessageSchema>;
export const mailboxSchema = listOf(mailMessageSchema);
