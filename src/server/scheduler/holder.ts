import os from 'node:os';
import { randomUUID } from 'node:crypto';

/**
 * Who holds a lease: `host|pid|tag`. A lease is normally taken over when it expires; one whose holder
 * is known to be gone is taken over at once (a restarted server resumes its work without waiting):
 * on this host a pid that no longer runs, or this very pid with a tag no live holder here uses
 * (an earlier incarnation of the process number, e.g. a restarted container).
 */
const live = new Set<string>();

export function newHolder(): string {
  const id = `${os.hostname()}|${process.pid}|${randomUUID().slice(0, 8)}`;
  live.add(id);
  return id;
}

/** The holder stops holding anything (its runner stopped): its leases, if any are left, are free at once. */
export function retireHolder(id: string): void {
  live.delete(id);
}

export function holderIsDead(holder: string | null): boolean {
  if (!holder) return true;
  const [host, pid] = holder.split('|');
  if (host !== os.hostname()) return false;
  if (Number(pid) === process.pid) return !live.has(holder);
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err: any) {
    return err.code !== 'EPERM';
  }
}
