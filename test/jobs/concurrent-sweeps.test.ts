import { expect, it } from 'vitest';
import { systemActor } from '../../src/server/core/actor';
import { runAllSweeps } from '../../src/server/jobs/sweeps';
import { createTransport, type Transport } from '../../src/server/modules/mail/transport';
import { createUser } from '../../src/server/modules/users/service';
import { useTwoProcesses } from '../helpers/useApp';

// Two "processes": two connection pools on one PostgreSQL database (on PGlite, one serialised
// connection used by two concurrent sweepers). Every scheduled invitation must go out exactly once.
const { db, second } = useTwoProcesses();
const quiet = { info: () => {} };

it('sends each of 300 due scheduled invitations exactly once with two sweepers racing', async () => {
  const actor = systemActor('test');
  const inAMinute = new Date(Date.now() + 60_000).toISOString();
  await db.tx(async (tx) => {
    for (let i = 0; i < 300; i++)
      await createUser(tx, actor, {
        email: `sched${i}@example.com`,
        firstName: `S${i}`,
        lastName: 'Test',
        role: 'learner',
        invite: 'scheduled',
        inviteAt: inAMinute,
      });
  });
  await db.query(
    `update users set invite_scheduled_at = now() - interval '1 second' where status = 'invite_scheduled'`,
  );

  const sent: string[] = [];
  const recording = (base: Transport): Transport => ({
    ...base,
    async send(m, recordSent) {
      sent.push(m.to);
      await base.send(m, recordSent);
    },
  });
  const t1 = recording(createTransport(db, undefined, quiet));
  const t2 = recording(createTransport(second, undefined, quiet));
  const [a, b] = await Promise.all([runAllSweeps(db, t1), runAllSweeps(second, t2)]);

  expect(a.scheduledInvites + b.scheduledInvites).toBe(300);
  expect(sent).toHaveLength(300);
  expect(new Set(sent).size).toBe(300);
  const [row] = await db.query<{ pending: number; invites: number; mails: number }>(
    `select (select count(*)::int from users where status = 'invite_pending') as pending,
            (select count(*)::int from invitations) as invites,
            (select count(*)::int from mailbox) as mails`,
  );
  expect(row).toEqual({ pending: 300, invites: 300, mails: 300 });
  // 300 people and their mail through two sweepers: more than the default 30 s on PGlite on a loaded machine.
}, 120_000);
