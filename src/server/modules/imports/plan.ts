// Over 300 lines on purpose: the whole decision for one CSV row (create, update, skip, refuse, and why) for every import mode is one pure function, so the table reads in one place (docs/decisions/006-imports.md).
import { can, mayAffectCredentials, outranks } from '../access/policy';
import { hrManagedRefusals } from '../users/service';
import type { Role } from '../../../common/domain';
import { csvColumnSql, CSV_PROFILE_COLUMNS } from './columns';
import type { PlanContext, Snapshot } from './context';
import { createRefusals, editRefusal, mayChangeLifecycle, teamMoveRefusals } from './delegation';
import type { Newcomer } from '../groups/newcomers';
import type { CellError, RowInput } from './validate';

export type Action = 'create' | 'update' | 'unchanged' | 'skip' | 'error';

/** What a row will write: column values, custom fields, teams, a status action. */
export interface Write {
  cols: Record<string, unknown>;
  customFields?: Record<string, unknown>;
  /** Unique custom fields whose stored value changes (null: cleared). */
  unique: { key: string; value: string | null }[];
  teamsAdd: string[];
  teamsRemove: string[];
  /** Team paths (as written) to create first: "create missing teams" was ticked. */
  teamsCreate: string[];
  status?: 'deactivate' | 'reactivate';
  /** The manager the row sets, when it changes (for cycle checks and the group refresh of reports). */
  managerId?: string | null;
}

export interface Planned {
  action: Action;
  errors: CellError[];
  changes: Record<string, [unknown, unknown]>;
  userId: string | null;
  write?: Write;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const error = (errors: CellError[], userId: string | null = null): Planned => ({
  action: 'error',
  errors,
  changes: {},
  userId,
});

/**
 * Plans one valid row against the user it matches (or none). Pure: everything it needs is in
 * the context, so the preview (whole file) and each commit chunk (re-planned against locked,
 * current data) decide with the same rules.
 */
export function planRow(row: RowInput, ctx: PlanContext, plannedId: string | null): Planned {
  const { opts } = ctx;
  const found = row.matchKey ? ctx.byKey.get(row.matchKey) : undefined;
  // Someone the caller cannot see does not exist for them (docs/product-rules.md §2: out of scope is "not found").
  const target = found && ctx.visible.has(found.id) ? found : undefined;
  const matchName = opts.matchOn === 'email' ? 'email' : opts.matchOn;
  if (found?.deleted_at)
    return error([
      {
        column: matchName,
        message:
          'This belongs to a deleted user: restore them, or wait until the deletion becomes final (30 days after deletion).',
      },
    ]);
  if (target?.status === 'anonymised')
    return error([{ column: matchName, message: 'This user has been anonymised and cannot be changed.' }]);
  // Updating a deactivated person needs the row to reactivate them (or to keep them deactivated).
  const statusRow = (row.status === 'reactivate' || row.status === 'deactivate') && opts.mode !== 'add';
  if (target?.status === 'deactivated' && !statusRow)
    return error(
      [
        {
          column: matchName,
          message:
            'This email belongs to a deactivated user. Reactivate them instead: put "reactivate" in the status column and import in update or add and update mode.',
        },
      ],
      target.id,
    );
  if (!target) {
    if (found)
      return opts.mode === 'add'
        ? error([{ column: 'email', message: 'Another user already has this email address.' }])
        : notFound(matchName);
    if (opts.mode === 'update') return notFound(matchName);
    return planCreate(row, ctx, plannedId);
  }
  if (opts.mode === 'add')
    return {
      action: 'skip',
      errors: [{ column: null, message: 'This person already exists; add mode does not change existing users.' }],
      changes: {},
      userId: target.id,
    };
  return planUpdate(row, ctx, target);
}

const notFound = (column: string): Planned => error([{ column, message: `No user matches this ${column}.` }]);

function planCreate(row: RowInput, ctx: PlanContext, plannedId: string | null): Planned {
  const errors: CellError[] = [];
  if (!row.email) errors.push({ column: 'email', message: 'An email address is required to create a user.' });
  else if (ctx.byEmail.has(row.emailNorm!))
    errors.push({ column: 'email', message: 'Another user already has this email address.' });
  if (!row.profile.firstName)
    errors.push({ column: 'firstName', message: 'A first name is required to create a user.' });
  if (row.status)
    errors.push({
      column: 'status',
      message: 'A status action applies to existing users only; leave it blank for new people.',
    });
  const w: Write = { cols: {}, unique: [], teamsAdd: [], teamsRemove: [], teamsCreate: [] };
  const changes: Record<string, [unknown, unknown]> = {};
  const set = (field: string, col: string, value: unknown, shown: unknown = value) => {
    if (value === null || value === undefined || value === '') return;
    w.cols[col] = value;
    changes[field] = [null, shown];
  };
  set('email', 'email', row.email);
  w.cols.email_normalized = row.emailNorm;
  for (const f of CSV_PROFILE_COLUMNS) set(f, csvColumnSql(f), row.profile[f]);
  if (row.role && row.role !== 'learner') roleAllowed(ctx, null, row.role, errors);
  set('role', 'role', row.role);
  if (row.expiresAt) lifecycleAllowed(ctx, errors, 'expiryDate', null);
  set('expiryDate', 'expires_at', row.expiresAt);
  uniqueValues(row, ctx, null, errors);
  customFields(row, ctx, null, w, changes);
  if (row.managerEmail) {
    const m = resolveManager(row.managerEmail, ctx, errors);
    if (m) {
      set('managerEmail', 'manager_id', m, row.managerEmail);
      w.managerId = m;
    }
  }
  teams(row, ctx, null, w, changes, errors);
  errors.push(...createRefusals(ctx.delegation, w.teamsAdd, teamName(ctx), () => newcomer(row, ctx, w)));
  if (errors.length) return error(errors);
  w.cols.custom_fields = JSON.stringify(w.customFields ?? {});
  return { action: 'create', errors: [], changes, userId: plannedId, write: w };
}

/** The person a create row will write, as group rules see them (imports/delegation.ts createRefusals). */
function newcomer(row: RowInput, ctx: PlanContext, w: Write): Newcomer {
  const text = (col: string) => (typeof w.cols[col] === 'string' ? (w.cols[col] as string) : null);
  const manager = row.managerEmail ? ctx.byEmail.get(row.managerEmail) : undefined;
  const above = manager ? manager.manager_path.split('/').filter(Boolean).reverse() : [];
  return {
    email: row.emailNorm ?? null,
    status: NEW_STATUS[ctx.opts.invite],
    role: (w.cols.role as string | undefined) ?? 'learner',
    managerId: w.managerId ?? null,
    department: text('department'),
    location: text('location'),
    jobTitle: text('job_title'),
    language: text('language'),
    hireDate: text('hire_date'),
    customFields: w.customFields ?? {},
    teamIds: w.teamsAdd,
    ancestors: w.managerId ? [w.managerId, ...above] : [],
  };
}

/** A new person's status once the import's invite option has run (imports/write.ts insertUsers). */
const NEW_STATUS = { now: 'invite_pending', scheduled: 'invite_scheduled', none: 'not_invited' } as const;

function planUpdate(row: RowInput, ctx: PlanContext, u: Snapshot): Planned {
  const refused = editRefusal(ctx.delegation, u.id);
  if (refused) return error(refused, u.id);
  const errors: CellError[] = [];
  const w: Write = { cols: {}, unique: [], teamsAdd: [], teamsRemove: [], teamsCreate: [] };
  const changes: Record<string, [unknown, unknown]> = {};
  const set = (
    field: string,
    col: string,
    next: unknown,
    prev: unknown,
    shownNext: unknown = next,
    shownPrev: unknown = prev,
  ) => {
    if (next === undefined || same(next, prev)) return;
    w.cols[col] = next;
    changes[field] = [shownPrev ?? null, shownNext ?? null];
  };
  if (row.emailNorm && row.emailNorm !== u.email_normalized) {
    const owner = ctx.byEmail.get(row.emailNorm);
    if (owner && owner.id !== u.id)
      errors.push({ column: 'email', message: 'Another user already has this email address.' });
    if (!mayAffectCredentials(ctx.actor, u, 'email'))
      errors.push({
        column: 'email',
        message: 'You can only change the email address of people whose role is below yours.',
      });
    set('email', 'email', row.email, u.email);
    w.cols.email_normalized = row.emailNorm;
  }
  for (const f of CSV_PROFILE_COLUMNS) set(f, csvColumnSql(f), row.profile[f], (u as any)[csvColumnSql(f)]);
  if (row.role && row.role !== u.role) roleAllowed(ctx, u, row.role, errors);
  set('role', 'role', row.role, u.role);
  if (row.expiresAt !== undefined && !same(row.expiresAt, iso(u.expires_at))) {
    lifecycleAllowed(ctx, errors, 'expiryDate', u.id);
    // The last-Owner check (people/transitions.ts assertNotLastOwner) runs on the profile, one Owner at a time.
    if (u.role === 'owner' && row.expiresAt)
      errors.push({
        column: 'expiryDate',
        message: "An Owner's end date is set on their profile, where Roster checks that another Owner keeps access.",
      });
  }
  set('expiryDate', 'expires_at', row.expiresAt, iso(u.expires_at));
  if (row.status === 'deactivate' && u.status !== 'deactivated') w.status = 'deactivate';
  if (row.status === 'reactivate' && u.status === 'deactivated') w.status = 'reactivate';
  if (w.status) {
    lifecycleAllowed(ctx, errors, 'status', u.id);
    if (u.id === ctx.actor.userId) errors.push({ column: 'status', message: 'You cannot change your own status.' });
    changes.status = [
      u.status,
      w.status === 'deactivate' ? 'deactivated' : (u.status_before_deactivation ?? 'confirmed'),
    ];
  }
  uniqueValues(row, ctx, u.id, errors);
  customFields(row, ctx, u, w, changes);
  if (row.managerEmail !== undefined) {
    const m = row.managerEmail === null ? null : resolveManager(row.managerEmail, ctx, errors);
    if (m !== undefined && m !== u.manager_id) {
      if (m === u.id) errors.push({ column: 'managerEmail', message: 'A person cannot be their own manager.' });
      const oldEmail = u.manager_id ? (ctx.emailOf.get(u.manager_id) ?? u.manager_id) : null;
      set('managerEmail', 'manager_id', m, u.manager_id, row.managerEmail, oldEmail);
      w.managerId = m;
    }
  }
  teams(row, ctx, u, w, changes, errors);
  // Fields HR manages over SCIM change only there, as through the users API.
  for (const field of hrManagedRefusals(ctx.actor, u, w.cols))
    errors.push({
      column: COLUMN_OF[field] ?? field,
      message: 'This field is managed by HR (SCIM) and can only change there.',
    });
  const changed = Object.keys(changes).length > 0;
  if (changed && u.role === 'owner' && ctx.actor.role !== 'owner' && ctx.actor.type !== 'system')
    errors.push({ column: null, message: 'Only an Owner can change an Owner.' });
  if (errors.length) return error(errors, u.id);
  if (!changed) return { action: 'unchanged', errors: [], changes: {}, userId: u.id };
  if (w.customFields) w.cols.custom_fields = JSON.stringify(w.customFields);
  return { action: 'update', errors: [], changes, userId: u.id, write: w };
}

/** The file column of a field hrManagedRefusals names (the others are named alike). */
const COLUMN_OF: Record<string, string> = { managerId: 'managerEmail', expiresAt: 'expiryDate' };

function roleAllowed(ctx: PlanContext, u: Snapshot | null, role: Role, errors: CellError[]) {
  const a = ctx.actor;
  if (a.type === 'system') return;
  if (!can(a, 'roles.assign'))
    errors.push({ column: 'role', message: 'You may not assign roles; leave the role column blank or "learner".' });
  else if ((role === 'owner' || u?.role === 'owner') && a.role !== 'owner')
    errors.push({ column: 'role', message: 'Only an Owner can give or take the Owner role.' });
  else if (u && u.id === a.userId) errors.push({ column: 'role', message: 'You cannot change your own role.' });
  // The role ladder, as in policy.assertMayAssignRole.
  else if ((u && !mayAffectCredentials(a, u, 'role')) || (role !== 'owner' && !outranks(a, { role })))
    errors.push({
      column: 'role',
      message: 'You can only change the roles of people below you, to roles below yours.',
    });
}

function lifecycleAllowed(ctx: PlanContext, errors: CellError[], column: string, userId: string | null) {
  if (!mayChangeLifecycle(ctx.actor, ctx.delegation, userId))
    errors.push({ column, message: 'You may not change expiry dates or statuses.' });
}

/** The manager by email: someone the caller can see, or a person this same file creates. */
function resolveManager(email: string, ctx: PlanContext, errors: CellError[]): string | undefined {
  const m = ctx.byEmail.get(email);
  if (m && ctx.visible.has(m.id) && !m.deleted_at && m.status !== 'anonymised') return m.id;
  const inFile = ctx.fileCreates.get(email);
  if (inFile) return inFile.id;
  errors.push({
    column: 'managerEmail',
    message: `No user with the email ${email} (neither existing nor created by this file).`,
  });
  return undefined;
}

function uniqueValues(row: RowInput, ctx: PlanContext, userId: string | null, errors: CellError[]) {
  const eid = row.profile.employeeId;
  if (eid) {
    const owner = ctx.employeeIdOwner.get(eid);
    if (owner && owner !== userId)
      errors.push({ column: 'employeeId', message: 'Another user already has this employee ID.' });
  }
  for (const [key, v] of Object.entries(row.customFields)) {
    const f = ctx.fields.get(key)!;
    if (!f.unique || v === null) continue;
    const owner = ctx.cfOwner.get(`${key}\0${String(v).trim().toLowerCase()}`);
    if (owner && owner !== userId)
      errors.push({ column: `cf.${key}`, message: `Another user already has this ${f.label}.` });
  }
}

function customFields(
  row: RowInput,
  ctx: PlanContext,
  u: Snapshot | null,
  w: Write,
  changes: Record<string, [unknown, unknown]>,
) {
  const current = (u?.custom_fields ?? {}) as Record<string, unknown>;
  const next = { ...current };
  for (const [key, v] of Object.entries(row.customFields)) {
    if (same(v, current[key])) continue;
    if (v === null) delete next[key];
    else next[key] = v;
    changes[`cf.${key}`] = [current[key] ?? null, v];
    if (ctx.fields.get(key)!.unique) w.unique.push({ key, value: v === null ? null : String(v).trim().toLowerCase() });
  }
  if (!u || Object.keys(changes).some((c) => c.startsWith('cf.'))) w.customFields = next;
}

/** The teams cell is the person's full list of teams: listed teams are joined, others left. */
function teams(
  row: RowInput,
  ctx: PlanContext,
  u: Snapshot | null,
  w: Write,
  changes: Record<string, [unknown, unknown]>,
  errors: CellError[],
) {
  if (row.teams === undefined) return;
  const current = u ? (ctx.teamsOf.get(u.id) ?? new Set<string>()) : new Set<string>();
  const wanted = new Set<string>();
  for (const [lower, written] of row.teams ?? []) {
    const id = ctx.teamsByPath.get(lower);
    if (id) wanted.add(id);
    else if (!ctx.opts.createMissingTeams)
      errors.push({
        column: 'teams',
        message: `There is no team "${written}" (tick "create missing teams" to create it).`,
      });
    else if (!can(ctx.actor, 'teams.manage'))
      errors.push({ column: 'teams', message: `There is no team "${written}", and you may not create teams.` });
    else w.teamsCreate.push(written);
  }
  w.teamsAdd = [...wanted].filter((id) => !current.has(id));
  w.teamsRemove = [...current].filter((id) => !wanted.has(id));
  if (!w.teamsAdd.length && !w.teamsRemove.length && !w.teamsCreate.length) return;
  if (u) errors.push(...teamMoveRefusals(ctx.delegation, [...w.teamsAdd, ...w.teamsRemove], teamName(ctx)));
  const names = (ids: Iterable<string>) => [...ids].map(teamName(ctx)).sort();
  changes.teams = [u ? names(current) : null, [...names(wanted), ...w.teamsCreate].sort()];
}

/** A team as a file names it (its path of names). */
const teamName = (ctx: PlanContext) => (id: string) => ctx.teamPathById.get(id) ?? id;
