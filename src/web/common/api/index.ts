import { actionPath, type BulkAction, type LifecycleAction } from '../../../common/contract/actions';
import { API_BASE, buildQuery, http, setCsrfToken, ApiError } from './client';
import type {
  AuditEntry,
  BulkResult,
  CreateUserInput,
  ExportFormat,
  CustomField,
  Invitation,
  InvitationInfo,
  MailMessage,
  Page,
  Session,
  Settings,
  SignedInSession,
  StatusCounts,
  StatusHistoryItem,
  UpdateMeInput,
  UpdateUserInput,
  User,
  UserDetail,
  UserFilters,
} from './types';
import type { SecondStep } from '../../features/signin/mfaApi';
import type { HandOverPlan, HandOverPreview } from '../../../common/contract/handOver';
import type {
  CreatePeopleViewBody,
  PeopleColumns,
  PeopleView,
  UpdatePeopleViewBody,
} from '../../../common/contract/peopleViews';

export * from './client';
export * from './types';
export * from '../../features/people/accessApi';
export * from './organising';
export * from '../../features/signin/mfaApi';

export function userQuery(f: UserFilters) {
  return {
    q: f.q?.trim() || undefined,
    status: f.status,
    role: f.role ?? undefined,
    onBreak: f.onBreak ?? undefined,
    engagement: f.engagement ?? undefined,
    inviteDelivery: f.inviteDelivery,
    deleted: f.deleted ? true : undefined,
    sort: f.sort,
    teamId: f.teamId || undefined,
    includeSubteams: f.teamId && f.includeSubteams ? true : undefined,
    groupId: f.groupId || undefined,
    reachOf: f.reachOf || undefined,
    neverSignedIn: f.signedIn === 'never' ? true : undefined,
    lastSignInBefore: f.signedIn === '30d' || f.signedIn === '90d' ? daysAgo(parseInt(f.signedIn, 10)) : undefined,
    department: f.department?.trim() || undefined,
    location: f.location?.trim() || undefined,
    managerId: f.manager && !f.anyLevel ? f.manager : undefined,
    reportsTo: f.manager && f.anyLevel ? f.manager : undefined,
    ...Object.fromEntries(Object.entries(f.cf ?? {}).map(([k, v]) => [`cf.${k}`, v || undefined])),
  };
}

/** Midnight UTC N days ago: the same value all day, so the query (and its cache key) stays stable. */
function daysAgo(days: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString();
}

type AuditFilters = { actorId?: string; targetId?: string; action?: string; from?: string; to?: string };

const enc = encodeURIComponent;

export const api = {
  // --- session
  async getSession(): Promise<Session | null> {
    try {
      const s = await http.get<Session>('/auth/session');
      setCsrfToken(s.csrfToken);
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw e;
    }
  },
  /** A session, or the second step when the person has a second factor (no session yet). */
  async login(email: string, password: string): Promise<Session | SecondStep> {
    const r = await http.post<Session | SecondStep>('/auth/login', { email, password });
    if (!('mfaRequired' in r)) setCsrfToken(r.csrfToken);
    return r;
  },
  async logout(): Promise<void> {
    await http.post<void>('/auth/logout');
    setCsrfToken(null);
  },

  // --- users
  listUsers: (f: UserFilters, cursor?: string | null, limit = 50) =>
    http.get<Page<User> & { totalIsLowerBound: boolean }>('/users', {
      ...userQuery(f),
      limit,
      cursor: cursor ?? undefined,
    }),
  userCounts: (f: UserFilters) =>
    http.get<StatusCounts>('/users/counts', { ...userQuery(f), status: undefined, sort: undefined }),
  getUser: (id: string) => http.get<UserDetail>(`/users/${enc(id)}`),
  createUser: (input: CreateUserInput) => http.post<User>('/users', input),
  updateUser: (id: string, input: UpdateUserInput) => http.patch<UserDetail>(`/users/${enc(id)}`, input),
  /** With a plan, their reports and teams are handed over in the same step (previewed by handOverPreview). */
  deleteUser: (id: string, handOver?: HandOverPlan) =>
    http.del<void>(`/users/${enc(id)}`, handOver ? { handOver } : undefined),
  deactivateUser: (id: string, handOver?: HandOverPlan) =>
    http.post<UserDetail>(`/users/${enc(id)}/${actionPath('deactivate')}`, handOver ? { handOver } : {}),
  /** Who would take over their reports and teams: `to` omitted → the proposal (their own manager). */
  handOverPreview: (id: string, to?: string) =>
    http.get<HandOverPreview>(`/users/${enc(id)}/hand-over`, to ? { to } : undefined),
  inviteUser: (id: string, at?: string) =>
    http.post<UserDetail>(`/users/${enc(id)}/${actionPath('invite')}`, at ? { at } : {}),
  userAction: (id: string, action: Exclude<LifecycleAction, 'invite' | 'set_password' | 'learning_activity'>) =>
    http.post<UserDetail>(`/users/${enc(id)}/${actionPath(action)}`, {}),
  setPassword: (id: string, password: string) =>
    http.post<UserDetail>(`/users/${enc(id)}/${actionPath('set_password')}`, { password }),
  statusHistory: (id: string) => http.get<{ items: StatusHistoryItem[] }>(`/users/${enc(id)}/status-history`),
  invitations: (id: string) => http.get<{ items: Invitation[] }>(`/users/${enc(id)}/invitations`),
  bulk: (action: Exclude<BulkAction, 'set_expiry'>, userIds: string[], extra: { teamId?: string } = {}) =>
    http.post<BulkResult>('/users/bulk', { action, userIds, ...extra }),

  // --- the People list's columns and saved views
  peopleColumns: () => http.get<PeopleColumns>('/me/people-columns'),
  setPeopleColumns: (columns: string[]) => http.put<PeopleColumns>('/me/people-columns', { columns }),
  peopleViews: () => http.get<{ items: PeopleView[] }>('/people-views'),
  createPeopleView: (body: CreatePeopleViewBody) => http.post<PeopleView>('/people-views', body),
  updatePeopleView: (id: string, body: UpdatePeopleViewBody) =>
    http.patch<PeopleView>(`/people-views/${enc(id)}`, body),
  deletePeopleView: (id: string) => http.del<void>(`/people-views/${enc(id)}`),

  // --- invitations (public)
  getInvitation: (token: string) => http.get<InvitationInfo>(`/invitations/${enc(token)}`),
  async acceptInvitation(token: string, password: string): Promise<Session> {
    const r = await http.post<Session>(`/invitations/${enc(token)}/accept`, { password });
    setCsrfToken(r.csrfToken);
    return r;
  },

  // --- mailbox
  mailbox: () => http.get<{ items: MailMessage[] }>('/mailbox'),

  // --- me
  getMe: () => http.get<User>('/me'),
  updateMe: (input: UpdateMeInput) => http.patch<User>('/me', input),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/me/password', { currentPassword, newPassword }),
  mySessions: () => http.get<{ items: SignedInSession[] }>('/me/sessions'),
  endMySession: (id: string) => http.del<void>(`/me/sessions/${enc(id)}`),

  // --- custom fields
  customFields: () => http.get<{ items: CustomField[] }>('/custom-fields'),
  createCustomField: (f: CustomField) => http.post<CustomField>('/custom-fields', f),
  updateCustomField: (key: string, f: Partial<CustomField>) => http.patch<CustomField>(`/custom-fields/${enc(key)}`, f),
  deleteCustomField: (key: string) => http.del<void>(`/custom-fields/${enc(key)}`),

  // --- audit
  audit: (f: AuditFilters, cursor?: string | null, limit = 50) =>
    http.get<Page<AuditEntry>>('/audit', { ...f, limit, cursor: cursor ?? undefined }),
  /** Download links (the browser saves the file; the session cookie goes with a plain GET). */
  /** `columns`: the export's column keys (src/common/peopleColumns.ts exportColumnsFor), in order. */
  exportUsersUrl: (f: UserFilters, format: ExportFormat, columns?: string[]) =>
    `${API_BASE}/users/export${buildQuery({ ...userQuery(f), format, columns })}`,
  exportAuditUrl: (f: AuditFilters, format: ExportFormat) => `${API_BASE}/audit/export${buildQuery({ ...f, format })}`,
  /** GDPR access request: everything Roster holds about the person, as a JSON file. */
  personalDataUrl: (userId: string, format: 'json' | 'html' = 'json') =>
    `${API_BASE}/users/${encodeURIComponent(userId)}/personal-data${format === 'html' ? '.html' : ''}`,
  certificateUrl: (userId: string) => `${API_BASE}/users/${encodeURIComponent(userId)}/anonymisation-certificate.html`,
  requestOwnPersonalData: () => http.post<{ expiresAt: string }>('/me/personal-data-request'),

  // --- settings
  settings: () => http.get<Settings>('/settings'),
  updateSettings: (s: Partial<Settings>) => http.patch<Settings>('/settings', s),
};
