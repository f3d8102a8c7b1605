import { randomUUID } from 'node:crypto';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden, invalid, notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import { listFields } from '../customFields/customFields';
import {
  VIEW_FILTER_KEYS,
  type CreatePeopleViewBody,
  type PeopleView,
  type UpdatePeopleViewBody,
} from '../../../common/contract/peopleViews';
import { CUSTOM_COLUMN_PREFIX, isCustomColumn } from '../../../common/peopleColumns';
import { assertMayOpenPeopleList } from './peopleListAccess';
import { checkColumns } from './peopleColumns';

/**
 * Saved views of the People list (docs/decisions/026-people-list-views.md): a name, the page's filters, its
 * columns and sort. Personal views are their owner's alone; shared ones are made by Owners and Admins and
 * listed for everyone who may open the list. A view only fills in the list's query: the list itself still
 * applies the viewer's scope, so a shared view opened by a manager shows their reports and nobody else.
 */
const REFUSED = 'You may not use saved views of the People list.';
const mayShare = (actor: Actor) => actor.role === 'owner' || actor.role === 'admin';

interface ViewRow {
  id: string;
  owner_id: string | null;
  name: string;
  shared: boolean;
  filters: Record<string, string>;
  columns: string[];
  sort: string;
  created_at: Date;
  updated_at: Date;
}

const mayEdit = (actor: Actor, v: ViewRow) => (v.shared ? mayShare(actor) : v.owner_id === actor.userId);

function toView(actor: Actor, v: ViewRow): PeopleView {
  return {
    id: v.id,
    name: v.name,
    shared: v.shared,
    filters: v.filters,
    columns: v.columns,
    sort: v.sort,
    ownerId: v.owner_id,
    canEdit: mayEdit(actor, v),
    createdAt: new Date(v.created_at).toISOString(),
    updatedAt: new Date(v.updated_at).toISOString(),
  };
}

/** The page's filter names and the filterable custom fields (`cf.<key>`); anything else is refused. */
async function checkFilters(sql: Sql, filters: Record<string, string>): Promise<Record<string, string>> {
  const filterable = new Set((await listFields(sql)).filter((f) => f.filterable).map((f) => f.key));
  const known = new Set<string>(VIEW_FILTER_KEYS);
  const unknown = Object.keys(filters).filter((k) =>
    isCustomColumn(k) ? !filterable.has(k.slice(CUSTOM_COLUMN_PREFIX.length)) : !known.has(k),
  );
  if (unknown.length)
    throw invalid(
      `Unknown filter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      unknown.map((k) => ({ field: `filters.${k}`, message: 'Not a filter of the People list.' })),
    );
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== ''));
}

/** The caller's own views and every shared view, shared ones first, each group by name. */
export async function listViews(sql: Sql, actor: Actor): Promise<{ items: PeopleView[] }> {
  await assertMayOpenPeopleList(sql, actor, REFUSED);
  const rows = await sql.query<ViewRow>(
    `select * from people_views where shared or owner_id = $1 order by shared desc, lower(name), id`,
    [actor.userId],
  );
  return { items: rows.map((r) => toView(actor, r)) };
}

/** A view the caller may see (their own or shared), locked for a change; 404 otherwise. */
async function visibleView(tx: Sql, actor: Actor, id: string): Promise<ViewRow> {
  const [v] = await tx.query<ViewRow>(
    `select * from people_views where id = $1 and (shared or owner_id = $2) for update`,
    [id, actor.userId],
  );
  if (!v) throw notFound('View');
  return v;
}

export async function createView(tx: Sql, actor: Actor, input: CreatePeopleViewBody): Promise<PeopleView> {
  await assertMayOpenPeopleList(tx, actor, REFUSED);
  if (input.shared && !mayShare(actor)) throw forbidden('Only Owners and Admins may share a view.');
  const filters = await checkFilters(tx, input.filters ?? {});
  const columns = await checkColumns(tx, input.columns);
  const id = randomUUID();
  const [row] = await tx.query<ViewRow>(
    `insert into people_views (id, owner_id, name, shared, filters, columns, sort, created_at, updated_at)
     values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, now(), now()) returning *`,
    [id, actor.userId, input.name, input.shared ?? false, JSON.stringify(filters), JSON.stringify(columns), input.sort],
  );
  await audit.recordCreated(tx, actor, 'people_view', id, {
    name: input.name,
    shared: row!.shared,
    filterKeys: Object.keys(filters),
    columns,
    sort: row!.sort,
  });
  return toView(actor, row!);
}

export async function updateView(tx: Sql, actor: Actor, id: string, input: UpdatePeopleViewBody): Promise<PeopleView> {
  await assertMayOpenPeopleList(tx, actor, REFUSED);
  const v = await visibleView(tx, actor, id);
  if (!mayEdit(actor, v)) throw forbidden('Only Owners and Admins may change a shared view.');
  if (input.shared !== undefined && input.shared !== v.shared && !mayShare(actor))
    throw forbidden('Only Owners and Admins may share a view.');
  const next = {
    name: input.name ?? v.name,
    shared: input.shared ?? v.shared,
    filters: input.filters ? await checkFilters(tx, input.filters) : v.filters,
    columns: input.columns ? await checkColumns(tx, input.columns) : v.columns,
    sort: input.sort ?? v.sort,
  };
  const [row] = await tx.query<ViewRow>(
    `update people_views set name = $2, shared = $3, filters = $4::jsonb, columns = $5::jsonb, sort = $6, updated_at = now()
      where id = $1 returning *`,
    [id, next.name, next.shared, JSON.stringify(next.filters), JSON.stringify(next.columns), next.sort],
  );
  const summary = (x: typeof next) => ({
    name: x.name,
    shared: x.shared,
    filterKeys: Object.keys(x.filters),
    columns: x.columns,
    sort: x.sort,
  });
  await audit.recordChange(
    tx,
    actor,
    { action: 'people_view.updated', targetType: 'people_view', targetId: id },
    summary(v),
    summary(next),
  );
  return toView(actor, row!);
}

export async function deleteView(tx: Sql, actor: Actor, id: string): Promise<void> {
  await assertMayOpenPeopleList(tx, actor, REFUSED);
  const v = await visibleView(tx, actor, id);
  if (!mayEdit(actor, v)) throw forbidden('Only Owners and Admins may delete a shared view.');
  await tx.query(`delete from people_views where id = $1`, [id]);
  await audit.recordDeleted(tx, actor, 'people_view', id, { name: v.name, shared: v.shared });
}
