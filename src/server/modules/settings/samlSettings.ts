import type { SamlSettings } from '../../../common/contract/saml';

// The settings' shape lives in the contract, which the UI reads too.
export { samlSchema, type SamlSettings } from '../../../common/contract/saml';

/** SAML sign-in is offered once it is switched on and the identity provider is known. */
export function samlConfigured(saml: SamlSettings): boolean {
  return Boolean(saml.enabled && saml.idpEntityId && saml.idpSsoUrl && saml.idpCertificates.length);
}
