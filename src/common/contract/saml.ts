import { z } from 'zod';

/** Email domains (lower-case) that may get an account, as self sign-up and every single sign-on list them. */
export const domainList = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'Not a domain name.'),
  )
  .max(100);
/** Attribute names to read a value from, the first one present wins. */
const attributeNames = (defaults: string[]) =>
  z.array(z.string().trim().min(1).max(300)).min(1).max(10).default(defaults);
/** A signing certificate of the identity provider: base64 DER, as in its metadata (no PEM armour). */
const certificate = z
  .string()
  .min(100)
  .max(20_000)
  .regex(/^[A-Za-z0-9+/]+=*$/, 'Not a base64 certificate (paste it without the BEGIN/END lines and line breaks).');

/**
 * SAML 2.0 single sign-on (docs/decisions/017-saml.md). The identity provider's part comes from its metadata
 * (uploaded or fetched from `idpMetadataUrl`); Roster's entity id and ACS URL follow from PUBLIC_URL.
 * The attribute defaults are the claim URIs of Microsoft Entra ID, then the plain names Okta's guide uses
 * (docs/sso/saml.md), then the standard LDAP OIDs.
 */
const attributesSchema = z
  .object({
    email: attributeNames([
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
      'email',
      'urn:oid:0.9.2342.19200300.100.1.3',
    ]),
    firstName: attributeNames([
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
      'firstName',
      'urn:oid:2.5.4.42',
    ]),
    lastName: attributeNames([
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
      'lastName',
      'urn:oid:2.5.4.4',
    ]),
    employeeId: attributeNames([
      'http://schemas.microsoft.com/identity/claims/employeeid',
      'employeeId',
      'employeeNumber',
      'urn:oid:2.16.840.1.113730.3.1.3',
    ]),
  })
  .strict();

export const samlSchema = z.object({
  enabled: z.boolean().default(false),
  /** Label of the "Sign in with …" button. */
  displayName: z.string().trim().min(1).max(60).default('SAML'),
  idpMetadataUrl: z.url().max(1000).nullable().default(null),
  idpEntityId: z.string().trim().max(1000).nullable().default(null),
  /** The identity provider's SingleSignOnService with the HTTP-Redirect binding. */
  idpSsoUrl: z.url().max(2000).nullable().default(null),
  idpCertificates: z.array(certificate).max(5).default([]),
  attributes: attributesSchema.default(attributesSchema.parse({})),
  jitCreation: z.boolean().default(false),
  allowedDomains: domainList.default([]),
});
export type SamlSettings = z.infer<typeof samlSchema>;

const certificateInfoSchema = z.object({ subject: z.string(), validTo: z.string() });
const idpFoundSchema = z.object({
  ok: z.literal(true),
  idpEntityId: z.string(),
  idpSsoUrl: z.string(),
  idpCertificates: z.array(z.string()),
  certificates: z.array(certificateInfoSchema),
});

/** `POST /settings/saml/test`: what the identity provider's metadata says, or why it could not be read. */
export const samlMetadataReportSchema = z.discriminatedUnion('ok', [
  idpFoundSchema,
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type SamlMetadataReport = z.infer<typeof samlMetadataReportSchema>;

/** `POST /settings/saml/idp-metadata`: the identity provider saved, with Roster's own values for its administrator. */
export const samlMetadataSavedSchema = idpFoundSchema.extend({
  saml: samlSchema,
  spEntityId: z.string(),
  acsUrl: z.string(),
});
