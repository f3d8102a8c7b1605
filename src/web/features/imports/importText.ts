import { PROFILE_CSV_COLUMNS } from '../../../common/profileFields';
import { i18next } from '../../i18n';
import { TONES, type Tone } from '../../common/components/StatusBadge';
import type { BlankCells, ImportMode, ImportState, RowAction } from './importsApi';

/**
 * Words for modes, policies, actions and states (namespace imports), shared by the wizard, the list and the
 * help page; read when a component renders, in the UI's language.
 */
export const modeLabel = (m: ImportMode) => i18next.t(`imports:mode.${m}`);
export const modeHelp = (m: ImportMode) => i18next.t(`imports:modeHelp.${m}`);
export const blankLabel = (b: BlankCells) => i18next.t(`imports:blank.${b}`);
export const blankHelp = (b: BlankCells) => i18next.t(`imports:blankHelp.${b}`);
export const actionLabel = (a: RowAction) => i18next.t(`imports:action.${a}`);
/** Plural words for the counts of the plan ("3 to create"). */
export const planLabel = (a: RowAction) => i18next.t(`imports:plan.${a}`);
/** The same counts once imported ("3 created"). */
export const resultLabel = (a: RowAction) => i18next.t(`imports:result.${a}`);
export const stateLabel = (s: ImportState) => i18next.t(`imports:state.${s}`);

export const ACTION_STYLES: Record<RowAction, Tone> = {
  create: TONES.teal,
  update: TONES.blue,
  unchanged: TONES.grey,
  skip: TONES.yellow,
  error: TONES.red,
};

export const STATE_STYLES: Record<ImportState, Tone> = {
  previewing: TONES.violet,
  previewed: TONES.blue,
  committing: TONES.violet,
  completed: TONES.teal,
  failed: TONES.red,
  cancelled: TONES.grey,
};

export function matchOnLabel(matchOn: string, customLabels: Map<string, string> = new Map()): string {
  if (matchOn === 'email') return i18next.t('imports:matchOn.email');
  if (matchOn === 'employeeId') return i18next.t('imports:matchOn.employeeId');
  const key = matchOn.replace(/^cf\./, '');
  return customLabels.get(key) ?? key;
}

export function delimiterLabel(d: string): string {
  if (d === ',') return i18next.t('imports:delimiter.comma');
  if (d === ';') return i18next.t('imports:delimiter.semicolon');
  if (d === '\t') return i18next.t('imports:delimiter.tab');
  return `“${d}”`;
}

export function encodingLabel(e: string): string {
  return e === 'windows-1252' ? 'Windows-1252' : 'UTF-8';
}

/** A changed field's label: the profile field's name, or a custom field's label (`cf.<key>`). */
export function fieldLabel(field: string, customLabels: Map<string, string> = new Map()): string {
  if (field.startsWith('cf.')) return customLabels.get(field.slice(3)) ?? field.slice(3);
  return i18next.t(`imports:field.${field}`, { defaultValue: field });
}

/**
 * The order a row's values are shown in (the staged diff's keys come back in no useful order): the name, the
 * sign-in address, the profile's import columns (src/common/profileFields.ts), the status action.
 */
const NAME = ['firstName', 'lastName'];
const FIELD_ORDER = [...NAME, 'email', ...PROFILE_CSV_COLUMNS.filter((c) => !NAME.includes(c)), 'status'];
export function byFieldOrder(a: string, b: string): number {
  const rank = (f: string) => (FIELD_ORDER.includes(f) ? FIELD_ORDER.indexOf(f) : FIELD_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}
