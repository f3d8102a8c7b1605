import type { Profile, SamlStatusError } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { SamlSettings } from '../../../common/contract/saml';
import { SsoRefusal, type SsoIdentity } from './ssoMatch';

/** How far the identity provider's clock may be off ours, for NotBefore and NotOnOrAfter. */
export const SAML_CLOCK_SKEW_MS = 2 * 60_000;
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const EMAIL_NAMEID = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

type XmlJs = { $?: Record<string, string>; [child: string]: unknown };
const children = (node: XmlJs | undefined, name: string) => (node?.[name] as XmlJs[] | undefined) ?? [];

/** What finishSaml checks beyond node-saml, read from the signed assertion (and the Response's Destination). */
export function assertionFacts(profile: Profile, samlResponse: string) {
  const assertion = (profile.getAssertion?.() as { Assertion?: XmlJs } | undefined)?.Assertion;
  const confirmations = children(children(assertion, 'Subject')[0], 'SubjectConfirmation')
    .filter((c) => c.$?.Method === 'urn:oasis:names:tc:SAML:2.0:cm:bearer')
    .map((c) => children(c, 'SubjectConfirmationData')[0]?.$ ?? {});
  const conditions = children(assertion, 'Conditions')[0]?.$ ?? {};
  const ends = [conditions.NotOnOrAfter, ...confirmations.map((c) => c.NotOnOrAfter)]
    .filter(Boolean)
    .map((d) => Date.parse(d!));
  const response = responseRoot(samlResponse);
  return {
    assertionId: assertion?.$?.ID ?? null,
    recipients: confirmations.map((c) => c.Recipient).filter((r): r is string => Boolean(r)),
    destination: response?.getAttribute('Destination') || null,
    // Only the signed value counts (the bearer SubjectConfirmationData carries it in answer to a request): the
    // Response's own attribute is outside the signature, and trusting it would turn an IdP-initiated assertion
    // into an answer to any request.
    inResponseTo: confirmations.map((c) => c.InResponseTo).find(Boolean) ?? null,
    /** The id is remembered until the assertion could no longer be accepted anyway. */
    expiresAt: new Date((ends.length ? Math.max(...ends) : Date.now() + 24 * 3600_000) + SAML_CLOCK_SKEW_MS),
  };
}

function responseRoot(samlResponse: string) {
  try {
    return (
      new DOMParser({ errorHandler: {} }).parseFromString(
        Buffer.from(samlResponse, 'base64').toString('utf8'),
        'text/xml',
      ).documentElement ?? null
    );
  } catch {
    return null;
  }
}

/** The person as the attribute mapping reads them; the email falls back to an email-shaped NameID. */
export function identityOf(profile: Profile, saml: SamlSettings): SsoIdentity {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const pick = (names: string[]) => {
    for (const name of names) {
      const v = attributes[name];
      const first = Array.isArray(v) ? v[0] : v;
      if (typeof first === 'string' && first.trim()) return first.trim();
    }
    return null;
  };
  const email =
    pick(saml.attributes.email) ?? (profile.nameIDFormat === EMAIL_NAMEID && profile.nameID ? profile.nameID : null);
  return {
    issuer: `saml:${saml.idpEntityId}`,
    subject: profile.nameID,
    email,
    // SAML has no "verified" flag; the organisation's own IdP vouches for the address (docs/decisions/017-saml.md).
    emailVerified: undefined,
    firstName: pick(saml.attributes.firstName),
    lastName: pick(saml.attributes.lastName),
    employeeId: pick(saml.attributes.employeeId),
  };
}

/** A response node-saml did not accept, as a reason for the log and a sentence for the person. */
export function refusalOf(err: Error | SamlStatusError, samlResponse: string, fromStatus: boolean): SsoRefusal {
  const failed = (reason: string, message: string) => new SsoRefusal('sso_failed', reason, message, null, err.message);
  if (fromStatus)
    return failed(
      'provider_error',
      'The identity provider did not sign you in. Try again or contact your administrator.',
    );
  const m = err.message;
  if (/signature/i.test(m) || /Cannot obtain assertion/.test(m))
    return assertionUnsigned(samlResponse)
      ? failed(
          'assertion_unsigned',
          'The identity provider sent an unsigned answer; Roster accepts signed assertions only.',
        )
      : failed(
          'signature_invalid',
          'The answer of the identity provider is not signed with its certificate. Try again or contact your administrator.',
        );
  if (/audience/i.test(m))
    return failed('audience_invalid', 'The answer of the identity provider was meant for another application.');
  if (/not yet valid/i.test(m))
    return failed(
      'assertion_not_yet_valid',
      'The answer of the identity provider is not valid yet; a clock is wrong. Try again in a minute.',
    );
  if (/expired|No valid subject confirmation/i.test(m))
    return failed('assertion_expired', 'The answer of the identity provider has expired. Try again.');
  return failed('response_invalid', 'The answer of the identity provider could not be verified. Try again.');
}

/** True when the response's assertion carries no signature of its own (an IdP set to sign the Response only). */
function assertionUnsigned(samlResponse: string): boolean {
  const root = responseRoot(samlResponse);
  if (!root) return false;
  const assertion = root.getElementsByTagNameNS(ASSERTION_NS, 'Assertion')[0];
  const signedHere = (el: Element) =>
    Array.from(el.childNodes).some(
      (n) => (n as Element).localName === 'Signature' && (n as Element).namespaceURI === DSIG_NS,
    );
  return Boolean(assertion) && !signedHere(assertion!);
}
