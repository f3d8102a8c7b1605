import { INVITABLE_STATUSES, type Status } from '../../../common/domain';

/**
 * The user lifecycle as one explicit state machine (docs/product-rules.md §1). Pure: no I/O.
 * A user's position is its status plus the statuses remembered for reactivation and un-expiry.
 */
export interface LifecycleState {
  status: Status;
  statusBeforeDeactivation: Status | null;
  statusBeforeExpiry: Status | null;
}

export const EVENTS = [
  'send_invite', // send now, or resend (a fresh link)
  'schedule_invite',
  'cancel_invite', // a scheduled or pending invitation is withdrawn
  'confirm', // link accepted, first SSO sign-in, or an admin set a password
  'deactivate',
  'reactivate',
  'expire', // expiresAt has passed
  'unexpire', // expiresAt moved into the future or cleared
  'anonymise',
] as const;
export type LifecycleEvent = (typeof EVENTS)[number];

export class InvalidTransition extends Error {
  constructor(
    readonly from: Status,
    readonly event: LifecycleEvent,
  ) {
    super(
      `Cannot go from "${from}" to "${EVENT_TARGETS[event]}": a user whose status is "${from}" cannot ${EVENT_VERBS[event]}.`,
    );
    this.name = 'InvalidTransition';
  }
}

const EVENT_TARGETS: Record<LifecycleEvent, string> = {
  send_invite: 'invite_pending',
  schedule_invite: 'invite_scheduled',
  cancel_invite: 'not_invited',
  confirm: 'confirmed',
  deactivate: 'deactivated',
  reactivate: 'the status before deactivation',
  expire: 'expired',
  unexpire: 'the status before expiry',
  anonymise: 'anonymised',
};

const EVENT_VERBS: Record<LifecycleEvent, string> = {
  send_invite: 'be sent an invitation',
  schedule_invite: 'have an invitation scheduled',
  cancel_invite: 'have an invitation cancelled',
  confirm: 'be confirmed',
  deactivate: 'be deactivated',
  reactivate: 'be reactivated (only deactivated users can)',
  expire: 'expire',
  unexpire: 'have their expiry lifted (only expired users can)',
  anonymise: 'be anonymised (deactivate them first)',
};

const INVITABLE: Status[] = [...INVITABLE_STATUSES];
const to = (statuses: Status[], next: Status) => Object.fromEntries(statuses.map((s) => [s, next]));

/** (status, event) → next status; `null` means "the remembered status". Missing pairs are refused. */
const TABLE: Record<LifecycleEvent, Partial<Record<Status, Status | null>>> = {
  send_invite: to(INVITABLE, 'invite_pending'),
  schedule_invite: to(['not_invited', 'invite_scheduled'], 'invite_scheduled'),
  cancel_invite: to(['invite_scheduled', 'invite_pending'], 'not_invited'),
  confirm: to(INVITABLE, 'confirmed'),
  // An expired person can be deactivated or anonymised as they are: nobody has to give access back first.
  deactivate: to([...INVITABLE, 'confirmed', 'expired'], 'deactivated'),
  reactivate: { deactivated: null },
  expire: to([...INVITABLE, 'confirmed', 'deactivated'], 'expired'),
  unexpire: { expired: null },
  anonymise: { deactivated: 'anonymised', expired: 'anonymised' },
};

export function canApply(state: Pick<LifecycleState, 'status'>, event: LifecycleEvent): boolean {
  return state.status in TABLE[event];
}

/** Applies an event; throws InvalidTransition for every pair the table does not list. */
export function applyEvent(state: LifecycleState, event: LifecycleEvent): LifecycleState {
  const row = TABLE[event];
  if (!(state.status in row)) throw new InvalidTransition(state.status, event);
  switch (event) {
    case 'deactivate':
      return { ...state, status: 'deactivated', statusBeforeDeactivation: state.status };
    case 'reactivate':
      return { ...state, status: state.statusBeforeDeactivation ?? 'not_invited', statusBeforeDeactivation: null };
    case 'expire':
      return { ...state, status: 'expired', statusBeforeExpiry: state.status };
    case 'unexpire':
      return { ...state, status: state.statusBeforeExpiry ?? 'not_invited', statusBeforeExpiry: null };
    case 'anonymise':
      return { status: 'anonymised', statusBeforeDeactivation: null, statusBeforeExpiry: null };
    default:
      return { ...state, status: row[state.status] as Status };
  }
}

/**
 * Whether a passed end date still has to expire someone in this state: not once expired or
 * anonymised, nor after they were deactivated while expired (that deactivation stands).
 */
export function expiryPending(state: Pick<LifecycleState, 'status' | 'statusBeforeDeactivation'>): boolean {
  return canApply(state, 'expire') && !(state.status === 'deactivated' && state.statusBeforeDeactivation === 'expired');
}

/** Events that apply to a user in this state (drives the UI's action list). */
export function allowedEvents(state: Pick<LifecycleState, 'status'>): LifecycleEvent[] {
  return EVENTS.filter((e) => canApply(state, e));
}
