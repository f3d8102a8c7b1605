import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { notFound } from '../../core/errors';
import { can, relationTo } from '../access/policy';
import { findUser, toDto } from '../people/repo';
import { isActiveStatus, type ScimUserRow } from './userResource';
import { hrSyncViewSchema } from '../../../common/contract/scim';

/**
 * The HR drift view of one person: the fields HR owns, what HR last sent for each, when HR last wrote,
 * and what the next sync will undo (an admin's reactivation of someone HR deactivated, and the reverse).
 */
export interface HrSyncField {
  field: string;
  hrValue: string | null;
  currentValue: string | null;
  /** What HR's next write of this field does to the current value; null when it changes nothing. */
  pending: string | null;
}

export interface HrSyncView {
  managedByHr: boolean;
  lastSyncAt: string | null;
  /** False for people HR managed before Roster kept HR's values (migration 016) and has not written to since. */
  valuesRecorded: boolean;
  fields: HrSyncField[];
}

const LABELS: Record<string, string> = {
  email: 'email',
  firstName: 'first name',
  lastName: 'last name',
  jobTitle: 'job title',
  language: 'language',
  timeZone: 'time zone',
  phone: 'phone',
  employeeId: 'employee ID',
  department: 'department',
  managerId: 'manager',
};

export function hrSyncView(row: ScimUserRow): HrSyncView {
  if (row.managed_by !== 'scim') return { managedByHr: false, lastSyncAt: null, valuesRecorded: false, fields: [] };
  const hr = row.hr_last_values;
  const dto = toDto(row) as unknown as Record<string, unknown>;
  const fields = (row.hr_managed_fields ?? []).map((field): HrSyncField => {
    if (field === 'status') return statusField(row, hr);
    const hrValue = hr ? (((hr as Record<string, unknown>)[field] as string | null) ?? null) : null;
    const currentValue = (dto[field] as string | null) ?? null;
    const same = field === 'email' ? hrValue?.toLowerCase() === currentValue?.toLowerCase() : hrValue === currentValue;
    const label = LABELS[field] ?? field;
    return {
      field,
      hrValue,
      currentValue,
      pending:
        !hr || same
          ? null
          : hrValue === null
            ? `The next sync will clear the ${label}.`
            : `The next sync will set the ${label} back to "${hrValue}".`,
    };
  });
  return {
    managedByHr: true,
    lastSyncAt: row.hr_synced_at ? new Date(row.hr_synced_at).toISOString() : null,
    valuesRecorded: hr !== null,
    fields,
  };
}

/** HR sends `active`; Roster has statuses. Only a deactivation is undone by HR's "active" (an expiry is Roster's). */
function statusField(row: ScimUserRow, hr: ScimUserRow['hr_last_values']): HrSyncField {
  const hrValue = hr ? (hr.active ? 'active' : 'inactive') : null;
  let pending: string | null = null;
  if (hr?.active && row.status === 'deactivated') pending = 'The next sync will reactivate this person.';
  if (hr && !hr.active && isActiveStatus(row.status)) pending = 'The next sync will deactivate this person.';
  return { field: 'status', hrValue, currentValue: row.status, pending };
}

/** `GET /api/v1/users/:id/hr-sync`: seen by whoever may see the person (404 otherwise, as GET /users/:id). */
export async function hrSyncRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/users/:id/hr-sync',
    { schema: { tags: ['scim'], params: z.object({ id: z.string() }), response: { 200: hrSyncViewSchema } } },
    async (req) => {
      const actor = actorOf(req);
      const user = await findUser(db, req.params.id, { includeDeleted: can(actor, 'people.delete') });
      if (!user || !(await relationTo(db, actor, user)).visible) throw notFound('User');
      return hrSyncView(user as ScimUserRow);
    },
  );
}
