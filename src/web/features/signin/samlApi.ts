/** SAML 2.0 sign-in settings (docs/sso/saml.md): the identity provider from its metadata, the attribute mapping. */
import { http } from '../../common/api/client';
import type { SamlMetadataReport, SamlSettings } from '../../../common/contract/saml';

export type { SamlSettings } from '../../../common/contract/saml';

/** What the identity provider's metadata says, or why it cannot be used. */
export type { SamlMetadataReport } from '../../../common/contract/saml';

export type MetadataSource = { url: string } | { xml: string } | Record<string, never>;

export const samlApi = {
  settings: () => http.get<{ saml: SamlSettings }>('/settings'),
  update: (saml: Partial<SamlSettings>) => http.patch<{ saml: SamlSettings }>('/settings', { saml }),
  test: (source: MetadataSource) => http.post<SamlMetadataReport>('/settings/saml/test', source),
  saveMetadata: (source: MetadataSource) => http.post<SamlMetadataReport>('/settings/saml/idp-metadata', source),
};
