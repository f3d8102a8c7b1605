import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { invalid } from '../../core/errors';
import { assertCan, can } from '../access/policy';
import { nameActors, type NamedAuditEntry } from '../access/auditActors';
import { assertMayOpenPeopleList } from '../users/peopleListAccess';
import * as audit from '../audit/audit';
import { auditQuerySchema, matchingAudit } from '../audit/query';
import { listFields, type CustomField } from '../customFields/customFields';
import { matchingUsers } from '../users/list';
import { toDto } from '../people/repo';
import { listQuerySchema, type UserDto } from '../people/schemas';
import { FORMATS, type Cell, type Format } from './spreadsheet';
import type { DownloadTable } from './download';

const exportOptions = {
  format: z.enum(FORMATS).default('csv'),
  /** Column keys, comma-separated, in order (default: the list's own columns). */
  columns: z.string().max(2000).optional(),
};
export const userExportQuerySchema = listQuerySchema.omit({ limit: true, cursor: true }).extend(exportOptions);
export const auditExportQuerySchema = auditQuerySchema.omit({ limit: true, cursor: true }).extend(exportOptions);

/** What a download needs (the rows in batches, pulled as they are written), and how many rows it has. */
export interface TableExport extends DownloadTable {
  total: number;
}

interface Column<T> {
  label: string;
  value: (row: T) => Cell;
}

const text = (v: unknown): Cell => (v === null || v === undefined ? null : typeof v === 'number' ? v : String(v));

/** People columns: the API field names of a user (docs/decisions/012-exports-and-activity.md), plus cf.<key>. */
const USER_COLUMNS: Record<string, Column<UserDto>> = {
  id: { label: 'ID', value: (u) => u.id },
  firstName: { label: 'First name', value: (u) => u.firstName },
  lastName: { label: 'Last name', value: (u) => u.lastName },
  email: { label: 'Email', value: (u) => u.email },
  status: { label: 'Status', value: (u) => u.status },
  role: { label: 'Role', value: (u) => u.role },
  employeeId: { label: 'Employee ID', value: (u) => u.employeeId },
  jobTitle: { label: 'Job title', value: (u) => u.jobTitle },
  department: { label: 'Department', value: (u) => u.department },
  location: { label: 'Location', value: (u) => u.location },
  phone: { label: 'Phone', value: (u) => u.phone },
  language: { label: 'Language', value: (u) => u.language },
  timeZone: { label: 'Time zone', value: (u) => u.timeZone },
  hireDate: { label: 'Hire date', value: (u) => u.hireDate },
  managerId: { label: 'Manager ID', value: (u) => u.managerId },
  photoUrl: { label: 'Photo URL', value: (u) => u.photoUrl },
  onBreak: { label: 'On a break', value: (u) => String(u.onBreak) },
  breakUntil: { label: 'Break until', value: (u) => u.breakUntil },
  expiresAt: { label: 'Expires', value: (u) => u.expiresAt },
  invitedAt: { label: 'Invited', value: (u) => u.invitedAt },
  inviteScheduledAt: { label: 'Invitation scheduled for', value: (u) => u.inviteScheduledAt },
  confirmedAt: { label: 'Confirmed', value: (u) => u.confirmedAt },
  engagement: { label: 'Engagement', value: (u) => u.engagement },
  firstLearningActivityAt: { label: 'First learning activity', value: (u) => u.firstLearningActivityAt },
  lastSignInAt: { label: 'Last sign-in', value: (u) => u.lastSignInAt },
  lastActivityAt: { label: 'Last activity', value: (u) => u.lastActivityAt },
  managedBy: { label: 'Managed by', value: (u) => u.managedBy },
  createdAt: { label: 'Created', value: (u) => u.createdAt },
  updatedAt: { label: 'Updated', value: (u) => u.updatedAt },
  deletedAt: { label: 'Deleted', value: (u) => u.deletedAt },
};
/** The People list's own columns (name, email, status, role, created). */
const DEFAULT_USER_COLUMNS = ['firstName', 'lastName', 'email', 'status', 'role', 'createdAt'];

const json = (v: unknown): Cell => (v === null || v === undefined ? null : JSON.stringify(v));
/** Who acted, as the Audit page names them for this reader (access/auditActors.ts). */
function actorText({ actor, impersonator }: NamedAuditEntry): string {
  const who =
    actor.kind === 'person'
      ? (actor.name ?? 'A person you cannot see')
      : actor.kind === 'hr_token'
        ? actor.name
          ? `HR sync token '${actor.name}'`
          : 'HR sync token'
        : actor.kind === 'api_token'
          ? actor.name
            ? `API token '${actor.name}'`
            : 'API token'
          : 'System';
  return impersonator ? `${who} (impersonated by ${impersonator.name ?? 'a person you cannot see'})` : who;
}

const AUDIT_COLUMNS: Record<string, Column<NamedAuditEntry>> = {
  id: { label: 'ID', value: (e) => e.id },
  at: { label: 'When', value: (e) => e.at },
  actor: { label: 'Actor', value: actorText },
  actorId: { label: 'Actor ID', value: (e) => e.actorId },
  actorType: { label: 'Actor type', value: (e) => e.actorType },
  impersonatorId: { label: 'Impersonator ID', value: (e) => e.impersonatorId },
  action: { label: 'Action', value: (e) => e.action },
  targetType: { label: 'Target type', value: (e) => e.targetType },
  targetId: { label: 'Target ID', value: (e) => e.targetId },
  before: { label: 'Before', value: (e) => json(e.before) },
  after: { label: 'After', value: (e) => json(e.after) },
  ip: { label: 'IP address', value: (e) => e.ip },
  cause: { label: 'Cause', value: (e) => e.cause },
};
/** The Audit page's own columns. */
const DEFAULT_AUDIT_COLUMNS = ['at', 'actor', 'actorId', 'action', 'targetType', 'targetId', 'before', 'after', 'ip'];

function customFieldColumn(f: CustomField): Column<UserDto> {
  return {
    label: f.label,
    value: (u) => {
      const v = u.customFields[f.key];
      return Array.isArray(v) ? v.join('|') : text(v);
    },
  };
}

/** The requested column keys, each known to this catalogue (400 listing the unknown ones otherwise). */
function pickColumns<T>(
  requested: string | undefined,
  defaults: string[],
  known: (key: string) => Column<T> | undefined,
) {
  const keys =
    requested === undefined
      ? defaults
      : [
          ...new Set(
            requested
              .split(',')
              .map((k) => k.trim())
              .filter(Boolean),
          ),
        ];
  if (!keys.length) throw invalid('Choose at least one column.', [{ field: 'columns', message: 'Empty.' }]);
  const unknown = keys.filter((k) => !known(k));
  if (unknown.length)
    throw invalid(
      `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
      unknown.map((k) => ({ field: 'columns', message: `"${k}" is not a column.` })),
    );
  return { keys, columns: keys.map((k) => known(k)!) };
}

const own = <T>(catalogue: Record<string, T>, key: string) =>
  Object.hasOwn(catalogue, key) ? catalogue[key] : undefined;

async function* mapBatches<T>(batches: AsyncIterable<T[]>, columns: Column<T>[]): AsyncGenerator<Cell[][]> {
  for await (const batch of batches) yield batch.map((row) => columns.map((c) => c.value(row)));
}

/** Free text in a filter (the search box, custom field values) may be personal: the audit entry keeps only that it was set. */
function filterForAudit(filters: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(filters)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, k === 'q' || k.startsWith('cf.') ? '[text]' : v]),
  );
}

/** What a download is called and the audit entry it leaves. */
interface ExportFile {
  action: audit.AuditAction;
  fileBase: string;
  sheetName: string;
}
const PEOPLE_FILE: ExportFile = { action: 'users.exported', fileBase: 'people', sheetName: 'People' };
const AUDIT_FILE: ExportFile = { action: 'audit.exported', fileBase: 'audit-log', sheetName: 'Audit log' };

/**
 * One catalogue's rows as a download, recorded in the audit log (the file's action, with the chosen columns, the
 * filter as filterForAudit keeps it and the row count) before the first row is read.
 */
async function auditedExport<T>(
  sql: Sql,
  actor: Actor,
  { action, fileBase, sheetName }: ExportFile,
  e: {
    format: Format;
    filters: Record<string, unknown>;
    keys: string[];
    columns: Column<T>[];
    total: number;
    rows: AsyncIterable<T[]>;
  },
): Promise<TableExport> {
  await audit.record(sql, actor, {
    action,
    after: { format: e.format, columns: e.keys, filter: filterForAudit(e.filters), rows: e.total },
  });
  return {
    format: e.format,
    fileBase,
    sheetName,
    header: e.columns.map((c) => c.label),
    total: e.total,
    batches: mapBatches(e.rows, e.columns),
  };
}

/** Everyone the People list's filters match in the actor's scope; recorded in the audit log before the first row. */
export async function exportUsers(
  sql: Sql,
  actor: Actor,
  input: z.infer<typeof userExportQuerySchema>,
): Promise<TableExport> {
  const { format, columns: requested, ...filters } = input;
  await assertMayOpenPeopleList(sql, actor, 'You may not export the People list.');
  const fields = new Map((await listFields(sql)).map((f) => [f.key, f]));
  const { keys, columns } = pickColumns(requested, DEFAULT_USER_COLUMNS, (key) => {
    const field = key.startsWith('cf.') ? fields.get(key.slice(3)) : undefined;
    return field ? customFieldColumn(field) : own(USER_COLUMNS, key);
  });
  const { total, batches } = await matchingUsers(sql, actor, filters);
  const dtos = async function* () {
    for await (const batch of batches) yield batch.map(toDto);
  };
  return auditedExport(sql, actor, PEOPLE_FILE, { format, filters, keys, columns, total, rows: dtos() });
}

/** The audit entries the Audit page's filters match (audit.read); recorded in the audit log itself. */
export async function exportAudit(
  sql: Sql,
  actor: Actor,
  input: z.infer<typeof auditExportQuerySchema>,
): Promise<TableExport> {
  const { format, columns: requested, ...filters } = input;
  assertCan(actor, 'audit.read');
  const { keys, columns } = pickColumns(requested, DEFAULT_AUDIT_COLUMNS, (key) => own(AUDIT_COLUMNS, key));
  const { total, batches } = await matchingAudit(sql, filters, { readsNotes: can(actor, 'notes') });
  const named = async function* () {
    for await (const batch of batches) yield nameActors(sql, actor, batch);
  };
  return auditedExport(sql, actor, AUDIT_FILE, { format, filters, keys, columns, total, rows: named() });
}
