import { notifications } from '@mantine/notifications';

/**
 * Says how an action of Home on several people went (data-quality fixes, invitation reminders): green when
 * nobody was refused, else orange with the message that counts the refusals.
 */
export function showOutcome(failed: number, messages: { done: string; someRefused: string }): void {
  notifications.show({ color: failed ? 'orange' : 'green', message: failed ? messages.someRefused : messages.done });
}
