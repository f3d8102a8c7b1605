import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertUser, OWNER, startTestApp, type TestApp } from '../helpers/harness';
import { startSamlIdp, type TestSamlIdp } from '../helpers/samlIdp';

// Served over HTTPS, Roster also binds the SAML sign-in to the browser: start sets the RelayState in a
// SameSite=None; Secure cookie, and the ACS refuses an answer posted without it (docs/decisions/017-saml.md).
let t: TestApp;
let idp: TestSamlIdp;

beforeAll(async () => {
  t = await startTestApp({ PUBLIC_URL: 'https://roster.test' });
  idp = await startSamlIdp({
    spMetadataXml: (await t.anon().get('/api/v1/auth/saml/metadata')).body,
    accounts: { 'sid-hana': { email: 'hana.https@example.com' } },
  });
  const owner = await t.as(OWNER.email, OWNER.password);
  expect((await owner.post('/api/v1/settings/saml/idp-metadata', { xml: idp.metadataXml })).status).toBe(200);
  expect((await owner.patch('/api/v1/settings', { saml: { enabled: true } })).status).toBe(200);
  await insertUser(t.db, { email: 'hana.https@example.com' });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await idp?.close();
});

async function post(fields: Record<string, string>, cookie?: string) {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...(cookie ? { cookie } : {}),
  };
  const res = await t.anon().request('POST', '/api/v1/auth/saml/acs', new URLSearchParams(fields).toString(), headers);
  return new URL(res.headers.location);
}

it('requires the RelayState cookie set at start', async () => {
  const start = await t.anon().get('/api/v1/auth/saml/start');
  const setCookie = String(start.headers['set-cookie']);
  expect(setCookie).toMatch(/^roster_saml_state=[\w-]+;.*Secure.*SameSite=None/);
  const cookie = setCookie.split(';')[0]!;

  const withoutCookie = await post(await idp.respond(start.headers.location, 'sid-hana'));
  expect(withoutCookie.pathname).toBe('/login');
  expect(
    (await t.db.query<{ reason: string }>(`select reason from sso_attempts order by id desc limit 1`))[0]?.reason,
  ).toBe('state_invalid');

  const again = await t.anon().get('/api/v1/auth/saml/start');
  const signedIn = await post(
    await idp.respond(again.headers.location, 'sid-hana'),
    String(again.headers['set-cookie']).split(';')[0]!,
  );
  expect(signedIn.href).toBe('https://roster.test/');
  expect(cookie).not.toBe(String(again.headers['set-cookie']).split(';')[0]);
});
