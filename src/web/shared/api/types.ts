import type { CustomFieldType, Engagement, Role, Status } from '../../../common/domain';

export type Ability =
  | 'people.view'
  | 'people.invite'
  | 'people.edit'
  | 'people.lifecycle'
  | 'people.delete'
  | 'people.bulk_update'
  | 'people.impersonate'
  | 'notes'
  | 'roles.assign'
  | 'grants.manage'
  | 'audit.read'
  | 'settings.manage'
  | 'teams.manage'
  | 'groups.manage';

export type UserAction =
  | 'invite'
  | 'resend_invite'
  | 'schedule_invite'
  | 'cancel_invite'
  | 'deactivate'
  | 'reactivate'
  | 'anonymise'
  | 'delete'
  | 'restore'
  | 'set_password'
  | 'edit'
  | 'impersonate'
  | 'end_sessions'
  | 'notes';

/** A signed-in session as GET /me/sessions and GET /users/{id}/sessions show it. */
export interface SignedInSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
  loginAs: boolean;
}

export interface User {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: Status;
  role: Role;
  managerId: string | null;
  jobTitle: string | null;
  department: string | null;
  location: string | null;
  phone: string | null;
  language: string | null;
  timeZone: string | null;
  hireDate: string | null;
  employeeId: string | null;
  photoUrl: string | null;
  onBreak: boolean;
  breakUntil: string | null;
  expiresAt: string | null;
  invitedAt: string | null;
  inviteScheduledAt: string | null;
  confirmedAt: string | null;
  engagement: Engagement | null;
  customFields: Record<string, unknown> | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set when HR sync (SCIM) provisions the person; optional until every server path sends it. */
  managedBy?: 'scim' | null;
  /** API field names HR sync controls for this person: read-only in the UI. */
  hrManagedFields?: string[];
  /** Deactivated by HR sync: reactivating here is undone by the next sync unless HR changes too. */
  deactivatedByHr?: boolean;
  /** The person's last sign-in (not "login as"), and the last request of any of their sessions (to the minute). */
  lastSignInAt: string | null;
  lastActivityAt: string | null;
}

export interface UserDetail extends User {
  allowedActions?: UserAction[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface Session {
  user: User;
  csrfToken: string;
  abilities: Ability[];
  /** Has direct or indirect reports ("My team"). */
  isManager: boolean;
  mailboxEnabled: boolean;
  /** Set while an Owner or Admin is signed in as this user ("Log in as"). */
  impersonator: { id: string; name: string; endsAt: string } | null;
  /** The session may only set up a second factor, which the organisation requires. */
  mfaEnrolmentRequired: boolean;
}

export interface StatusCounts {
  counts: Partial<Record<Status, number>>;
  total: number;
}

export interface StatusHistoryItem {
  fromStatus: Status | null;
  toStatus: Status;
  event: string;
  actorId: string | null;
  at: string;
}

export interface Invitation {
  id: string;
  createdAt: string;
  expiresAt: string;
  state: 'active' | 'used' | 'revoked';
  delivery: 'queued' | 'sent' | 'failed' | 'bounced' | 'cancelled';
  deliveryError: string | null;
  sentBy: string | null;
  usedAt: string | null;
}

export interface BulkResult {
  results: { userId: string; ok: boolean; error?: { code: string; message: string } }[];
}

export interface InvitationInfo {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

export interface MailMessage {
  id: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
  sentAt: string | null;
  /** Links carry a token shown as [redacted]: the recipient's rank is equal to or higher than the reader's. */
  linksRedacted: boolean;
}

export interface CustomField {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[] | null;
  filterable: boolean;
  unique: boolean;
  visibleInDirectory: boolean;
  editableByUser: boolean;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorType: string;
  impersonatorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

export interface Settings {
  organisationName: string;
  invitationExpiryDays: number;
  managersMayEditReports: boolean;
  usersMayChangeOwnEmail: boolean;
  directoryEnabled: boolean;
  /** Email people when they are deactivated. */
  deactivationNotice: boolean;
  /** A second factor for password sign-ins, for Owners and Admins or for everyone. */
  mfaRequiredForAdmins: boolean;
  mfaRequiredForEveryone: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Lowest password strength score accepted, 0 (very easy to guess) to 4 (very hard). */
  passwordMinScore: number;
}

export interface UserFilters {
  q?: string;
  status?: Status[];
  role?: Role | null;
  onBreak?: boolean | null;
  engagement?: Engagement | null;
  /** Delivery state of the newest invitation, e.g. ['failed', 'bounced'] ("invite failed"). */
  inviteDelivery?: ('queued' | 'sent' | 'failed' | 'bounced' | 'cancelled')[];
  deleted?: boolean;
  sort?: string;
  /** Members of this team (and of its sub-teams with includeSubteams). */
  teamId?: string | null;
  includeSubteams?: boolean;
  /** Members of this dynamic group. */
  groupId?: string | null;
  /** never: never signed in; 30d / 90d: not signed in for that long (but signed in before). */
  signedIn?: 'never' | '30d' | '90d' | null;
}

export type ExportFormat = 'csv' | 'xlsx';

export type InviteMode = 'now' | 'scheduled' | 'none';

export interface CreateUserInput {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  jobTitle?: string | null;
  department?: string | null;
  location?: string | null;
  phone?: string | null;
  language?: string | null;
  timeZone?: string | null;
  hireDate?: string | null;
  employeeId?: string | null;
  managerId?: string | null;
  customFields?: Record<string, unknown>;
  invite: InviteMode;
  inviteAt?: string;
}

export type UpdateUserInput = Partial<
  Omit<CreateUserInput, 'invite' | 'inviteAt'> & {
    expiresAt: string | null;
    onBreak: boolean;
    breakUntil: string | null;
  }
>;

export interface UpdateMeInput {
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  language?: string | null;
  timeZone?: string | null;
  jobTitle?: string | null;
  onBreak?: boolean;
  breakUntil?: string | null;
}

/** A note on a profile (never shown to the person themselves). */
export interface Note {
  id: string;
  body: string;
  createdAt: string;
  author: { id: string; name: string } | null;
}

/** Permissions an Owner or Admin can grant, organisation-wide or limited to a team. */
export type GrantablePermission =
  | 'people.view'
  | 'people.invite'
  | 'people.edit'
  | 'people.lifecycle'
  | 'notes'
  | 'teams.manage'
  | 'groups.manage'
  | 'audit.read';

export interface Grant {
  id: string;
  permission: string;
  teamId: string | null;
  grantedBy: string | null;
  createdAt: string;
}
