/** CSV import and bulk update (docs/product-rules.md §3): upload → preview job → commit job → people log. */
import type {
  ImportDto as Import,
  ImportState,
  ImportSummary,
  RowAction,
  RowDto as ImportRow,
} from '../../../common/contract/imports';
import { API_BASE, ApiError, getCsrfToken, http } from '../../common/api/client';

const enc = encodeURIComponent;

export type ImportMode = Import['mode'];
export type BlankCells = Import['blankCells'];
export type ImportInvite = Import['invite'];
export type { Import, ImportState, ImportSummary, RowAction, ImportRow };
export { ROW_ACTIONS } from '../../../common/contract/imports';

export interface NewImport {
  file: File;
  mode: ImportMode;
  blankCells: BlankCells;
  matchOn: string;
  invite: ImportInvite;
  inviteAt?: string;
  createMissingTeams: boolean;
}

export interface RowQuery {
  action?: RowAction | null;
  q?: string;
  offset: number;
  limit: number;
}

/** The file goes up as multipart, so this bypasses the JSON helper but keeps its CSRF header and error envelope. */
async function upload(input: NewImport): Promise<Import> {
  const form = new FormData();
  // Fields before the file: a streaming server reads them without buffering the file first.
  form.append('mode', input.mode);
  form.append('blankCells', input.blankCells);
  form.append('matchOn', input.matchOn);
  form.append('invite', input.invite);
  if (input.invite === 'scheduled' && input.inviteAt) form.append('inviteAt', input.inviteAt);
  form.append('createMissingTeams', String(input.createMissingTeams));
  form.append('file', input.file, input.file.name);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const csrf = getCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/imports`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? `Upload failed (${res.status})`,
      err?.details,
    );
  }
  return body as Import;
}

export const importsApi = {
  upload,
  list: () => http.get<{ items: Import[] }>('/imports'),
  get: (id: string) => http.get<Import>(`/imports/${enc(id)}`),
  rows: (id: string, q: RowQuery) =>
    http.get<{ items: ImportRow[]; total: number }>(`/imports/${enc(id)}/rows`, {
      action: q.action ?? undefined,
      q: q.q?.trim() || undefined,
      offset: q.offset,
      limit: q.limit,
    }),
  summary: (id: string) => http.get<ImportSummary>(`/imports/${enc(id)}/summary`),
  /** The whole list of the file's unknown columns to ignore (remembered with the import, checked by the commit). */
  ignoreColumns: (id: string, columns: string[]) =>
    http.put<Import>(`/imports/${enc(id)}/ignored-columns`, { columns }),
  commit: (id: string) => http.post<Import>(`/imports/${enc(id)}/commit`, {}),
  cancel: (id: string) => http.post<Import>(`/imports/${enc(id)}/cancel`, {}),
  logUrl: (id: string) => `${API_BASE}/imports/${enc(id)}/log.csv`,
  templateUrl: `${API_BASE}/imports/template.csv`,
};

/** Still running in the background: the UI polls while in these states. */
export function isRunning(state: ImportState): boolean {
  return state === 'previewing' || state === 'committing';
}
