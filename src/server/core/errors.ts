/**
 * One error vocabulary. Domain code throws AppError with a stable code; the HTTP layer maps
 * the code to a status and renders the envelope from docs/api.md. Domain code never imports HTTP.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  import_invalid_file: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_deactivated: 403,
  account_expired: 403,
  account_not_confirmed: 403,
  forbidden: 403,
  csrf_failed: 403,
  mfa_enrolment_required: 403,
  not_found: 404,
  email_taken: 409,
  employee_id_taken: 409,
  value_taken: 409,
  invalid_transition: 409,
  conflict: 409,
  last_owner: 409,
  managed_by_hr: 409,
  invitation_expired: 410,
  invitation_used: 410,
  invitation_revoked: 410,
  link_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  database_timeout: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found.`);
export const forbidden = (message = 'You are not allowed to do this.') => new AppError('forbidden', message);
export const invalid = (message: string, details?: unknown) => new AppError('validation_failed', message, details);

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}
