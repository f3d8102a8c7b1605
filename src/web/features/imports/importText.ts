import type { BlankCells, ImportMode, ImportState, RowAction } from './importsApi';

/** Words for modes, policies and actions, shared by the wizard, the list and the help page. */
export const MODE_LABELS: Record<ImportMode, string> = {
  add: 'Add new people only',
  update: 'Update existing people only',
  add_update: 'Add new and update existing people',
};

export const MODE_HELP: Record<ImportMode, string> = {
  add: 'Rows that match nobody create a new person. Rows that match an existing person are skipped and nobody is changed.',
  update: 'Rows that match an existing person update them. A row that matches nobody is an error; nobody is created.',
  add_update: 'Rows that match an existing person update them; rows that match nobody create a new person.',
};

export const BLANK_LABELS: Record<BlankCells, string> = {
  keep: 'Keep the stored value',
  clear: 'Clear the stored value',
};

export const BLANK_HELP: Record<BlankCells, string> = {
  keep: 'An empty cell leaves the person’s current value as it is (fill-in): only cells with a value change anything.',
  clear:
    'An empty cell erases the person’s current value (overwrite): the file becomes the whole truth for its columns. The first name is never cleared.',
};

export const ACTION_LABELS: Record<RowAction, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  skip: 'Skip',
  error: 'Error',
};

/** Plural words for the counts ("3 to create"). */
export const ACTION_COUNT_LABELS: Record<RowAction, string> = {
  create: 'to create',
  update: 'to update',
  unchanged: 'unchanged',
  skip: 'skipped',
  error: 'with errors',
};

export const RESULT_LABELS: Record<RowAction, string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  skip: 'skipped',
  error: 'not imported (errors)',
};

export const STATE_LABELS: Record<ImportState, string> = {
  previewing: 'Preparing preview',
  previewed: 'Ready to commit',
  committing: 'Importing',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

// Light background + dark text of the same hue (AA contrast), like the status badges.
export const ACTION_STYLES: Record<RowAction, { bg: string; fg: string }> = {
  create: { bg: '#e6fcf5', fg: '#087f5b' },
  update: { bg: '#e7f5ff', fg: '#1864ab' },
  unchanged: { bg: '#f1f3f5', fg: '#343a40' },
  skip: { bg: '#fff9db', fg: '#7a4b00' },
  error: { bg: '#fff5f5', fg: '#a51d1d' },
};

export const STATE_STYLES: Record<ImportState, { bg: string; fg: string }> = {
  previewing: { bg: '#f3f0ff', fg: '#5f3dc4' },
  previewed: { bg: '#e7f5ff', fg: '#1864ab' },
  committing: { bg: '#f3f0ff', fg: '#5f3dc4' },
  completed: { bg: '#e6fcf5', fg: '#087f5b' },
  failed: { bg: '#fff5f5', fg: '#a51d1d' },
  cancelled: { bg: '#f1f3f5', fg: '#343a40' },
};

export function matchOnLabel(matchOn: string, customLabels: Map<string, string> = new Map()): string {
  if (matchOn === 'email') return 'Email';
  if (matchOn === 'employeeId') return 'Employee ID';
  const key = matchOn.replace(/^cf\./, '');
  return customLabels.get(key) ?? key;
}

export function delimiterLabel(d: string): string {
  if (d === ',') return 'comma';
  if (d === ';') return 'semicolon';
  if (d === '\t') return 'tab';
  return `“${d}”`;
}

export function encodingLabel(e: string): string {
  return e === 'windows-1252' ? 'Windows-1252' : 'UTF-8';
}
