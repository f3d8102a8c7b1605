import { sealSubscriptions, subscriptionsSealed } from './core/events';
import { subscribeAuth } from './modules/auth/subscriptions';
import { subscribeGroups } from './modules/groups/subscriptions';
import { subscribeInvitations } from './modules/invitations/subscriptions';
import { subscribeNotifications } from './modules/notifications/subscriptions';

/**
 * Registers every module's in-transaction subscribers, once per process (later calls do nothing), then
 * seals the registry: publishing before this throws rather than skip effects. Every entry point calls it
 * (runtime.ts for the server and the tests' apps, the CLI's openDatabase, the tests' testDb).
 * Handlers of one event type run in this order.
 */
export function registerSubscriptions(): void {
  if (subscriptionsSealed()) return;
  subscribeGroups();
  subscribeAuth();
  subscribeInvitations();
  subscribeNotifications();
  sealSubscriptions();
}
