import { describe, expect, it } from 'vitest';
import { STATUSES, type Status } from '../../../common/domain';
import { applyEvent, EVENTS, InvalidTransition, type LifecycleEvent, type LifecycleState } from './lifecycle';

// The specification (docs/product-rules.md §1) written out cell by cell, independently of the implementation's table.
// 'prev-d' = the status before deactivation, 'prev-e' = the status before expiry, '-' = refused.
const EXPECTED: Record<Status, Record<LifecycleEvent, Status | 'prev-d' | 'prev-e' | '-'>> = {
  not_invited: {
    send_invite: 'invite_pending',
    schedule_invite: 'invite_scheduled',
    cancel_invite: '-',
    confirm: 'confirmed',
    deactivate: 'deactivated',
    reactivate: '-',
    expire: 'expired',
    unexpire: '-',
    anonymise: '-',
  },
  invite_scheduled: {
    send_invite: 'invite_pending',
    schedule_invite: 'invite_scheduled',
    cancel_invite: 'not_invited',
    confirm: 'confirmed',
    deactivate: 'deactivated',
    reactivate: '-',
    expire: 'expired',
    unexpire: '-',
    anonymise: '-',
  },
  invite_pending: {
    send_invite: 'invite_pending',
    schedule_invite: '-',
    cancel_invite: 'not_invited',
    confirm: 'confirmed',
    deactivate: 'deactivated',
    reactivate: '-',
    expire: 'expired',
    unexpire: '-',
    anonymise: '-',
  },
  confirmed: {
    send_invite: '-',
    schedule_invite: '-',
    cancel_invite: '-',
    confirm: '-',
    deactivate: 'deactivated',
    reactivate: '-',
    expire: 'expired',
    unexpire: '-',
    anonymise: '-',
  },
  deactivated: {
    send_invite: '-',
    schedule_invite: '-',
    cancel_invite: '-',
    confirm: '-',
    deactivate: '-',
    reactivate: 'prev-d',
    expire: 'expired',
    unexpire: '-',
    anonymise: 'anonymised',
  },
  expired: {
    send_invite: '-',
    schedule_invite: '-',
    cancel_invite: '-',
    confirm: '-',
    deactivate: 'deactivated',
    reactivate: '-',
    expire: '-',
    unexpire: 'prev-e',
    anonymise: 'anonymised',
  },
  anonymised: {
    send_invite: '-',
    schedule_invite: '-',
    cancel_invite: '-',
    confirm: '-',
    deactivate: '-',
    reactivate: '-',
    expire: '-',
    unexpire: '-',
    anonymise: '-',
  },
};

const state = (status: Status, before: Partial<LifecycleState> = {}): LifecycleState => ({
  status,
  statusBeforeDeactivation: status === 'deactivated' ? 'invite_pending' : null,
  statusBeforeExpiry: status === 'expired' ? 'confirmed' : null,
  ...before,
});

describe('lifecycle state machine: every status × every event', () => {
  for (const status of STATUSES) {
    for (const event of EVENTS) {
      const expected = EXPECTED[status][event];
      it(`${status} + ${event} → ${expected === '-' ? 'refused' : expected}`, () => {
        const s = state(status);
        if (expected === '-') {
          expect(() => applyEvent(s, event)).toThrow(InvalidTransition);
          return;
        }
        const next = applyEvent(s, event);
        const target =
          expected === 'prev-d' ? s.statusBeforeDeactivation : expected === 'prev-e' ? s.statusBeforeExpiry : expected;
        expect(next.status).toBe(target);
      });
    }
  }
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
