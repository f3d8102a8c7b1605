import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { publishMany } from '../../core/events';
import { userUpdatedData } from '../../core/eventCatalogue';
import type { Role } from '../../../common/domain';
import * as audit from '../audit/audit';
import { auditView, castOf } from './fields';
import type { LifecycleEvent } from './lifecycle';
import type { UserRow } from './repo';
import { decide, recordSteps, type StatusStep } from './transitions';

/**
 * How people are written (docs/ARCHITECTURE.md "How people are written"): createPeople and updatePeople here,
 * applyEvents in transitions.ts. Each takes a set and writes it in a few statements whatever its size (one
 * JSON or unnest parameter per statement), records the audit entries and publishes the domain events in the
 * caller's transaction. The API (users/service.ts), PATCH /me, sign-up and SSO, imports, SCIM, the first Owner
 * and the sweeps all write people through these three; the checks that depend on who asks (access policy,
 * HR-managed fields, unique values) stay with the callers.
 */

/** A person to create: users columns (fields.ts names them) and the lifecycle events to apply at once, in order. */
export interface NewPerson {
  id?: string;
  columns: Record<string, unknown>;
  events?: readonly { event: LifecycleEvent; scheduleAt?: Date }[];
}

const text = (v: unknown) =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString()
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/**
 * Inserts new people, each starting as `not_invited` and taken through its events by the state machine before
 * the row is written (so an import that invites writes each row once), with the status history of every step,
 * `user.created` audit entries and events, then the steps' audit entries and `user.status_changed` events.
 * Rows with the same set of columns go in one statement.
 */
export async function createPeople(tx: Sql, actor: Actor, people: readonly NewPerson[]): Promise<UserRow[]> {
  if (!people.length) return [];
  const at = now();
  const steps: StatusStep[] = [];
  const records = people.map((p) => {
    const id = p.id ?? randomUUID();
    let row = { id, status: 'not_invited', status_before_deactivation: null, status_before_expiry: null } as UserRow;
    steps.push({ userId: id, from: null, to: 'not_invited', event: 'create' });
    for (const e of p.events ?? []) {
      const d = decide({ user: row, event: e.event, scheduleAt: e.scheduleAt }, at);
      steps.push({ userId: id, from: row.status, to: d.next.status, event: e.event, scheduleAt: e.scheduleAt });
      row = {
        ...row,
        ...d.columns,
        status: d.next.status,
        status_before_deactivation: d.next.statusBeforeDeactivation,
        status_before_expiry: d.next.statusBeforeExpiry,
      };
    }
    const lifecycle = {
      status: row.status,
      status_before_deactivation: row.status_before_deactivation,
      status_before_expiry: row.status_before_expiry,
      invited_at: row.invited_at ?? null,
      invite_scheduled_at: row.invite_scheduled_at ?? null,
      confirmed_at: row.confirmed_at ?? null,
    };
    return { id, ...p.columns, ...lifecycle } as Record<string, unknown>;
  });
  const bySet = new Map<string, Record<string, unknown>[]>();
  for (const r of records) {
    const key = Object.keys(r).sort().join(',');
    bySet.set(key, [...(bySet.get(key) ?? []), r]);
  }
  const created = new Map<string, UserRow>();
  for (const [key, rows] of bySet) {
    const cols = key.split(',');
    // One JSON parameter per statement (a text value per column, cast below): cheaper to send than an array per column.
    const inserted = await tx.query<UserRow>(
      `insert into users (${cols.join(', ')})
       select ${cols.map((c) => `v.${c}::${castOf(c)}`).join(', ')}
         from json_to_recordset($1::json) as v(${cols.map((c) => `${c} text`).join(', ')})
       returning *`,
      [JSON.stringify(rows.map((r) => Object.fromEntries(cols.map((c) => [c, text(r[c])]))))],
    );
    for (const u of inserted) created.set(u.id, u);
  }
  const users = records.map((r) => created.get(r.id as string)!);
  await audit.recordMany(
    tx,
    actor,
    users.map((u) => ({
      action: 'user.created' as const,
      targetType: 'user' as const,
      targetId: u.id,
      after: createdView(u),
    })),
  );
  await publishMany(
    tx,
    actor,
    users.map((u) => ({
      type: 'user.created' as const,
      subjectId: u.id,
      data: { status: 'not_invited' as const, role: u.role as Role },
    })),
  );
  await recordSteps(tx, actor, steps);
  return users;
}

/** A new person's audit entry: the fields they were created with, as the person started (`not_invited`). */
function createdView(u: UserRow): Record<string, unknown> {
  const view = auditView({ ...u, status: 'not_invited' });
  return Object.fromEntries(
    Object.entries(view).filter(
      ([k, v]) =>
        k === 'status' || (v !== null && v !== '' && !(k === 'customFields' && !Object.keys(v as object).length)),
    ),
  );
}

/** A change of columns for one locked person. */
export interface PersonChange {
  user: UserRow;
  columns: Record<string, unknown>;
}

/**
 * Writes column changes to locked people: one UPDATE per distinct set of columns, then each person's audit
 * entry (the difference, by API name) and `user.updated` event (the changed fields). Returns the people as
 * written, in the order given; people whose change is empty come back as they were.
 */
export async function updatePeople(tx: Sql, actor: Actor, changes: readonly PersonChange[]): Promise<UserRow[]> {
  const bySet = new Map<string, PersonChange[]>();
  for (const c of changes) {
    const cols = Object.keys(c.columns).sort();
    if (!cols.length) continue;
    const key = cols.join(',');
    bySet.set(key, [...(bySet.get(key) ?? []), c]);
  }
  const written = new Map<string, UserRow>();
  for (const [key, group] of bySet) {
    const cols = key.split(',');
    const rows = await tx.query<UserRow>(
      `update users u set ${cols.map((c) => `${c} = v.${c}::${castOf(c)}`).join(', ')}, updated_at = now()
         from unnest($1::text[], ${cols.map((_, i) => `$${i + 2}::text[]`).join(', ')}) as v(id, ${cols.join(', ')})
        where u.id = v.id returning u.*`,
      [group.map((c) => c.user.id), ...cols.map((col) => group.map((c) => text(c.columns[col])))],
    );
    for (const r of rows) written.set(r.id, r);
  }
  const entries: audit.AuditEvent[] = [];
  for (const c of changes) {
    const after = written.get(c.user.id);
    if (!after) continue;
    const d = audit.diff(auditView(c.user), auditView(after));
    if (d.changed)
      entries.push({
        action: 'user.updated',
        targetType: 'user',
        targetId: c.user.id,
        before: d.before,
        after: d.after,
      });
  }
  await audit.recordMany(tx, actor, entries);
  await publishMany(
    tx,
    actor,
    entries.flatMap((e) => {
      const data = userUpdatedData(e.before!, e.after!);
      return data ? [{ type: 'user.updated' as const, subjectId: e.targetId!, data }] : [];
    }),
  );
  return changes.map((c) => written.get(c.user.id) ?? c.user);
}
