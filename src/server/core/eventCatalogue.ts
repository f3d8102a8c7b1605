import { z } from 'zod';
import { ROLES, STATUSES } from '../../common/domain';
import { fieldsWhere } from '../../common/profileFields';

/**
 * The domain events Roster publishes (docs/decisions/014-domain-events.md): one zod schema per type for its
 * `data`, checked when the event is published. The event feed and webhooks will show these payloads to
 * integrations, so they carry ids, statuses and the names of changed fields, never secrets, notes or
 * personal values (names, addresses, custom field values): what the person is stays in `users`, where
 * anonymisation erases it, and the events about them need no scrubbing.
 */

const id = z.string().min(1);
const status = z.enum(STATUSES);
/** A lifecycle event (people/lifecycle.ts), or `create` for the status a new person starts in. */
const lifecycleCause = z.string().regex(/^[a-z_]+$/);
/** Why group membership changed (`status_deactivate`, `user_updated`, `rules_changed`…). */
const membershipCause = z.string().min(1);

/**
 * User fields (API names) whose values an `user.updated` event carries (declared `eventValue` in
 * src/common/profileFields.ts); every other changed field is named without its value (personal data, custom fields).
 */
export const USER_FIELDS_WITH_VALUES = fieldsWhere('eventValue');
const valueChange = z.object({ from: z.unknown(), to: z.unknown() }).strict();

const none = z.object({}).strict();
const member = z.object({ userId: id }).strict();
const membership = z.object({ userId: id, cause: membershipCause }).strict();

export const EVENT_CATALOGUE = {
  'user.created': { subject: 'user', data: z.object({ status, role: z.enum(ROLES) }).strict() },
  'user.updated': {
    subject: 'user',
    data: z
      .object({
        fields: z.array(z.string().min(1)).min(1),
        changes: z.object(Object.fromEntries(USER_FIELDS_WITH_VALUES.map((f) => [f, valueChange.optional()]))).strict(),
      })
      .strict(),
  },
  /** One per applied lifecycle transition; `from` equals `to` when an invitation is sent again. */
  'user.status_changed': {
    subject: 'user',
    data: z.object({ from: status, to: status, cause: lifecycleCause }).strict(),
  },
  /** A password replaced (by the person, a reset link or an administrator); not the first one set. */
  'user.password_changed': { subject: 'user', data: none },
  'user.deleted': { subject: 'user', data: none },
  'user.restored': { subject: 'user', data: none },
  'user.anonymised': { subject: 'user', data: none },
  'team.member_added': { subject: 'team', data: member },
  'team.member_removed': { subject: 'team', data: member },
  'team.manager_added': { subject: 'team', data: member },
  'team.manager_removed': { subject: 'team', data: member },
  'group.member_joined': { subject: 'group', data: membership },
  'group.member_left': { subject: 'group', data: membership },
} as const;

export type EventType = keyof typeof EVENT_CATALOGUE;
export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOGUE)[T]['data']>;

/** An event as a publisher hands it over: its subject's type comes from the catalogue. */
export type DomainEvent = { [T in EventType]: { type: T; subjectId: string; data: EventData<T> } }[EventType];

/**
 * The `user.updated` payload for a change given as before/after values by API field name (the audit
 * diff's shape): every changed field named, values only for USER_FIELDS_WITH_VALUES. Null when nothing changed.
 */
export function userUpdatedData(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): EventData<'user.updated'> | null {
  const fields = Object.keys(after).filter(
    (f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null),
  );
  if (!fields.length) return null;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const f of fields)
    if ((USER_FIELDS_WITH_VALUES as readonly string[]).includes(f))
      changes[f] = { from: before[f] ?? null, to: after[f] ?? null };
  return { fields, changes };
}
