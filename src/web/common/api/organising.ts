/** Teams, dynamic groups and the directory. */
import type { DirectoryEntry } from '../../../common/contract/directory';
import type {
  Group as GroupSummary,
  GroupEvent,
  GroupMember,
  GroupPerson,
  RuleNode,
} from '../../../common/contract/groups';
import type {
  JoinPolicy,
  JoinRequest,
  Team as TeamFields,
  TeamListItem as Team,
  TeamManager,
  TeamMember,
} from '../../../common/contract/teams';
import { http } from './client';

const enc = encodeURIComponent;

export type { RuleCondition, RuleNode } from '../../../common/contract/groups';
export type { DirectoryEntry } from '../../../common/contract/directory';
export type { GroupEvent, Group as GroupSummary } from '../../../common/contract/groups';
export type { JoinPolicy, JoinRequest, TeamListItem as Team } from '../../../common/contract/teams';

/** Someone in a team, a group or a rule preview: the answers differ in extra columns, these are common to all. */
export type PersonRef = Pick<GroupMember, 'id' | 'firstName' | 'lastName' | 'email'> &
  Partial<Omit<GroupMember, 'id' | 'firstName' | 'lastName' | 'email'>>;

interface List<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export const organisingApi = {
  // --- teams
  teams: (mine = false) => http.get<List<Team>>('/teams', { mine: mine || undefined }),
  createTeam: (input: { name: string; parentId?: string | null; joinPolicy?: JoinPolicy }) =>
    http.post<TeamFields>('/teams', input),
  updateTeam: (id: string, input: { name?: string; parentId?: string | null; joinPolicy?: JoinPolicy }) =>
    http.patch<TeamFields>(`/teams/${enc(id)}`, input),
  deleteTeam: (
    id: string,
    choice: { subteams?: 'move_to_parent' | 'delete'; members?: 'move_to_parent' | 'remove' },
  ) => {
    const q = new URLSearchParams(Object.entries(choice).filter(([, v]) => v) as [string, string][]).toString();
    return http.del<void>(`/teams/${enc(id)}${q ? `?${q}` : ''}`);
  },
  teamMembers: (id: string, includeSubteams = false) =>
    http.get<List<TeamMember>>(`/teams/${enc(id)}/members`, { includeSubteams, limit: 500 }),
  addTeamMember: (id: string, userId: string) => http.post<void>(`/teams/${enc(id)}/members`, { userId }),
  removeTeamMember: (id: string, userId: string) => http.del<void>(`/teams/${enc(id)}/members/${enc(userId)}`),
  teamManagers: (id: string) => http.get<List<TeamManager>>(`/teams/${enc(id)}/managers`),
  addTeamManager: (id: string, userId: string) => http.post<void>(`/teams/${enc(id)}/managers`, { userId }),
  removeTeamManager: (id: string, userId: string) => http.del<void>(`/teams/${enc(id)}/managers/${enc(userId)}`),
  joinRequests: (id: string) => http.get<List<JoinRequest>>(`/teams/${enc(id)}/join-requests`, { status: 'pending' }),
  askToJoin: (id: string) => http.post<JoinRequest>(`/teams/${enc(id)}/join-requests`, {}),
  decideJoin: (id: string, requestId: string, action: 'approve' | 'decline') =>
    http.post<JoinRequest>(`/teams/${enc(id)}/join-requests/${enc(requestId)}/${action}`, {}),

  // --- groups
  groups: () => http.get<List<GroupSummary>>('/groups'),
  group: (id: string) => http.get<GroupSummary>(`/groups/${enc(id)}`),
  createGroup: (input: { name: string; rules: RuleNode }) => http.post<GroupSummary>('/groups', input),
  updateGroup: (id: string, input: { name?: string; rules?: RuleNode }) =>
    http.patch<GroupSummary>(`/groups/${enc(id)}`, input),
  deleteGroup: (id: string) => http.del<void>(`/groups/${enc(id)}`),
  preview: (rules: RuleNode) => http.post<{ count: number; sample: GroupPerson[] }>('/groups/preview', { rules }),
  groupMembers: (id: string) => http.get<List<GroupMember>>(`/groups/${enc(id)}/members`, { limit: 200 }),
  groupEvents: (id: string) => http.get<List<GroupEvent>>(`/groups/${enc(id)}/events`, { limit: 200 }),

  // --- directory
  directory: (q: string, cursor: string | null = null) =>
    http.get<List<DirectoryEntry>>('/directory', { q: q.trim() || undefined, limit: 50, cursor: cursor ?? undefined }),
};
