import { emailSchema } from '../people/schemas';
import type { UserRow } from '../people/repo';
import { INACTIVE_STATUSES } from '../groups/rules';
import { CORE_USER, ENTERPRISE_USER } from './attributes';
import { invalidValue } from './errors';
import { isObject } from './filterEval';
import { canonical, toBoolean, type Shape } from './canonical';

/** A users row with the SCIM columns of migration 008. */
export interface ScimUserRow extends UserRow {
  managed_by: string | null;
  hr_managed_fields: string[];
  deactivated_by_hr: boolean;
  external_id: string | null;
  scim_user_name: string | null;
  scim_extra: Record<string, any>;
  /** What HR last sent (API field names and `active`) and when: migration 016. */
  hr_last_values: (ParsedUser['roster'] & { active: boolean }) | null;
  hr_synced_at: Date | null;
  /** Read with SCIM_USER_COLUMNS (attributes.ts) for manager.displayName. */
  manager_display_name?: string | null;
}

const MULTI_SUBS: Shape = { value: 1, display: 1, type: 1, primary: 1 };
const ADDRESS: Shape = {
  formatted: 1,
  streetAddress: 1,
  locality: 1,
  region: 1,
  postalCode: 1,
  country: 1,
  type: 1,
  primary: 1,
};
const ENTERPRISE_SHAPE: Shape = {
  employeeNumber: 1,
  costCenter: 1,
  organization: 1,
  division: 1,
  department: 1,
  manager: { value: 1, $ref: 1, displayName: 1 },
};
/** What a User may carry (RFC 7643 §4.1, §4.3); other keys are ignored, in any letter case. */
export const USER_SHAPE: Shape = {
  schemas: 1,
  id: 1,
  externalId: 1,
  userName: 1,
  displayName: 1,
  nickName: 1,
  profileUrl: 1,
  title: 1,
  userType: 1,
  preferredLanguage: 1,
  locale: 1,
  timezone: 1,
  active: 1,
  name: { formatted: 1, familyName: 1, givenName: 1, middleName: 1, honorificPrefix: 1, honorificSuffix: 1 },
  emails: [MULTI_SUBS],
  phoneNumbers: [MULTI_SUBS],
  ims: [MULTI_SUBS],
  photos: [MULTI_SUBS],
  entitlements: [MULTI_SUBS],
  roles: [MULTI_SUBS],
  x509Certificates: [MULTI_SUBS],
  addresses: [ADDRESS],
  [ENTERPRISE_USER]: ENTERPRISE_SHAPE,
};

/** Roster profile values a SCIM User sets (API field names), plus what only SCIM keeps. */
export interface ParsedUser {
  userName: string;
  externalId: string | null;
  active: boolean;
  roster: {
    email: string;
    firstName: string;
    lastName: string;
    jobTitle: string | null;
    language: string | null;
    timeZone: string | null;
    phone: string | null;
    employeeId: string | null;
    department: string | null;
    managerId: string | null;
  };
  extra: Record<string, unknown>;
}

const str = (v: unknown, field: string, max = 200): string | null => {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' && typeof v !== 'number') throw invalidValue(`"${field}" must be a string.`);
  const s = String(v).trim();
  if (s.length > max) throw invalidValue(`"${field}" is longer than ${max} characters.`);
  return s || null;
};

/** The element Roster reads a single value from: primary, else type "work", else the first. */
export function chooseElement(list: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) return undefined;
  const els = list.filter(isObject);
  return (
    els.find((e) => e.primary === true) ?? els.find((e) => String(e.type ?? '').toLowerCase() === 'work') ?? els[0]
  );
}

export function parseUser(body: unknown): ParsedUser {
  if (!isObject(body)) throw invalidValue('The request body must be a User object.');
  const u = canonical(body, USER_SHAPE) as Record<string, any>;
  const userName = str(u.userName, 'userName', 256);
  if (!userName) throw invalidValue('"userName" is required.');
  const ent = (u[ENTERPRISE_USER] ?? {}) as Record<string, any>;
  const name = (u.name ?? {}) as Record<string, any>;
  const emails = normaliseList(u.emails, 'emails');
  const chosen = chooseElement(emails);
  const emailCandidate =
    str(chosen?.value, 'emails.value', 254) ?? (emailSchema.safeParse(userName).success ? userName : null);
  if (!emailCandidate)
    throw invalidValue('Roster needs an email address: send "emails" (or a userName that is an email address).');
  const email = emailSchema.safeParse(emailCandidate);
  if (!email.success)
    throw invalidValue(`"${emailCandidate.slice(0, 100)}" is not a valid email address (emails.value).`);
  const displayName = str(u.displayName, 'displayName');
  const firstName = (
    str(name.givenName, 'name.givenName', 100) ??
    displayName?.slice(0, 100) ??
    userName.slice(0, 100)
  ).trim();
  const language = str(u.preferredLanguage, 'preferredLanguage', 35)?.replace(/_/g, '-') ?? null;
  if (language && !/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language))
    throw invalidValue(`"preferredLanguage" is not a language tag.`);
  const timeZone = str(u.timezone, 'timezone', 64);
  if (timeZone && !validTimeZone(timeZone)) throw invalidValue('"timezone" is not an IANA time zone name.');
  const phones = normaliseList(u.phoneNumbers, 'phoneNumbers');
  const manager = ent.manager;
  const managerId = str(isObject(manager) ? manager.value : manager, 'manager.value', 100);
  const extra = stripEmpty({
    displayName,
    nickName: str(u.nickName, 'nickName'),
    profileUrl: str(u.profileUrl, 'profileUrl', 2000),
    userType: str(u.userType, 'userType'),
    locale: str(u.locale, 'locale', 35),
    name: stripEmpty({
      formatted: str(name.formatted, 'name.formatted'),
      middleName: str(name.middleName, 'name.middleName'),
      honorificPrefix: str(name.honorificPrefix, 'name.honorificPrefix'),
      honorificSuffix: str(name.honorificSuffix, 'name.honorificSuffix'),
    }),
    emails,
    phoneNumbers: phones,
    addresses: normaliseList(u.addresses, 'addresses'),
    ims: normaliseList(u.ims, 'ims'),
    photos: normaliseList(u.photos, 'photos'),
    entitlements: normaliseList(u.entitlements, 'entitlements'),
    roles: normaliseList(u.roles, 'roles'),
    x509Certificates: normaliseList(u.x509Certificates, 'x509Certificates'),
    enterprise: stripEmpty({
      organization: str(ent.organization, 'organization'),
      division: str(ent.division, 'division'),
      costCenter: str(ent.costCenter, 'costCenter'),
    }),
  });
  return {
    userName,
    externalId: str(u.externalId, 'externalId', 256),
    active: u.active === undefined || u.active === null ? true : toBoolean(u.active, 'active'),
    roster: {
      email: email.data,
      firstName,
      lastName: str(name.familyName, 'name.familyName', 100) ?? '',
      jobTitle: str(u.title, 'title'),
      language: language ? language.replace(/^[A-Za-z]+/, (p) => p.toLowerCase()) : null,
      timeZone,
      phone: str(chooseElement(phones)?.value, 'phoneNumbers.value', 50),
      employeeId: str(ent.employeeNumber, 'employeeNumber', 100),
      department: str(ent.department, 'department'),
      managerId,
    },
    extra,
  };
}

/** Multi-valued attributes keep only objects, with `primary` as a boolean and at most one primary. */
function normaliseList(v: unknown, field: string): Record<string, unknown>[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidValue(`"${field}" must be a list.`);
  if (v.length > 50) throw invalidValue(`"${field}" has more than 50 values.`);
  let seenPrimary = false;
  const out = v.filter(isObject).map((el) => {
    const copy = stripEmpty({ ...el });
    if ('primary' in copy) {
      const p = toBoolean(copy.primary, `${field}.primary`) && !seenPrimary;
      seenPrimary ||= p;
      copy.primary = p;
    }
    return copy;
  });
  return out.length ? out : undefined;
}

function stripEmpty(o: Record<string, unknown>): Record<string, any> {
  return Object.fromEntries(
    Object.entries(o).filter(
      ([, v]) => v !== undefined && v !== null && v !== '' && !(isObject(v) && Object.keys(v).length === 0),
    ),
  );
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The fields SCIM controls for a user (API names): identity and status always, the rest when HR sends them. */
export function hrManagedFields(p: ParsedUser): string[] {
  const fields = ['email', 'firstName', 'lastName', 'status'];
  for (const [k, v] of Object.entries(p.roster)) if (v !== null && !fields.includes(k)) fields.push(k);
  return fields;
}

const iso = (d: Date) => new Date(d).toISOString();

/** SCIM `active`: false for the statuses Roster counts as inactive (USER_ACTIVE_SQL is the same in SQL). */
export const isActiveStatus = (status: string): boolean => !(INACTIVE_STATUSES as readonly string[]).includes(status);

/** A users row as a SCIM User (the one rendering every response and the evaluator see). */
export function renderUser(row: ScimUserRow, baseUrl: string): Record<string, unknown> {
  const x = row.scim_extra ?? {};
  const name = stripEmpty({ ...(x.name ?? {}), givenName: row.first_name || null, familyName: row.last_name || null });
  const enterprise = stripEmpty({
    employeeNumber: row.employee_id,
    department: row.department,
    ...(x.enterprise ?? {}),
    manager: row.manager_id
      ? stripEmpty({
          value: row.manager_id,
          $ref: `${baseUrl}/Users/${row.manager_id}`,
          displayName: row.manager_display_name,
        })
      : null,
  });
  const resource = stripEmpty({
    schemas: Object.keys(enterprise).length ? [CORE_USER, ENTERPRISE_USER] : [CORE_USER],
    id: row.id,
    externalId: row.external_id,
    userName: row.scim_user_name,
    name,
    displayName: x.displayName || `${row.first_name} ${row.last_name}`.trim(),
    nickName: x.nickName,
    profileUrl: x.profileUrl,
    title: row.job_title,
    userType: x.userType,
    preferredLanguage: row.language,
    locale: x.locale,
    timezone: row.time_zone,
    active: isActiveStatus(row.status),
    emails: x.emails,
    phoneNumbers: x.phoneNumbers,
    addresses: x.addresses,
    ims: x.ims,
    photos: x.photos,
    entitlements: x.entitlements,
    roles: x.roles,
    x509Certificates: x.x509Certificates,
    [ENTERPRISE_USER]: enterprise,
  });
  resource.meta = {
    resourceType: 'User',
    created: iso(row.created_at),
    lastModified: iso(row.updated_at),
    location: `${baseUrl}/Users/${row.id}`,
  };
  return resource;
}
