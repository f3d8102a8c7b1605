import { CORE_GROUP, CORE_USER, ENTERPRISE_USER } from './attributes';
import { BULK_MAX_OPERATIONS } from './bulk';
import { MAX_RESULTS } from './query';

/** The discovery documents of RFC 7644 §4: what this service provider supports. */
/** `maxPayloadSize` is the server's body limit: a bulk request is one body. */
export function serviceProviderConfig(baseUrl: string, maxPayloadSize: number) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'A SCIM token created by an Owner or Admin in Roster settings.',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: CORE_USER,
      schemaExtensions: [{ schema: ENTERPRISE_USER, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group (a Roster team)',
      schema: CORE_GROUP,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

type Attr = Record<string, unknown>;
const attr = (name: string, o: Partial<Attr> = {}): Attr => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...o,
});
const multi = (name: string, subs: Attr[]) => attr(name, { type: 'complex', multiValued: true, subAttributes: subs });
const typed = [attr('value'), attr('display'), attr('type'), attr('primary', { type: 'boolean' })];

export function schemas(baseUrl: string) {
  const doc = (id: string, name: string, description: string, attributes: Attr[]) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    doc(CORE_USER, 'User', 'User Account', [
      attr('userName', { required: true, uniqueness: 'server' }),
      attr('name', {
        type: 'complex',
        subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map(
          (n) => attr(n),
        ),
      }),
      ...['displayName', 'nickName', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone'].map((n) =>
        attr(n),
      ),
      attr('profileUrl', { type: 'reference', referenceTypes: ['external'] }),
      attr('active', { type: 'boolean' }),
      attr('emails', {
        type: 'complex',
        multiValued: true,
        required: true,
        description:
          'Roster needs an email address (its sign-in identifier); a userName that is an email address stands in when emails is absent.',
        subAttributes: typed,
      }),
      multi('phoneNumbers', typed),
      multi('ims', typed),
      multi('photos', typed),
      multi(
        'addresses',
        ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type']
          .map((n) => attr(n))
          .concat(attr('primary', { type: 'boolean' })),
      ),
      attr('groups', {
        type: 'complex',
        multiValued: true,
        mutability: 'readOnly',
        subAttributes: [attr('value', { mutability: 'readOnly' }), attr('display', { mutability: 'readOnly' })],
      }),
      multi('entitlements', typed),
      multi('roles', typed),
      multi('x509Certificates', typed),
    ]),
    doc(ENTERPRISE_USER, 'EnterpriseUser', 'Enterprise User', [
      ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) => attr(n)),
      attr('manager', {
        type: 'complex',
        subAttributes: [
          attr('value', { caseExact: true }),
          attr('$ref', { type: 'reference', referenceTypes: ['User'] }),
          attr('displayName', { mutability: 'readOnly' }),
        ],
      }),
    ]),
    doc(CORE_GROUP, 'Group', 'Group (a Roster team)', [
      attr('displayName', { required: true, uniqueness: 'server' }),
      multi('members', [
        attr('value', { caseExact: true, mutability: 'immutable' }),
        attr('display', { mutability: 'readOnly' }),
        attr('$ref', { type: 'reference', referenceTypes: ['User'], mutability: 'immutable' }),
        attr('type', { mutability: 'immutable', canonicalValues: ['User'] }),
      ]),
    ]),
  ];
}
