/** SAML 2.0 sign-in settings (docs/sso/saml.md): the identity provider from its metadata, the attribute mapping. */
import { http } from '../../shared/api/client';

export interface SamlSettings {
  enabled: boolean;
  displayName: string;
  idpMetadataUrl: string | null;
  idpEntityId: string | null;
  idpSsoUrl: string | null;
  idpCertificates: string[];
  /** Attribute names per field, the first one present in the assertion wins. */
  attributes: { email: string[]; firstName: string[]; lastName: string[]; employeeId: string[] };
  jitCreation: boolean;
  allowedDomains: string[];
}

/** What the identity provider's metadata says, or why it cannot be used. */
export type SamlMetadataReport =
  | { ok: true; idpEntityId: string; idpSsoUrl: string; certificates: { subject: string; validTo: string }[] }
  | { ok: false; message: string };

export type MetadataSource = { url: string } | { xml: string } | Record<string, never>;

export const samlApi = {
  settings: () => http.get<{ saml: SamlSettings }>('/settings'),
  update: (saml: Partial<SamlSettings>) => http.patch<{ saml: SamlSettings }>('/settings', { saml }),
  test: (source: MetadataSource) => http.post<SamlMetadataReport>('/settings/saml/test', source),
  saveMetadata: (source: MetadataSource) => http.post<SamlMetadataReport>('/settings/saml/idp-metadata', source),
};
