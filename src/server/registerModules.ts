import { registerPersonalDataEntries } from './personalData';
import { registerSubscriptions } from './subscriptions';

/**
 * What every entry point does before it touches the database: each module's event subscribers
 * (subscriptions.ts) and personal-data entries (personalData.ts) go into their registries. The server's
 * runtime, the CLI and the tests' testDb all call this one function, so none of them misses a registry.
 * Safe to call more than once (later calls change nothing).
 */
export function registerModules(): void {
  registerSubscriptions();
  registerPersonalDataEntries();
}
