import { describe, expect, it } from 'vitest';
import { expectError, uniqueEmail } from '../helpers/api';
import { insertUser } from '../helpers/harness';
import { useAppWithSmtp } from './smtp';

const s = useAppWithSmtp();

const VERIFY = /http:\/\/roster\.test\/signup\/verify\/([A-Za-z0-9_-]+)/;
const mailsTo = (email: string) => s.smtp.messages.filter((m) => m.to.includes(email.toLowerCase()));
const signUp = (email: string, extra: Record<string, unknown> = {}) =>
  s.t
    .anon()
    .post('/api/v1/signup', { email, firstName: 'Sam', lastName: 'Signup', password: 'a-long-password', ...extra });
const setSignup = (selfSignup: Record<string, unknown>) => s.owner.patch('/api/v1/settings', { selfSignup });

describe('self sign-up', () => {
  it('is off by default', async () => {
    expect((await s.owner.get('/api/v1/settings')).body.selfSignup).toEqual({
      enabled: false,
      allowedDomains: [],
      defaultRole: 'learner',
      requireApproval: false,
      defaultTeamId: null,
    });
    expectError(await signUp(uniqueEmail('off')), 404, 'not_found');
  });

  it('verifies the address, then confirms and signs in with the default role', async () => {
    expect((await setSignup({ enabled: true, allowedDomains: ['example.com'], defaultRole: 'reporter' })).status).toBe(
      200,
    );
    expectError(await signUp('someone@elsewhere.org'), 400, 'validation_failed');
    expectError(await signUp(uniqueEmail('short'), { password: 'short' }), 400, 'validation_failed');
    const email = uniqueEmail('self');
    expect((await signUp(email, { language: 'fr' })).status).toBe(202);
    await s.t.sweep();
    const mail = mailsTo(email)[0]!;
    expect(mail.subject).toBe('Confirmez votre adresse e-mail pour Roster');
    const token = VERIFY.exec(mail.text)![1]!;
    const sam = s.t.anon();
    const verified = await sam.post(`/api/v1/signup/verify/${token}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ state: 'confirmed', user: { email, status: 'confirmed', role: 'reporter' } });
    expect((await sam.get('/api/v1/me')).body.email).toBe(email);
    expect((await s.t.anon().post('/api/v1/auth/login', { email, password: 'a-long-password' })).status).toBe(200);
    expectError(await s.t.anon().post(`/api/v1/signup/verify/${token}`), 404, 'not_found');
    const audit = await s.owner.get(`/api/v1/audit?targetId=${verified.body.user.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.signed_up', 'user.status_changed']),
    );
  });

  it('reveals nothing about existing or deactivated accounts', async () => {
    await setSignup({ enabled: true, allowedDomains: [], requireApproval: false });
    const active = await insertUser(s.t.db, { firstName: 'Ada' });
    const deactivated = await insertUser(s.t.db, { status: 'deactivated' });
    const fresh = uniqueEmail('fresh');
    const answers = new Set<string>();
    for (const email of [active.email, deactivated.email, fresh]) {
      const res = await signUp(email);
      answers.add(JSON.stringify({ status: res.status, body: res.body }));
    }
    expect(answers.size).toBe(1);
    await s.t.sweep();
    expect(mailsTo(fresh)[0]!.text).toMatch(VERIFY);
    expect(mailsTo(active.email).map((m) => m.subject)).toEqual([
      'Someone tried to sign up to Roster with your address',
    ]);
    expect(mailsTo(active.email)[0]!.text).not.toMatch(VERIFY);
    expect(mailsTo(deactivated.email)).toHaveLength(0);
    const [row] = await s.t.db.query<{ n: number }>(
      `select count(*)::int as n from users where email_normalized = $1`,
      [deactivated.email],
    );
    expect(row!.n).toBe(1);
  });

  it('waits in the approval queue when approval is required', async () => {
    await setSignup({ enabled: true, requireApproval: true, defaultRole: 'learner' });
    const yes = uniqueEmail('yes');
    const no = uniqueEmail('no');
    await signUp(yes);
    await signUp(no);
    await s.t.sweep();
    for (const email of [yes, no]) {
      const res = await s.t.anon().post(`/api/v1/signup/verify/${VERIFY.exec(mailsTo(email)[0]!.text)![1]!}`);
      expect(res.body).toEqual({ state: 'pending_approval' });
    }
    expectError(
      await s.t.anon().post('/api/v1/auth/login', { email: yes, password: 'a-long-password' }),
      401,
      'invalid_credentials',
    );
    const learner = (await insertUser(s.t.db, {})).email;
    expectError(await (await s.t.as(learner)).get('/api/v1/signup-requests'), 403, 'forbidden');

    const queue = await s.owner.get('/api/v1/signup-requests');
    const byEmail = Object.fromEntries(queue.body.items.map((r: any) => [r.email, r.id]));
    expect(Object.keys(byEmail).sort()).toEqual([no, yes].sort());
    const approved = await s.owner.post(`/api/v1/signup-requests/${byEmail[yes]}/approve`);
    expect(approved.status).toBe(200);
    expect((await s.owner.post(`/api/v1/signup-requests/${byEmail[no]}/decline`)).status).toBe(200);
    expectError(await s.owner.post(`/api/v1/signup-requests/${byEmail[no]}/approve`), 404, 'not_found');
    expect((await s.owner.get('/api/v1/signup-requests')).body.items).toHaveLength(0);

    expect((await s.owner.get(`/api/v1/users/${approved.body.userId}`)).body).toMatchObject({
      status: 'confirmed',
      role: 'learner',
      email: yes,
    });
    expect((await s.t.anon().post('/api/v1/auth/login', { email: yes, password: 'a-long-password' })).status).toBe(200);
    expectError(
      await s.t.anon().post('/api/v1/auth/login', { email: no, password: 'a-long-password' }),
      401,
      'invalid_credentials',
    );
    await s.t.sweep();
    expect(mailsTo(yes).map((m) => m.subject)).toEqual([
      'Confirm your email address for Roster',
      'Your Roster sign-up is waiting for approval',
      'Welcome to Roster',
    ]);
    expect(mailsTo(no).at(-1)!.subject).toBe('Your Roster sign-up request');
    // Decided requests keep no password hash and no personal data.
    const decided = await s.t.db.query(
      `select password_hash, email, first_name from signup_requests where id = any($1::text[])`,
      [[byEmail[yes], byEmail[no]]],
    );
    expect(decided).toEqual([
      { password_hash: '', email: '', first_name: '' },
      { password_hash: '', email: '', first_name: '' },
    ]);
  });

  it('puts new people in the default team, on verification or on approval, and their groups follow', async () => {
    const team = (await s.owner.post('/api/v1/teams', { name: `Newcomers ${uniqueEmail()}` })).body;
    const group = (
      await s.owner.post('/api/v1/groups', {
        name: `In newcomers ${team.id}`,
        rules: { field: 'teamId', op: 'in_team', value: { teamId: team.id } },
      })
    ).body;
    expectError(await setSignup({ defaultTeamId: 'no-such-team' }), 400, 'validation_failed');
    const saved = await setSignup({
      enabled: true,
      allowedDomains: [],
      requireApproval: false,
      defaultTeamId: team.id,
    });
    expect(saved.body.selfSignup.defaultTeamId).toBe(team.id);

    const direct = uniqueEmail('team');
    await signUp(direct);
    await s.t.sweep();
    const verified = await s.t.anon().post(`/api/v1/signup/verify/${VERIFY.exec(mailsTo(direct)[0]!.text)![1]!}`);
    expect(verified.body.state).toBe('confirmed');

    await setSignup({ requireApproval: true });
    const queued = uniqueEmail('teamq');
    await signUp(queued);
    await s.t.sweep();
    await s.t.anon().post(`/api/v1/signup/verify/${VERIFY.exec(mailsTo(queued)[0]!.text)![1]!}`);
    const request = (await s.owner.get('/api/v1/signup-requests')).body.items.find((r: any) => r.email === queued);
    const approved = await s.owner.post(`/api/v1/signup-requests/${request.id}/approve`);

    const members = (await s.owner.get(`/api/v1/teams/${team.id}/members`)).body.items.map((m: any) => m.id).sort();
    expect(members).toEqual([verified.body.user.id, approved.body.userId].sort());
    const inGroup = (await s.owner.get(`/api/v1/groups/${group.id}/members`)).body.items.map((m: any) => m.id).sort();
    expect(inGroup).toEqual(members);
    const audit = await s.owner.get(`/api/v1/audit?targetId=${team.id}&action=team.member_added`);
    expect(audit.body.items).toHaveLength(2);
    await setSignup({ defaultTeamId: null, requireApproval: false });
  });
});
