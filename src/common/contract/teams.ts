import { z } from 'zod';
import { STATUSES } from '../domain';
import { namedPersonSchema, pageOf, timestamp } from './common';

export const JOIN_POLICIES = ['closed', 'on_request', 'open'] as const;
export type JoinPolicy = (typeof JOIN_POLICIES)[number];

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  joinPolicy: z.enum(JOIN_POLICIES),
  /** Ancestor ids from the root down, this team excluded. */
  ancestorIds: z.array(z.string()),
  memberCount: z.number().int(),
  memberCountWithSubteams: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Team = z.infer<typeof teamSchema>;

/** A team in the tree, with whether the caller may manage it. */
export const teamListItemSchema = teamSchema.extend({ canManage: z.boolean() });
export type TeamListItem = z.infer<typeof teamListItemSchema>;
export const teamListSchema = pageOf(teamListItemSchema);

/** A team's manager, as the caller may see them (teams/members.ts listManagers). */
export const teamManagerSchema = namedPersonSchema;
export type TeamManager = z.infer<typeof teamManagerSchema>;
export const teamManagerListSchema = pageOf(teamManagerSchema);

export const teamDetailSchema = teamListItemSchema.extend({ managers: z.array(teamManagerSchema) });
export type TeamDetail = z.infer<typeof teamDetailSchema>;

export const teamMemberSchema = namedPersonSchema.extend({
  status: z.enum(STATUSES),
  jobTitle: z.string().nullable(),
});
export type TeamMember = z.infer<typeof teamMemberSchema>;
export const teamMemberPageSchema = pageOf(teamMemberSchema);

/** `POST /teams/{id}/members` and `/managers`: who was added where. */
export const teamMembershipSchema = z.object({ teamId: z.string(), userId: z.string() });

export const joinRequestSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  userId: z.string(),
  /** The requester's name, in lists a team manager reads. */
  userName: z.string().optional(),
  status: z.enum(['pending', 'approved', 'declined']),
  createdAt: timestamp,
  decidedAt: timestamp.nullable(),
  decidedBy: z.string().nullable(),
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;
export const joinRequestListSchema = pageOf(joinRequestSchema);
