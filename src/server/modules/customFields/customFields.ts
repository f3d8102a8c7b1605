import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, invalid, notFound } from '../../core/errors';
import { CUSTOM_FIELD_TYPES } from '../../../common/domain';
import type { CustomField } from '../../../common/contract/admin';
import * as audit from '../audit/audit';
import { FIELD_KEY, syncFilterIndex } from './filterIndex';

export const customFieldInputSchema = z
  .object({
    key: z.string().regex(FIELD_KEY, 'Use lower-case letters, digits and _ (starting with a letter).'),
    label: z.string().trim().min(1).max(100),
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(z.string().trim().min(1).max(100)).max(500).default([]),
    filterable: z.boolean().default(false),
    unique: z.boolean().default(false),
    visibleInDirectory: z.boolean().default(false),
    editableByUser: z.boolean().default(false),
  })
  .strict()
  .refine((f) => !f.type.endsWith('select') || f.options.length > 0, {
    message: 'Select fields need options.',
    path: ['options'],
  })
  .refine((f) => !f.unique || ['text', 'number'].includes(f.type), {
    message: 'Only text and number fields can be unique.',
    path: ['unique'],
  });

export const customFieldPatchSchema = z
  .object({
    label: z.string().trim().min(1).max(100).optional(),
    options: z.array(z.string().trim().min(1).max(100)).max(500).optional(),
    filterable: z.boolean().optional(),
    visibleInDirectory: z.boolean().optional(),
    editableByUser: z.boolean().optional(),
  })
  .strict();

/** A custom field as the API shows it (common/contract/admin.ts). */
export type { CustomField };

function toField(r: any): CustomField {
  return {
    key: r.key,
    label: r.label,
    type: r.type,
    options: r.options,
    filterable: r.filterable,
    unique: r.is_unique,
    visibleInDirectory: r.visible_in_directory,
    editableByUser: r.editable_by_user,
  };
}

export async function listFields(sql: Sql): Promise<CustomField[]> {
  return (await sql.query('select * from custom_fields order by created_at, key')).map(toField);
}

export async function getField(sql: Sql, key: string): Promise<CustomField> {
  const rows = await sql.query('select * from custom_fields where key = $1', [key]);
  if (!rows[0]) throw notFound('Custom field');
  return toField(rows[0]);
}

export async function createField(
  tx: Sql,
  actor: Actor,
  input: z.infer<typeof customFieldInputSchema>,
): Promise<CustomField> {
  const rows = await tx.query(
    `insert into custom_fields (key, label, type, options, filterable, is_unique, visible_in_directory, editable_by_user)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (key) do nothing returning *`,
    [
      input.key,
      input.label,
      input.type,
      JSON.stringify(input.options),
      input.filterable,
      input.unique,
      input.visibleInDirectory,
      input.editableByUser,
    ],
  );
  if (!rows[0]) throw new AppError('conflict', `A custom field with the key "${input.key}" already exists.`);
  const field = toField(rows[0]);
  if (field.filterable) await syncFilterIndex(tx, field, true);
  await audit.recordCreated(tx, actor, 'custom_field', field.key, { ...field });
  return field;
}

export async function updateField(
  tx: Sql,
  actor: Actor,
  key: string,
  patch: z.infer<typeof customFieldPatchSchema>,
): Promise<CustomField> {
  const before = await getField(tx, key);
  const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  if (before.type.endsWith('select') && next.options.length === 0)
    throw invalid('Select fields need options.', [{ field: 'options' }]);
  const rows = await tx.query(
    `update custom_fields set label = $2, options = $3, filterable = $4, visible_in_directory = $5, editable_by_user = $6, updated_at = now()
     where key = $1 returning *`,
    [key, next.label, JSON.stringify(next.options), next.filterable, next.visibleInDirectory, next.editableByUser],
  );
  const after = toField(rows[0]);
  if (after.filterable !== before.filterable) await syncFilterIndex(tx, after, after.filterable);
  await audit.recordChange(
    tx,
    actor,
    { action: 'custom_field.updated', targetType: 'custom_field', targetId: key },
    before as any,
    after as any,
  );
  return after;
}

/** Deleting a definition removes its values from every user. */
export async function deleteField(tx: Sql, actor: Actor, key: string): Promise<void> {
  const before = await getField(tx, key);
  await tx.query(`update users set custom_fields = custom_fields - $1 where custom_fields ? $1`, [key]);
  await tx.query('delete from custom_fields where key = $1', [key]);
  await syncFilterIndex(tx, before, false);
  await audit.recordDeleted(tx, actor, 'custom_field', key, { ...before });
}

/**
 * Validates and normalises custom field values against the definitions.
 * null clears a value. Returns the values to merge into the user's stored map.
 */
export function validateValues(fields: CustomField[], input: Record<string, unknown>): Record<string, unknown> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const errors: { field: string; message: string }[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(input)) {
    const f = byKey.get(key);
    const path = `customFields.${key}`;
    if (!f) {
      errors.push({ field: path, message: `There is no custom field "${key}".` });
      continue;
    }
    if (raw === null || raw === '') {
      out[key] = null;
      continue;
    }
    const problem = checkValue(f, raw);
    if (problem) errors.push({ field: path, message: problem });
    else out[key] = f.type === 'text' ? String(raw).trim() : raw;
  }
  if (errors.length) throw invalid('Some custom field values are not valid.', errors);
  return out;
}

function checkValue(f: CustomField, v: unknown): string | null {
  switch (f.type) {
    case 'text':
      return typeof v === 'string' && v.length <= 1000 ? null : 'Expected text (at most 1,000 characters).';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'Expected a number.';
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))
        ? null
        : 'Expected a date like 2026-01-31.';
    case 'boolean':
      return typeof v === 'boolean' ? null : 'Expected true or false.';
    case 'single_select':
      return typeof v === 'string' && f.options.includes(v) ? null : `Expected one of: ${f.options.join(', ')}.`;
    case 'multi_select':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' && f.options.includes(x))
        ? null
        : `Expected a list drawn from: ${f.options.join(', ')}.`;
  }
}

/** Keeps the unique-value index in step with a user's values; a taken value is a 409. */
export async function syncUniqueValues(
  tx: Sql,
  fields: CustomField[],
  userId: string,
  values: Record<string, unknown>,
) {
  for (const f of fields) {
    if (!f.unique || !(f.key in values)) continue;
    await tx.query('delete from custom_field_unique_values where field_key = $1 and user_id = $2', [f.key, userId]);
    const v = values[f.key];
    if (v === null || v === undefined) continue;
    const rows = await tx.query(
      `insert into custom_field_unique_values (field_key, value_normalized, user_id) values ($1, $2, $3)
       on conflict do nothing returning user_id`,
      [f.key, String(v).trim().toLowerCase(), userId],
    );
    if (!rows[0])
      throw new AppError('value_taken', `Another user already has this ${f.label}.`, [
        { field: `customFields.${f.key}` },
      ]);
  }
}
