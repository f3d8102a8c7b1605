import { AppError } from '../../core/errors';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** RFC 7644 §3.12 scimType values. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/** An error to answer in the SCIM error format; domain AppErrors are translated by `toScimError`. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: ScimType | null,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function errorBody(e: ScimError): ScimErrorBody {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(e.status),
    ...(e.scimType ? { scimType: e.scimType } : {}),
    detail: e.detail,
  };
}

/** Any error thrown while serving /scim/v2, as a ScimError (unknown errors become a 500 without internals). */
export function toScimError(err: unknown): ScimError {
  if (err instanceof ScimError) return err;
  if (err instanceof AppError) {
    switch (err.code) {
      case 'email_taken':
      case 'employee_id_taken':
      case 'value_taken':
        return new ScimError(409, 'uniqueness', err.message);
      case 'validation_failed':
        return new ScimError(400, 'invalidValue', detailOf(err));
      case 'invalid_transition':
      case 'last_owner':
      case 'conflict':
        return new ScimError(409, null, err.message);
      case 'not_found':
        return new ScimError(404, null, err.message);
      case 'forbidden':
        return new ScimError(403, null, err.message);
      case 'unauthenticated':
        return new ScimError(401, null, err.message);
      default:
        return new ScimError(err.status, null, err.message);
    }
  }
  const e = err as { code?: string; statusCode?: number; message?: string };
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ScimError(413, null, 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ScimError(415, null, 'Send JSON with Content-Type: application/scim+json or application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ScimError(400, 'invalidSyntax', 'The request body is not valid JSON.');
    default:
      break;
  }
  if (err instanceof SyntaxError) return new ScimError(400, 'invalidSyntax', 'The request body is not valid JSON.');
  if (e?.statusCode === 429) return new ScimError(429, null, 'Too many requests; wait a moment and try again.');
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return new ScimError(e.statusCode, null, e.message ?? 'Bad request.');
  return new ScimError(500, null, 'Something went wrong on our side. The error has been logged.');
}

function detailOf(err: AppError): string {
  const fields = Array.isArray(err.details) ? err.details.map((d: { field?: string }) => d?.field).filter(Boolean) : [];
  return fields.length ? `${err.message} (${fields.join(', ')})` : err.message;
}

export const notFound = (what: string) => new ScimError(404, null, `${what} not found.`);
export const invalidValue = (detail: string) => new ScimError(400, 'invalidValue', detail);
