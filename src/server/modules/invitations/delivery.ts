import { invalid } from '../../core/errors';

/** How an invitation email fared: queued (not sent yet, or being retried), sent, failed, bounced, cancelled. */
export const DELIVERY_STATES = ['queued', 'sent', 'failed', 'bounced', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** The People list filter `inviteDelivery=failed,bounced` → the states, or a 400 naming the bad one. */
export function parseDeliveryFilter(raw: unknown): DeliveryState[] {
  const values = String(raw)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = values.find((v) => !(DELIVERY_STATES as readonly string[]).includes(v));
  if (bad || !values.length)
    throw invalid(`Unknown invitation delivery state "${bad ?? ''}".`, [
      { field: 'inviteDelivery', message: `Use ${DELIVERY_STATES.join(', ')}.` },
    ]);
  return values as DeliveryState[];
}

/** SQL (on alias `u`) for the delivery state of the user's newest invitation. */
export const NEWEST_DELIVERY_SQL = `(select i.delivery from invitations i where i.user_id = u.id order by i.created_at desc, i.id desc limit 1)`;
