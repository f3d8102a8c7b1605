/**
 * The API's types as the UI uses them. Answers are inferred from the server's response schemas in
 * src/common/contract (docs/api.md "Contract"), so tsc fails here when the two drift; only request
 * shapes the UI builds itself are written out below.
 */
import type { Engagement, Role, Status } from '../../../common/domain';
import type { INVITATION_DELIVERIES } from '../../../common/contract/users';

export type {
  AccessExplanation,
  AccessReason,
  Ability,
  Grant,
  GrantablePermission,
  Note,
  PersonAccess,
} from '../../../common/contract/access';
export type { UserAction } from '../../../common/contract/actions';
export type { AuditEntry, CustomField, MailMessage } from '../../../common/contract/admin';
export type { InvitationInfo, Session, SignedInSession } from '../../../common/contract/auth';
export type { Settings } from '../../../common/contract/settings';
export type {
  BulkResult,
  Invitation,
  StatusCounts,
  StatusHistoryItem,
  User,
  UserDetail,
} from '../../../common/contract/users';

/** A page of a list (docs/api.md conventions). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface UserFilters {
  q?: string;
  status?: Status[];
  role?: Role | null;
  onBreak?: boolean | null;
  engagement?: Engagement | null;
  /** Delivery state of the newest invitation, e.g. ['failed', 'bounced'] ("invite failed"). */
  inviteDelivery?: (typeof INVITATION_DELIVERIES)[number][];
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
