import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import * as samlify from 'samlify';
// @ts-expect-error the validator ships no type declarations (it exports validate(xml): Promise<string>)
import * as xmllint from '@authenio/samlify-xmllint-wasm';

// samlify checks every message it parses against the SAML XML schemas; xmllint compiled to WebAssembly does it
// without a native build.
samlify.setSchemaValidator(xmllint as { validate: (xml: string) => Promise<string> });

const FIXTURES = path.resolve('test/fixtures/saml');
const key = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** Attributes an account at the test IdP sends, by attribute name (Entra's claim URIs or Okta-style names). */
export type SamlAccount = Record<string, string>;

/** What a test may change in one response: any template value (Audience, ConditionsNotOnOrAfter…) or the XML after signing. */
export interface ResponseTweaks {
  values?: Record<string, string>;
  /** Left out: the assertion is signed as Roster's metadata asks. false: only the Response is signed. */
  signAssertion?: boolean;
  /** Changes the signed XML (a tampered response). */
  afterSigning?: (xml: string) => string;
}

export interface TestSamlIdp {
  url: string;
  entityId: string;
  metadataUrl: string;
  metadataXml: string;
  /** Accounts by NameID (persistent); tests may change them between sign-ins. */
  accounts: Record<string, SamlAccount>;
  /** The IdP's answer to an AuthnRequest URL (Roster's redirect), as the browser would POST it to the ACS. */
  respond(
    authnRequestUrl: string,
    nameId: string,
    tweaks?: ResponseTweaks,
  ): Promise<{ SAMLResponse: string; RelayState: string }>;
  close(): Promise<void>;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A real SAML identity provider (samlify) on a loopback port, with its own key and certificate
 * (test/fixtures/saml). It reads Roster's SP metadata, parses and schema-validates the AuthnRequest, and signs
 * its responses. For the browser it serves a login form (any known NameID, no password) and then a form that
 * POSTs the response to Roster's ACS.
 */
export async function startSamlIdp(opts: {
  spMetadataXml: string;
  accounts: Record<string, SamlAccount>;
}): Promise<TestSamlIdp> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp = samlify.IdentityProvider({
    entityID: `${url}/metadata`,
    signingCert: key('idp-cert.pem'),
    privateKey: key('idp-key.pem'),
    nameIDFormat: [PERSISTENT],
    singleSignOnService: [{ Binding: REDIRECT, Location: `${url}/sso` }],
  });
  const sp = samlify.ServiceProvider({ metadata: opts.spMetadataXml });
  const acs = sp.entityMeta.getAssertionConsumerService('post') as string;
  // The same SP, but asking for a signed Response instead of signed assertions: samlify then signs only the Response.
  const spResponseSigned = samlify.ServiceProvider({
    metadata: opts.spMetadataXml.replace('WantAssertionsSigned="true"', 'WantAssertionsSigned="false"'),
  });

  async function respond(authnRequestUrl: string, nameId: string, tweaks: ResponseTweaks = {}) {
    const query = Object.fromEntries(new URL(authnRequestUrl).searchParams);
    const request = await idp.parseLoginRequest(sp, 'redirect', { query });
    const account = samlIdp.accounts[nameId];
    if (!account) throw new Error(`no account ${nameId} at the test IdP`);
    const target = tweaks.signAssertion === false ? spResponseSigned : sp;
    const { context } = await idp.createLoginResponse(target, { ...request }, 'post', {}, (template) => {
      const now = new Date();
      const later = new Date(now.getTime() + 5 * 60_000).toISOString();
      const values: Record<string, string> = {
        ID: `_${randomBytes(16).toString('hex')}`,
        AssertionID: `_${randomBytes(16).toString('hex')}`,
        Destination: acs,
        Audience: sp.entityMeta.getEntityID(),
        SubjectRecipient: acs,
        Issuer: idp.entityMeta.getEntityID(),
        IssueInstant: now.toISOString(),
        StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
        ConditionsNotBefore: now.toISOString(),
        ConditionsNotOnOrAfter: later,
        SubjectConfirmationDataNotOnOrAfter: later,
        NameIDFormat: PERSISTENT,
        NameID: nameId,
        InResponseTo: String(request.extract.request?.id ?? ''),
        ...tweaks.values,
      };
      const attributes = Object.entries(account)
        .map(
          ([name, value]) =>
            `<saml:Attribute Name="${escapeXml(name)}"><saml:AttributeValue xsi:type="xs:string">${escapeXml(value)}</saml:AttributeValue></saml:Attribute>`,
        )
        .join('');
      const xml = template
        .replace(/\{(\w+)\}/g, (_m, k: string) =>
          k === 'AuthnStatement' ? '' : k === 'AttributeStatement' ? '' : escapeXml(values[k] ?? ''),
        )
        .replace(
          '</saml:Conditions>',
          `</saml:Conditions><saml:AttributeStatement>${attributes}</saml:AttributeStatement>`,
        );
      return { id: values.ID!, context: xml };
    });
    const signed = Buffer.from(context, 'base64').toString('utf8');
    const SAMLResponse = tweaks.afterSigning ? Buffer.from(tweaks.afterSigning(signed)).toString('base64') : context;
    return { SAMLResponse, RelayState: query.RelayState ?? '' };
  }

  const samlIdp: TestSamlIdp = {
    url,
    entityId: `${url}/metadata`,
    metadataUrl: `${url}/metadata`,
    metadataXml: idp.getMetadata(),
    accounts: opts.accounts,
    respond,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  server.on('request', (req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', url);
      if (u.pathname === '/metadata') return send(res, 200, samlIdp.metadataXml, 'application/samlmetadata+xml');
      // The login form keeps Roster's AuthnRequest URL; any known NameID signs in.
      if (u.pathname === '/sso')
        return send(
          res,
          200,
          page(
            'Test IdP sign-in',
            `<form method="get" action="/login"><input type="hidden" name="request" value="${escapeXml(u.href)}">
          <label>User <input name="user"></label> <button>Sign in at the IdP</button></form>`,
          ),
        );
      if (u.pathname === '/login') {
        const { SAMLResponse, RelayState } = await respond(
          u.searchParams.get('request') ?? '',
          u.searchParams.get('user') ?? '',
        );
        return send(
          res,
          200,
          page(
            'Test IdP',
            `<form method="post" action="${escapeXml(acs)}"><input type="hidden" name="SAMLResponse" value="${SAMLResponse}">
          <input type="hidden" name="RelayState" value="${escapeXml(RelayState)}"><button>Continue to Roster</button></form>`,
          ),
        );
      }
      send(res, 404, 'not found');
    })().catch((err: Error) => send(res, 500, err.message));
  });
  return samlIdp;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><main>${body}</main></body></html>`;
function send(res: http.ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}
