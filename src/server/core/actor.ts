import type { Role, TokenScope } from '../../common/domain';

/** Who is acting, as every use case receives it. Built by the auth layer; jobs use SYSTEM. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  /** The user whose rights apply (for a token: its creator). */
  userId: string | null;
  role: Role | null;
  /** Set while an Owner or Admin is signed in as this user. */
  impersonatorId?: string | null;
  /** A session that may only enrol a second factor (docs/decisions/013-second-factor.md). */
  mfaEnrolmentOnly?: boolean;
  tokenId?: string | null;
  /** A token's scope: which /api/v1 routes it reaches (http/tokenScopes.ts). */
  tokenScope?: TokenScope;
  ip?: string | null;
  requestId?: string | null;
  /** Why this happened, when it is a consequence of something else (an import, a job). */
  cause?: string | null;
  /**
   * Effective grants of the user (loaded with the session, access/effective.ts): their own and their profiles',
   * organisation-wide or limited to a team or a dynamic group.
   */
  grants?: { permission: string; teamId: string | null; groupId?: string | null }[];
  /**
   * Where the caller stands, loaded with the session or token in the same query (http/auth.ts), so scope
   * checks of the request need no query of their own: the caller's reporting line (users.line_path) and
   * the paths of the teams their team-limited grants are on. Absent for the system and hand-made actors:
   * access/policy.ts reads them then.
   */
  scope?: { linePath: string | null; teamPaths: string[] };
  /** A SCIM token (HR provisioning): the only caller that may change fields managed by HR. */
  scim?: boolean;
}

export const SYSTEM: Actor = { type: 'system', userId: null, role: null };

export function systemActor(cause: string): Actor {
  return { ...SYSTEM, cause };
}
