import type { Sql } from '../../db/index';
import { now } from '../../core/clock';
import { sha256 } from '../../core/crypto';
import type { UserRow } from '../people/repo';
import { dateTimeIn, notify } from './engine';

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Linux": what a user agent says of the browser and system, without versions (an update is no new device). */
export function deviceLabel(userAgent: string | null | undefined): string {
  const ua = userAgent ?? '';
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  if (!browser && !system) return ua ? ua.split(/[\s/]/)[0]!.slice(0, 40) || 'an unknown device' : 'an unknown device';
  return [browser ?? 'a browser', system].filter(Boolean).join(' on ');
}

/**
 * A finished sign-in (auth/login.ts openSession): remembers the device, and when the person has signed in before
 * from other devices only, queues the "new sign-in from a new device" security mail (sent during a break too).
 * The very first device recorded sends nothing.
 */
export async function noteSignInDevice(tx: Sql, user: UserRow, userAgent: string | null | undefined): Promise<void> {
  const label = deviceLabel(userAgent);
  const hash = sha256(label);
  const at = now();
  const inserted = await tx.query<{ others: number }>(
    `insert into sign_in_devices (user_id, device_hash, first_seen_at) values ($1, $2, $3)
     on conflict do nothing
     returning (select count(*)::int from sign_in_devices where user_id = $1) as others`,
    [user.id, hash, at],
  );
  if (!inserted.length || inserted[0]!.others === 0) return;
  await notify(tx, {
    kind: 'new_device_sign_in',
    key: `new_device_sign_in:${user.id}:${hash}`,
    to: user,
    vars: (lang) => ({ device: label, signedInAt: dateTimeIn(lang, at) }),
  });
}
