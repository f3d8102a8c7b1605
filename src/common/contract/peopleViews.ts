import { z } from 'zod';
import { timestamp } from './common';

/** The list's sort keys (GET /users?sort=<key> or -<key>); docs/decisions/026-people-list-views.md. */
export const LIST_SORT_KEYS = [
  'name',
  'createdAt',
  'email',
  'status',
  'role',
  'lastSignInAt',
  'lastActivityAt',
  'department',
  'location',
  'expiresAt',
] as const;
export type ListSortKey = (typeof LIST_SORT_KEYS)[number];
export type ListSort = ListSortKey | `-${ListSortKey}`;
export const LIST_SORTS = LIST_SORT_KEYS.flatMap((k) => [k, `-${k}`]) as unknown as readonly [ListSort, ...ListSort[]];

/** The People page's address parameters a view keeps (plus `cf.<key>`): the page's own filter names. */
export const VIEW_FILTER_KEYS = [
  'q',
  'status',
  'role',
  'onBreak',
  'engagement',
  'inviteDelivery',
  'deleted',
  'teamId',
  'includeSubteams',
  'groupId',
  'signedIn',
  'department',
  'location',
  'managerId',
  'reportsTo',
] as const;

const columnKey = z.string().min(1).max(120);
export const columnListSchema = z.array(columnKey).min(1).max(40);

/** The People list's columns chosen by the caller (`/me/people-columns`); null: never chosen, the defaults apply. */
export const peopleColumnsSchema = z.object({ columns: z.array(z.string()).nullable() });
export type PeopleColumns = z.infer<typeof peopleColumnsSchema>;
export const putPeopleColumnsBody = z.object({ columns: columnListSchema }).strict();

/**
 * A view's filters: the list's query parameters as the People page writes them in its address (text values,
 * `cf.<key>` included); the server checks them as it checks the list's own query when the view is saved.
 */
export const viewFiltersSchema = z.record(z.string().max(120), z.string().max(200));

export const peopleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  shared: z.boolean(),
  filters: viewFiltersSchema,
  columns: z.array(z.string()),
  sort: z.string(),
  /** Null once the creator of a shared view is erased. */
  ownerId: z.string().nullable(),
  /** The caller may rename, change or delete it (their own, or a shared one for Owners and Admins). */
  canEdit: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type PeopleView = z.infer<typeof peopleViewSchema>;
export const peopleViewListSchema = z.object({ items: z.array(peopleViewSchema) });

export const createPeopleViewBody = z
  .object({
    name: z.string().trim().min(1, 'Name the view.').max(100),
    shared: z.boolean().default(false),
    filters: viewFiltersSchema.default({}),
    columns: columnListSchema,
    sort: z.enum(LIST_SORTS).default('name'),
  })
  .strict();
export type CreatePeopleViewBody = z.input<typeof createPeopleViewBody>;
export const updatePeopleViewBody = z
  .object({
    name: z.string().trim().min(1, 'Name the view.').max(100).optional(),
    shared: z.boolean().optional(),
    filters: viewFiltersSchema.optional(),
    columns: columnListSchema.optional(),
    sort: z.enum(LIST_SORTS).optional(),
  })
  .strict();
export type UpdatePeopleViewBody = z.input<typeof updatePeopleViewBody>;
