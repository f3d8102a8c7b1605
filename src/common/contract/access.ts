import { z } from 'zod';
import { personName, timestamp } from './common';
import { ROLES } from '../domain';

/**
 * Abilities (docs/decisions/004-access-policy.md): server policy (modules/access/policy.ts) decides
 * with them and the UI shows navigation and buttons from them.
 */
export const ABILITIES = [
  'people.view',
  'people.invite',
  'people.edit',
  'people.lifecycle', // deactivate / reactivate / set expiry / set password
  'people.delete', // anonymise, delete, restore
  'people.bulk_update', // CSV update of existing users
  'people.impersonate',
  'notes', // read and write profile notes
  'roles.assign',
  'grants.manage',
  'audit.read',
  'settings.manage', // settings, custom fields, API tokens, mailbox
  'teams.manage',
  'groups.manage',
  'reports.view', // Home, reports and the data-quality radar (Owners, Admins, HR; not grantable)
] as const;
export type Ability = (typeof ABILITIES)[number];

/**
 * The everyday work on people, teams and groups (docs/product-rules.md §2): the HR role holds it (and
 * reports.view, server/modules/access/roles.ts), and every piece of it can be granted.
 */
export const PEOPLE_WORK = [
  'people.view',
  'people.invite',
  'people.edit',
  'people.lifecycle',
  'notes',
  'teams.manage',
  'groups.manage',
] as const satisfies readonly Ability[];

/**
 * Abilities an Owner or Admin may grant to anyone, optionally limited to a team: the people work and reading
 * the audit log.
 */
export const GRANTABLE = [...PEOPLE_WORK, 'audit.read'] as const satisfies readonly Ability[];
export type GrantablePermission = (typeof GRANTABLE)[number];

export const grantSchema = z.object({
  id: z.string(),
  permission: z.string(),
  teamId: z.string().nullable(),
  /** The dynamic group the grant is limited to (exactly one limit, or none). */
  groupId: z.string().nullable(),
  grantedBy: z.string().nullable(),
  createdAt: timestamp,
});
export type Grant = z.infer<typeof grantSchema>;

/** A note on a profile (never shown to the person themselves). */
export const noteSchema = z.object({
  id: z.string(),
  body: z.string(),
  createdAt: timestamp,
  /** When the text last changed; null for a note never edited. */
  editedAt: timestamp.nullable(),
  author: personName.nullable(),
  /** Whether the caller may edit or delete it: its author, an Admin or an Owner (access/notes.ts decides). */
  canChange: z.boolean(),
});
export type Note = z.infer<typeof noteSchema>;

/**
 * One reason an actor has rights on a person (docs/decisions/004-access-policy.md): the access explainer shows
 * them, and the policy adds up their abilities to decide. `abilities` is what the reason gives on that person.
 */
export const accessReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('self'), abilities: z.array(z.enum(ABILITIES)) }),
  z.object({ kind: z.literal('system'), abilities: z.array(z.enum(ABILITIES)) }),
  z.object({ kind: z.literal('role'), role: z.enum(ROLES), abilities: z.array(z.enum(ABILITIES)) }),
  z.object({
    kind: z.literal('grant'),
    permission: z.enum(ABILITIES),
    /** The team the grant is limited to (null: organisation-wide). */
    teamId: z.string().nullable(),
    teamName: z.string().nullable(),
    /** The person's team (the grant's team or one below it) that brings them under a team-limited grant. */
    viaTeam: z.string().nullable(),
    /** The dynamic group the grant is limited to (absent or null: not limited to a group). */
    groupId: z.string().nullable().optional(),
    groupName: z.string().nullable().optional(),
    abilities: z.array(z.enum(ABILITIES)),
  }),
  z.object({
    kind: z.literal('reporting_line'),
    /** people.edit is included only while the setting "managers may edit their reports' details" is on. */
    managersMayEdit: z.boolean(),
    abilities: z.array(z.enum(ABILITIES)),
  }),
  z.object({
    kind: z.literal('team_manager'),
    teamId: z.string(),
    teamName: z.string(),
    abilities: z.array(z.enum(ABILITIES)),
  }),
]);
export type AccessReason = z.infer<typeof accessReasonSchema>;

/** A yes/no answer with the rule that decides it. */
export const accessDecisionSchema = z.object({ allowed: z.boolean(), rule: z.string() });

const personRef = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), status: z.string() });

/** GET /api/v1/access/explain?actor=&target=: "Can A see / edit B?" */
export const accessExplanationSchema = z.object({
  actor: personRef,
  target: personRef,
  see: accessDecisionSchema,
  edit: accessDecisionSchema,
  abilities: z.array(z.enum(ABILITIES)),
  reasons: z.array(accessReasonSchema),
});
export type AccessExplanation = z.infer<typeof accessExplanationSchema>;

/** GET /api/v1/users/{id}/access: who can see this person and why. */
export const personAccessSchema = z.object({
  items: z.array(z.object({ person: personRef, canEdit: z.boolean(), reasons: z.array(accessReasonSchema) })),
  total: z.number().int(),
  /** More people can see this person than are listed (everyone is listed up to the limit). */
  truncated: z.boolean(),
});
export type PersonAccess = z.infer<typeof personAccessSchema>;
