import { expect, it } from 'vitest';
import { createUser } from '../helpers/api';
import { useApp } from '../helpers/useApp';

// With the built-in mailbox, storing a message and marking it sent are one transaction: a crash between
// the two leaves neither, and the retry stores the message once.
const { t, owner } = useApp();

it('stores a message exactly once when the process dies between storing it and marking it sent', async () => {
  const u = await createUser(owner, { invite: 'now' });
  // The "crash": marking the message sent fails, after the mailbox insert of the same delivery.
  await t.db.query(
    `create function crash_on_mark_sent() returns trigger language plpgsql as $$ begin raise exception 'crashed before marking sent'; end $$`,
  );
  await t.db.query(
    `create trigger crash_on_mark_sent before update on outbox for each row when (new.status = 'sent') execute function crash_on_mark_sent()`,
  );
  await t.sweep().catch(() => undefined);
  await t.db.query(`drop trigger crash_on_mark_sent on outbox`);
  await t.db.query(`drop function crash_on_mark_sent()`);

  // After the lease or the back-off, the message is due again.
  await t.db.query(
    `update outbox set send_after = now(), locked_until = now() - interval '1 second' where user_id = $1`,
    [u.id],
  );
  await t.sweep();
  expect(await t.db.query(`select outbox_id from mailbox where user_id = $1`, [u.id])).toHaveLength(1);
  expect(await t.db.query(`select status from outbox where user_id = $1`, [u.id])).toEqual([{ status: 'sent' }]);
  expect((await owner.get(`/api/v1/users/${u.id}/invitations`)).body.items[0].delivery).toBe('sent');
});
