/** Teams, dynamic groups and the directory. */
import { http } from './client';

const enc = encodeURIComponent;

export type JoinPolicy = 'closed' | 'on_request' | 'open';

export interface Team {
  id: string;
  name: string;
  parentId: string | null;
  joinPolicy: JoinPolicy;
  ancestorIds: string[];
  memberCount: number;
  memberCountWithSubteams: number;
  canManage?: boolean;
}

export interface PersonRef {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  status?: string;
  jobTitle?: string | null;
  department?: string | null;
  location?: string | null;
  since?: string;
}

export interface JoinRequest {
  id: string;
  teamId: string;
  userId: string;
  userName?: string;
  status: 'pending' | 'approved' | 'declined';
  createdAt: string;
}

/** A group rule node (docs/api.md). */
export type RuleNode = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode } | RuleCondition;
export interface RuleCondition {
  field: string;
  op: string;
  value?: unknown;
}

export interface GroupSummary {
  id: string;
  name: string;
  rules: RuleNode;
  hasDateRules: boolean;
  memberCount: number;
  updatedAt: string;
}

export interface GroupEvent {
  id: string;
  groupId: string;
  groupName: string;
  userId: string;
  userName: string;
  kind: 'join' | 'leave';
  cause: string;
  at: string;
}

export interface DirectoryEntry extends PersonRef {
  photoUrl: string | null;
  teams: { id: string; name: string }[];
  customFields: Record<string, unknown>;
}

interface List<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export const organisingApi = {
  // --- teams
  teams: (mine = false) => http.get<List<Team>>('/teams', { mine: mine || undefined }),
  createTeam: (input: { name: string; parentId?: string | null; joinPolicy?: JoinPolicy }) => http.post<Team>('/teams', input),
  updateTeam: (id: string, input: { name?: string; parentId?: string | null; joinPolicy?: JoinPolicy }) => http.patch<Team>(`/teams/${enc(id)}`, input),
  deleteTeam: (id: string, choice: { subteams?: 'move_to_parent' | 'delete'; members?: 'move_to_parent' | 'remove' }) => {
    const q = new URLSearchParams(Object.entries(choice).filter(([, v]) => v) as [string, string][]).toString();
    return http.del<void>(`/teams/${enc(id)}${q ? `?${q}` : ''}`);
  },
  teamMembers: (id: string, includeSubteams = false) => http.get<List<PersonRef>>(`/teams/${enc(id)}/members`, { includeSubteams, limit: 500 }),
  addTeamMember: (id: string, userId: string) => http.post<void>(`/teams/${enc(id)}/members`, { userId }),
  removeTeamMember: (id: string, userId: string) => http.del<void>(`/teams/${enc(id)}/members/${enc(userId)}`),
  joinRequests: (id: string) => http.get<List<JoinRequest>>(`/teams/${enc(id)}/join-requests`, { status: 'pending' }),
  askToJoin: (id: string) => http.post<JoinRequest>(`/teams/${enc(id)}/join-requests`, {}),
  decideJoin: (id: string, requestId: string, action: 'approve' | 'decline') =>
    http.post<JoinRequest>(`/teams/${enc(id)}/join-requests/${enc(requestId)}/${action}`, {}),

  // --- groups
  groups: () => http.get<List<GroupSummary>>('/groups'),
  group: (id: string) => http.get<GroupSummary>(`/groups/${enc(id)}`),
  createGroup: (input: { name: string; rules: RuleNode }) => http.post<GroupSummary>('/groups', input),
  updateGroup: (id: string, input: { name?: string; rules?: RuleNode }) => http.patch<GroupSummary>(`/groups/${enc(id)}`, input),
  deleteGroup: (id: string) => http.del<void>(`/groups/${enc(id)}`),
  preview: (rules: RuleNode) => http.post<{ count: number; sample: PersonRef[] }>('/groups/preview', { rules }),
  groupMembers: (id: string) => http.get<List<PersonRef>>(`/groups/${enc(id)}/members`, { limit: 200 }),
  groupEvents: (id: string) => http.get<List<GroupEvent>>(`/groups/${enc(id)}/events`, { limit: 200 }),

  // --- directory
  directory: (q: string) => http.get<List<DirectoryEntry>>('/directory', { q: q.trim() || undefined, limit: 50 }),
};
