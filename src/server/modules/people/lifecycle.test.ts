import { describe, expect, it } from 'vitest';
import { STATUSES, type Status } from '../../../common/domain';
import { applyEvent, EVENTS, InvalidTransition, type LifecycleEvent, type LifecycleState } from './lifecycle';

// The specification (docs/product-rules.md §1) written out transition by transition, independently of the
// implementation's table: every status × event pair not listed here is refused.
// 'prev-d' = the status before deactivation, 'prev-e' = the status before expiry.
type Outcome = Status | 'prev-d' | 'prev-e';
const ALLOWED: [Status, LifecycleEvent, Outcome][] = [
  ['not_invited', 'send_invite', 'invite_pending'],
  ['not_invited', 'schedule_invite', 'invite_scheduled'],
  ['not_invited', 'confirm', 'confirmed'],
  ['not_invited', 'deactivate', 'deactivated'],
  ['not_invited', 'expire', 'expired'],
  ['invite_scheduled', 'send_invite', 'invite_pending'],
  ['invite_scheduled', 'schedule_invite', 'invite_scheduled'],
  ['invite_scheduled', 'cancel_invite', 'not_invited'],
  ['invite_scheduled', 'confirm', 'confirmed'],
  ['invite_scheduled', 'deactivate', 'deactivated'],
  ['invite_scheduled', 'expire', 'expired'],
  ['invite_pending', 'send_invite', 'invite_pending'],
  ['invite_pending', 'cancel_invite', 'not_invited'],
  ['invite_pending', 'confirm', 'confirmed'],
  ['invite_pending', 'deactivate', 'deactivated'],
  ['invite_pending', 'expire', 'expired'],
  ['confirmed', 'deactivate', 'deactivated'],
  ['confirmed', 'expire', 'expired'],
  ['deactivated', 'reactivate', 'prev-d'],
  ['deactivated', 'expire', 'expired'],
  ['deactivated', 'anonymise', 'anonymised'],
  ['expired', 'deactivate', 'deactivated'],
  ['expired', 'unexpire', 'prev-e'],
  ['expired', 'anonymise', 'anonymised'],
];
const outcomes = new Map(ALLOWED.map(([status, event, outcome]) => [`${status} + ${event}`, outcome]));
/** Every status × every event, with the outcome the specification gives it (null: refused). */
const CASES = STATUSES.flatMap((status) =>
  EVENTS.map((event) => {
    const expected = outcomes.get(`${status} + ${event}`) ?? null;
    return { status, event, expected, outcome: expected ?? 'refused' };
  }),
);

const state = (status: Status, before: Partial<LifecycleState> = {}): LifecycleState => ({
  status,
  statusBeforeDeactivation: status === 'deactivated' ? 'invite_pending' : null,
  statusBeforeExpiry: status === 'expired' ? 'confirmed' : null,
  ...before,
});

describe('lifecycle state machine: every status × every event', () => {
  for (const { status, event, expected, outcome } of CASES)
    it(`${status} + ${event} → ${outcome}`, () => {
      const s = state(status);
      if (expected === null) {
        expect(() => applyEvent(s, event)).toThrow(InvalidTransition);
        return;
      }
      const next = applyEvent(s, event);
      const target =
        expected === 'prev-d' ? s.statusBeforeDeactivation : expected === 'prev-e' ? s.statusBeforeExpiry : expected;
      expect(next.status).toBe(target);
    });
});

describe('remembered statuses', () => {
  it('reactivation restores the status before deactivation, whatever it was', () => {
    for (const from of ['not_invited', 'invite_scheduled', 'invite_pending', 'confirmed'] as Status[]) {
      const d = applyEvent(state(from), 'deactivate');
      expect(d.statusBeforeDeactivation).toBe(from);
      expect(applyEvent(d, 'reactivate').status).toBe(from);
    }
  });

  it('expiry of a deactivated user then un-expiry gives back deactivated, and reactivation the original', () => {
    const d = applyEvent(state('confirmed'), 'deactivate');
    const e = applyEvent(d, 'expire');
    expect(e.status).toBe('expired');
    const back = applyEvent(e, 'unexpire');
    expect(back.status).toBe('deactivated');
    expect(applyEvent(back, 'reactivate').status).toBe('confirmed');
  });

  it('anonymisation forgets the remembered statuses', () => {
    const a = applyEvent(state('deactivated'), 'anonymise');
    expect(a).toEqual({ status: 'anonymised', statusBeforeDeactivation: null, statusBeforeExpiry: null });
  });

  it('a refusal names both statuses', () => {
    expect(() => applyEvent(state('confirmed'), 'reactivate')).toThrow(/"confirmed".*reactivated/);
  });
});
