/** Access features on a profile: notes, permission grants and "Log in as". */
import { http, setCsrfToken } from '../../common/api/client';
import type {
  AccessExplanation,
  Grant,
  GrantablePermission,
  Note,
  Page,
  PermissionProfile,
  PersonAccess,
  ProfileAssignment,
  Reach,
  Session,
  SignedInSession,
  User,
} from '../../common/api/types';

const enc = encodeURIComponent;

/** The limit of a grant or a profile assignment: a team, a dynamic group, or neither (organisation-wide). */
export type Limit = { teamId?: string; groupId?: string };

export const accessApi = {
  // --- "Log in as": the server swaps the session cookie and answers with the new session.
  async impersonate(userId: string): Promise<Session> {
    const s = await http.post<Session>(`/users/${enc(userId)}/impersonate`, {});
    setCsrfToken(s.csrfToken);
    return s;
  },
  async stopImpersonating(): Promise<Session> {
    const s = await http.post<Session>('/auth/stop-impersonating', {});
    setCsrfToken(s.csrfToken);
    return s;
  },

  // --- sessions of someone below the caller
  sessions: (userId: string) => http.get<{ items: SignedInSession[] }>(`/users/${enc(userId)}/sessions`),
  endAllSessions: (userId: string) => http.del<{ ended: number }>(`/users/${enc(userId)}/sessions`),

  // --- the access explainer (the server runs its policy; the UI only shows the answer)
  whoCanSee: (userId: string) => http.get<PersonAccess>(`/users/${enc(userId)}/access`),
  explain: (actorId: string, targetId: string) =>
    http.get<AccessExplanation>('/access/explain', { actor: actorId, target: targetId }),

  // --- notes
  notes: (userId: string) => http.get<{ items: Note[] }>(`/users/${enc(userId)}/notes`),
  addNote: (userId: string, body: string) => http.post<Note>(`/users/${enc(userId)}/notes`, { body }),
  updateNote: (userId: string, noteId: string, body: string) =>
    http.patch<Note>(`/users/${enc(userId)}/notes/${enc(noteId)}`, { body }),
  deleteNote: (userId: string, noteId: string) => http.del<void>(`/users/${enc(userId)}/notes/${enc(noteId)}`),

  // --- grants
  grants: (userId: string) => http.get<{ items: Grant[] }>(`/users/${enc(userId)}/grants`),
  addGrant: (userId: string, permission: GrantablePermission, limit: Limit = {}) =>
    http.post<Grant>(`/users/${enc(userId)}/grants`, { permission, ...limit }),

  // --- permission profiles (Settings) and a person's assignments (docs/decisions/031-delegated-administration.md)
  profiles: () => http.get<{ items: PermissionProfile[] }>('/permission-profiles'),
  createProfile: (body: { name: string; description?: string; permissions: GrantablePermission[] }) =>
    http.post<PermissionProfile>('/permission-profiles', body),
  updateProfile: (id: string, body: { name?: string; description?: string; permissions?: GrantablePermission[] }) =>
    http.patch<PermissionProfile>(`/permission-profiles/${enc(id)}`, body),
  deleteProfile: (id: string) => http.del<void>(`/permission-profiles/${enc(id)}`),
  assignments: (userId: string) =>
    http.get<{ items: ProfileAssignment[] }>(`/users/${enc(userId)}/profile-assignments`),
  assignProfile: (userId: string, profileId: string, limit: Limit = {}) =>
    http.post<ProfileAssignment>(`/users/${enc(userId)}/profile-assignments`, { profileId, ...limit }),
  removeAssignment: (userId: string, assignmentId: string) =>
    http.del<void>(`/users/${enc(userId)}/profile-assignments/${enc(assignmentId)}`),
  reach: (userId: string) => http.get<Reach>(`/users/${enc(userId)}/reach`),
  removeGrant: (userId: string, grantId: string) => http.del<void>(`/users/${enc(userId)}/grants/${enc(grantId)}`),

  // --- reporting line (the server limits a manager's GET /users to themselves and their reports)
  /** Everyone below `managerId` (scope 'all') or their direct reports, sorted by name. */
  reports: (managerId: string, scope: 'all' | 'direct', q: string, cursor: string | null, limit: number) =>
    http.get<Page<User>>('/users', {
      ...(scope === 'all' ? { reportsTo: managerId } : { managerId }),
      q: q || undefined,
      sort: 'name',
      limit,
      cursor: cursor ?? undefined,
    }),

  // --- teams, for the scope of a grant (id and name are all this needs)
  teams: () => http.get<{ items: { id: string; name: string; ancestorIds?: string[] }[] }>('/teams'),
  // --- dynamic groups, for the other kind of limit
  groups: () => http.get<{ items: { id: string; name: string }[] }>('/groups'),
};
