import { z } from 'zod';
import { personName, timestamp } from './common';

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

/** Abilities an Owner or Admin may grant to anyone, optionally limited to a team. */
export const GRANTABLE = [
  'people.view',
  'people.invite',
  'people.edit',
  'people.lifecycle',
  'notes',
  'teams.manage',
  'groups.manage',
  'audit.read',
] as const satisfies readonly Ability[];
export type GrantablePermission = (typeof GRANTABLE)[number];

export const grantSchema = z.object({
  id: z.string(),
  permission: z.string(),
  teamId: z.string().nullable(),
  grantedBy: z.string().nullable(),
  createdAt: timestamp,
});
export type Grant = z.infer<typeof grantSchema>;

/** A note on a profile (never shown to the person themselves). */
export const noteSchema = z.object({
  id: z.string(),
  body: z.string(),
  createdAt: timestamp,
  author: personName.nullable(),
});
export type Note = z.infer<typeof noteSchema>;
