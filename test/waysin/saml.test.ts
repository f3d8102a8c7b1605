import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, signedIn } from '../helpers/api';
import { insertUser, OWNER, startTestApp, type Client, type TestApp, type TestDb } from '../helpers/harness';
import { startSamlIdp, type ResponseTweaks, type TestSamlIdp } from '../helpers/samlIdp';

// SAML 2.0 sign-in against a real identity provider started here (samlify, its own key): the IdP reads Roster's
// SP metadata and parses its AuthnRequest; Roster verifies the signed answer. The browser journey is in test/e2e.
const EMAIL = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';
const GIVEN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname';
const SURNAME = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname';

let t: TestApp;
let owner: Client;
let idp: TestSamlIdp;
const logLines: Record<string, any>[] = [];

beforeAll(async () => {
  t = await startTestApp({}, { logLines });
  owner = await t.as(OWNER.email, OWNER.password);
  const metadata = await t.anon().get('/api/v1/auth/saml/metadata');
  idp = await startSamlIdp({
    spMetadataXml: metadata.body,
    accounts: {
      'sid-cora': { [EMAIL]: 'cora.confirmed@example.com', [GIVEN]: 'Cora', [SURNAME]: 'Confirmed' },
      'sid-new': { email: 'nia.new@jit.example', firstName: 'Nia', lastName: 'New', employeeNumber: 'E-4711' },
      'sid-stranger': { [EMAIL]: 'sam@elsewhere.example' },
      'sid-owner': { [EMAIL]: OWNER.email },
    },
  });
  await insertUser(t.db, { email: 'cora.confirmed@example.com', firstName: 'Cora' });
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await idp?.close();
});

/** Sign-in page → Roster's start (an AuthnRequest by redirect) → the IdP's answer, POSTed to the ACS like a browser. */
async function samlSignIn(
  nameId: string,
  tweaks?: ResponseTweaks,
  opts: { replay?: { SAMLResponse: string; RelayState: string } } = {},
) {
  const browser = t.anon();
  const start = await browser.get('/api/v1/auth/saml/start?next=/people');
  expect(start.status).toBe(302);
  const posted = opts.replay ?? (await idp.respond(start.headers.location, nameId, tweaks));
  const res = await browser.request('POST', '/api/v1/auth/saml/acs', new URLSearchParams(posted).toString(), {
    'content-type': 'application/x-www-form-urlencoded',
  });
  expect(res.status).toBe(303);
  const location = new URL(res.headers.location);
  const session = browser.cookie ? await browser.get('/api/v1/auth/session') : null;
  return { location, email: session?.status === 200 ? (session.body.user.email as string) : null, posted };
}

const latestAttempt = async () => (await owner.get('/api/v1/settings/sso/attempts')).body.items[0];
const lastSsoLog = () => logLines.filter((l) => l.sso).at(-1);

/** A refusal: no session, the sign-in page says why in words, and the log and the attempts list name the reason. */
async function expectRefused(signIn: Awaited<ReturnType<typeof samlSignIn>>, reason: string, message: RegExp) {
  expect(signIn.email).toBeNull();
  expect(signIn.location.pathname).toBe('/login');
  expect(signIn.location.searchParams.get('message')).toMatch(message);
  expect(await latestAttempt()).toMatchObject({ outcome: 'refused', reason });
  expect(lastSsoLog()).toMatchObject({ level: 40, sso: { outcome: 'refused', reason } });
}

describe('SAML set-up', () => {
  it('serves the SP metadata for the IdP administrator and reads the IdP metadata from its URL (Owner only)', async () => {
    const metadata = await t.anon().get('/api/v1/auth/saml/metadata');
    expect(metadata.headers['content-type']).toMatch(/^application\/samlmetadata\+xml/);
    expect(metadata.body).toContain('entityID="http://roster.test/api/v1/auth/saml/metadata"');
    expect(metadata.body).toContain('Location="http://roster.test/api/v1/auth/saml/acs"');
    expect(metadata.body).toContain('WantAssertionsSigned="true"');
    expectError(await t.anon().get('/api/v1/auth/saml/start'), 404, 'not_found');

    const { client: admin } = await signedIn(t, 'admin');
    expectError(await admin.post('/api/v1/settings/saml/idp-metadata', { url: idp.metadataUrl }), 403, 'forbidden');
    expectError(await admin.patch('/api/v1/settings', { saml: { enabled: true } }), 403, 'forbidden');
    expectError(await admin.post('/api/v1/settings/saml/test', { xml: idp.metadataXml }), 403, 'forbidden');

    const bad = await owner.post('/api/v1/settings/saml/test', { xml: '<not-metadata/>' });
    expect(bad.body).toEqual({
      ok: false,
      message: 'The metadata describes no identity provider (no EntityDescriptor with an IDPSSODescriptor).',
    });
    expectError(
      await owner.post('/api/v1/settings/saml/idp-metadata', { xml: 'not xml at all' }),
      400,
      'validation_failed',
    );

    const saved = await owner.post('/api/v1/settings/saml/idp-metadata', { url: idp.metadataUrl });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      ok: true,
      idpEntityId: idp.entityId,
      idpSsoUrl: `${idp.url}/sso`,
      certificates: [{ subject: 'CN=Roster test IdP idp', validTo: expect.any(String) }],
      acsUrl: 'http://roster.test/api/v1/auth/saml/acs',
    });
    expect(
      (await owner.patch('/api/v1/settings', { saml: { enabled: true, displayName: 'Contoso SAML' } })).status,
    ).toBe(200);
    expect((await t.anon().get('/api/v1/auth/options')).body.saml).toEqual({
      enabled: true,
      displayName: 'Contoso SAML',
    });
    // Admins may test the saved provider.
    expect((await admin.post('/api/v1/settings/saml/test', {})).body).toMatchObject({
      ok: true,
      idpEntityId: idp.entityId,
    });
  });
});

describe('SAML sign-in', () => {
  it('signs in an existing person matched by email, then by the linked NameID, and returns to where they were going', async () => {
    const first = await samlSignIn('sid-cora');
    expect(first.email).toBe('cora.confirmed@example.com');
    expect(first.location.href).toBe('http://roster.test/people');
    expect(await latestAttempt()).toMatchObject({
      outcome: 'signed_in',
      reason: 'signed_in',
      emailMasked: 'c***@example.com',
    });
    expect(
      await t.db.query(`select 1 from user_identities where issuer = $1 and subject = 'sid-cora'`, [
        `saml:${idp.entityId}`,
      ]),
    ).toHaveLength(1);
    idp.accounts['sid-cora']![EMAIL] = 'cora.renamed@example.com';
    const again = await samlSignIn('sid-cora');
    expect(again.email).toBe('cora.confirmed@example.com');
    expect(await latestAttempt()).toMatchObject({ outcome: 'signed_in', reason: 'email_differs' });
    expect(JSON.stringify(logLines)).not.toContain('cora.confirmed@example.com');
  });

  it('signs in again over an open session: the ACS is a form POST from the IdP and needs no CSRF token', async () => {
    const browser = await t.as('cora.confirmed@example.com');
    browser.csrf = null;
    const start = await browser.get('/api/v1/auth/saml/start');
    const posted = await idp.respond(start.headers.location, 'sid-cora');
    const res = await browser.request('POST', '/api/v1/auth/saml/acs', new URLSearchParams(posted).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('http://roster.test/');
  });

  it('creates a person just in time with the mapped names and employee id, only when allowed', async () => {
    await expectRefused(await samlSignIn('sid-new'), 'no_account', /no account for this email address/);
    expect(
      (await owner.patch('/api/v1/settings', { saml: { jitCreation: true, allowedDomains: ['jit.example'] } })).status,
    ).toBe(200);
    const created = await samlSignIn('sid-new');
    expect(created.email).toBe('nia.new@jit.example');
    const [row] = await t.db.query<Record<string, unknown>>(
      `select first_name, last_name, employee_id, role, status from users where email_normalized = 'nia.new@jit.example'`,
    );
    expect(row).toEqual({
      first_name: 'Nia',
      last_name: 'New',
      employee_id: 'E-4711',
      role: 'learner',
      status: 'confirmed',
    });
    await expectRefused(await samlSignIn('sid-stranger'), 'domain_not_allowed', /no account for this email address/);
  });

  it('refuses a tampered response (the signature no longer matches)', async () => {
    const tampered = await samlSignIn('sid-stranger', {
      afterSigning: (xml) => xml.replace('sam@elsewhere.example', 'cora.confirmed@example.com'),
    });
    await expectRefused(tampered, 'signature_invalid', /not signed with its certificate/);
  });

  it('refuses an assertion that is not signed itself (only the Response is)', async () => {
    await expectRefused(
      await samlSignIn('sid-cora', { signAssertion: false }),
      'assertion_unsigned',
      /signed assertions only/,
    );
  });

  it('refuses an assertion meant for another service provider', async () => {
    await expectRefused(
      await samlSignIn('sid-cora', { values: { Audience: 'https://other.example/sp' } }),
      'audience_invalid',
      /meant for another application/,
    );
  });

  it('refuses an expired assertion, and one not valid yet beyond the clock skew', async () => {
    const past = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const expired = {
      ConditionsNotBefore: past(20),
      ConditionsNotOnOrAfter: past(10),
      SubjectConfirmationDataNotOnOrAfter: past(10),
      IssueInstant: past(20),
    };
    await expectRefused(await samlSignIn('sid-cora', { values: expired }), 'assertion_expired', /has expired/);
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    await expectRefused(
      await samlSignIn('sid-cora', { values: { ConditionsNotBefore: future } }),
      'assertion_not_yet_valid',
      /not valid yet/,
    );
  });

  it('refuses a replayed response, even after the first one signed in', async () => {
    const first = await samlSignIn('sid-cora');
    expect(first.email).toBe('cora.confirmed@example.com');
    await expectRefused(
      await samlSignIn('sid-cora', undefined, { replay: first.posted }),
      'assertion_replayed',
      /already used/,
    );
    // Another process on the same database remembers it too: the unique key is in the database.
    const other = await (t.db as TestDb).reopen();
    const assertionId = Buffer.from(first.posted.SAMLResponse, 'base64')
      .toString()
      .match(/<saml:Assertion[^>]* ID="([^"]+)"/)![1];
    expect(await other.query(`select 1 from saml_assertions where assertion_id = $1`, [assertionId])).toHaveLength(1);
    await other.close();
  });

  it('refuses a response to a request Roster did not send, or with another RelayState, and IdP-initiated sign-ins', async () => {
    await expectRefused(
      await samlSignIn('sid-cora', { values: { InResponseTo: '_not-ours' } }),
      'state_invalid',
      /started in another browser/,
    );
    await expectRefused(
      await samlSignIn('sid-cora', { values: { InResponseTo: '' } }),
      'idp_initiated',
      /started at the identity provider are not accepted/,
    );
    const browser = t.anon();
    const start = await browser.get('/api/v1/auth/saml/start');
    const posted = await idp.respond(start.headers.location, 'sid-cora');
    const res = await browser.request(
      'POST',
      '/api/v1/auth/saml/acs',
      new URLSearchParams({ ...posted, RelayState: 'forged' }).toString(),
      {
        'content-type': 'application/x-www-form-urlencoded',
      },
    );
    expect(new URL(res.headers.location).searchParams.get('error')).toBe('sso_failed');
    expect(await latestAttempt()).toMatchObject({ outcome: 'refused', reason: 'state_invalid' });
  });

  it('never signs in an Owner', async () => {
    await expectRefused(
      await samlSignIn('sid-owner'),
      'owner_password_only',
      /Owner accounts sign in with their password/,
    );
    expect(lastSsoLog()).toMatchObject({ sso: { emailMasked: 'o***@example.com' } });
  });
});
