/**
 * The API's types as the UI uses them. Answers are inferred from the server's response schemas in
 * src/common/contract (docs/api.md "Contract"), and so are the request bodies, so tsc fails here when the
 * two drift; only the People list's filter state, which the UI builds itself, is written out below.
 */
import type { Engagement, Role, Status } from '../../../common/domain';
import type { CreateUserBody, INVITATION_DELIVERIES } from '../../../common/contract/users';

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
export type { PermissionProfile, ProfileAssignment, Reach } from '../../../common/contract/profiles';
export type { AuditEntry, CustomField, MailMessage } from '../../../common/contract/admin';
export type { InvitationInfo, Session, SignedInSession } from '../../../common/contract/auth';
export type { Settings } from '../../../common/contract/settings';
export type { PeopleView } from '../../../common/contract/peopleViews';
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
  /** The people this person can reach (docs/decisions/031-delegated-administration.md). */
  reachOf?: string | null;
  /** never: never signed in; 30d / 90d: not signed in for that long (but signed in before). */
  signedIn?: 'never' | '30d' | '90d' | null;
  /** Case-insensitive equality. */
  department?: string | null;
  location?: string | null;
  /** Reports of this person: direct ones, or at every level with `anyLevel`. */
  manager?: string | null;
  anyLevel?: boolean;
  /** Filterable custom fields by key (`cf.<key>` in the query). */
  cf?: Record<string, string>;
}

export type ExportFormat = 'csv' | 'xlsx';

export type InviteMode = NonNullable<CreateUserBody['invite']>;

/** Request bodies: the contract's, so tsc fails here when the server's accepted fields change. */
export type {
  CreateUserBody as CreateUserInput,
  UpdateMeBody as UpdateMeInput,
  UpdateUserBody as UpdateUserInput,
} from '../../../common/contract/users';
