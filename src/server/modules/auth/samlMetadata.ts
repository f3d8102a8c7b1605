import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
/** Seconds Roster waits for the identity provider's metadata URL, as for OpenID discovery. */
const FETCH_TIMEOUT_S = 10;
const MAX_METADATA_BYTES = 1_000_000;

/** What Roster needs from an identity provider's metadata. */
export interface IdpMetadata {
  idpEntityId: string;
  idpSsoUrl: string;
  idpCertificates: string[];
}

/** The metadata could not be used; the message says why, for the settings page. */
export class MetadataError extends Error {}

/**
 * Reads the entity id, the HTTP-Redirect SingleSignOnService and the signing certificates of an IdPSSODescriptor.
 * Certificates marked `use="encryption"` are left out: they cannot vouch for a signature.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: { error: (e) => errors.push(String(e)), fatalError: (e) => errors.push(String(e)) },
  }).parseFromString(xml, 'text/xml');
  if (errors.length || !doc?.documentElement) throw new MetadataError('The metadata is not well-formed XML.');
  const entity = [doc.documentElement, ...Array.from(doc.getElementsByTagNameNS(MD, 'EntityDescriptor'))].find(
    (e) =>
      e.namespaceURI === MD &&
      e.localName === 'EntityDescriptor' &&
      e.getElementsByTagNameNS(MD, 'IDPSSODescriptor').length > 0,
  );
  if (!entity)
    throw new MetadataError(
      'The metadata describes no identity provider (no EntityDescriptor with an IDPSSODescriptor).',
    );
  const idp = entity.getElementsByTagNameNS(MD, 'IDPSSODescriptor')[0]!;
  const idpEntityId = entity.getAttribute('entityID') ?? '';
  if (!idpEntityId) throw new MetadataError('The metadata has no entityID.');
  const sso = Array.from(idp.getElementsByTagNameNS(MD, 'SingleSignOnService')).find(
    (s) => s.getAttribute('Binding') === REDIRECT_BINDING,
  );
  const idpSsoUrl = sso?.getAttribute('Location') ?? '';
  if (!/^https?:\/\//.test(idpSsoUrl))
    throw new MetadataError('The identity provider offers no SingleSignOnService with the HTTP-Redirect binding.');
  const idpCertificates = Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor'))
    .filter((k) => k.getAttribute('use') !== 'encryption')
    .flatMap((k) =>
      Array.from(k.getElementsByTagNameNS(DSIG, 'X509Certificate')).map((c) =>
        (c.textContent ?? '').replace(/\s+/g, ''),
      ),
    )
    .filter((c, i, all) => c && all.indexOf(c) === i);
  if (!idpCertificates.length) throw new MetadataError('The metadata has no signing certificate.');
  for (const c of idpCertificates) certificateInfo(c);
  return { idpEntityId, idpSsoUrl, idpCertificates };
}

/** Subject and validity of a base64 DER certificate, for the settings page; throws MetadataError when it is not one. */
export function certificateInfo(base64: string): { subject: string; validTo: string } {
  try {
    const cert = new X509Certificate(Buffer.from(base64, 'base64'));
    return { subject: cert.subject.replace(/\n/g, ', '), validTo: new Date(cert.validTo).toISOString() };
  } catch {
    throw new MetadataError('A certificate in the metadata could not be read.');
  }
}

/** Plain HTTP only for a provider on this machine (development, tests), as for OpenID Connect. */
const isLoopback = (url: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url);

/** Fetches and parses the metadata URL; a network failure or a bad answer is a MetadataError in words. */
export async function fetchIdpMetadata(url: string): Promise<IdpMetadata> {
  if (!url.startsWith('https://') && !isLoopback(url))
    throw new MetadataError('The metadata URL must start with https:// (plain http only for localhost).');
  let text: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_S * 1000), redirect: 'follow' });
    if (!res.ok) throw new MetadataError(`The metadata URL answered ${res.status}.`);
    text = await res.text();
  } catch (err) {
    if (err instanceof MetadataError) throw err;
    const e = err as { name?: string; cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError')
      throw new MetadataError(`The metadata URL did not answer within ${FETCH_TIMEOUT_S} seconds.`);
    throw new MetadataError(
      `The metadata URL could not be reached (${e.cause?.code ?? e.cause?.message ?? 'network error'}).`,
    );
  }
  if (text.length > MAX_METADATA_BYTES) throw new MetadataError('The metadata is larger than 1 MB.');
  return parseIdpMetadata(text);
}
