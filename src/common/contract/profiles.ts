import { z } from 'zod';
import { timestamp } from './common';
import { GRANTABLE } from './access';

/**
 * Named permission profiles (docs/decisions/031-delegated-administration.md): a bundle of grantable permissions,
 * edited in one place and assigned to people with a team or group limit (or none). An assignment acts as the
 * grants it bundles.
 */
export const permissionProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.enum(GRANTABLE)),
  /** How many assignments use it (editing it changes all their holders' rights). */
  assignmentCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type PermissionProfile = z.infer<typeof permissionProfileSchema>;

export const permissionProfileBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(500).optional(),
    permissions: z.array(z.enum(GRANTABLE)).max(GRANTABLE.length),
  })
  .strict();
export const permissionProfilePatch = permissionProfileBody.partial().strict();

export const profileAssignmentSchema = z.object({
  id: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  permissions: z.array(z.enum(GRANTABLE)),
  /** The limit: a team (with its sub-teams), a dynamic group, or neither (organisation-wide). */
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  assignedBy: z.string().nullable(),
  createdAt: timestamp,
});
export type ProfileAssignment = z.infer<typeof profileAssignmentSchema>;

export const profileAssignmentBody = z
  .object({
    profileId: z.string().min(1).max(100),
    teamId: z.string().max(100).nullable().optional(),
    groupId: z.string().max(100).nullable().optional(),
  })
  .strict();

/** GET /users/{id}/reach: how many people the person can see (their People list), and how to list them. */
export const reachSchema = z.object({
  count: z.number().int(),
  /** Their role or an organisation-wide grant shows them everyone. */
  everyone: z.boolean(),
  /** The People list's query string that lists them (`reachOf=<id>`), for a link. */
  peopleQuery: z.string(),
});
export type Reach = z.infer<typeof reachSchema>;
