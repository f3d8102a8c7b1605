import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/index';
import { grantsJsonSql, grantTeamPathsSql } from '../modules/access/effective';
import { CONFIG_VERSION_SQL, noteConfigVersion } from '../db/stamped';
import type { Role, TokenScope } from '../../common/domain';
import type { Actor } from '../core/actor';
import { AppError } from '../core/errors';
import { safeEqual, sha256 } from '../core/crypto';
import { SESSION_COOKIE, SESSION_TOUCH_MS, touchSession } from '../modules/sessions/sessions';
import { enrolmentSessionAllows } from '../modules/mfa/policy';
import { SESSION_LIFETIMES_SQL } from '../modules/settings/settings';
import { API_TOKEN_SCOPES } from './tokenScopes';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Resolves the caller from the session cookie or a bearer token, and checks CSRF for cookie sessions. */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db }) => {
  const { db } = opts;
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionInfo', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/')) return;
    const bearer = bearerOf(req);
    if (bearer) {
      req.actor = await actorFromToken(db, bearer, req);
      if (!req.actor) throw new AppError('unauthenticated', 'The API token is not valid or has been revoked.');
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const tokenHash = sha256(cookie);
    const rows = await db.query<{
      user_id: string;
      role: Role;
      csrf_token: string;
      impersonator_id: string | null;
      mfa_enrolment_only: boolean;
      last_seen_at: Date;
      ip: string | null;
      idle_minutes: number;
      absolute_hours: number;
      grants: Actor['grants'];
      line_path: string;
      team_paths: string[];
      config_version: number;
    }>(
      // One round trip for the whole caller (docs/decisions/019-fast-path.md): session, user, role, grants,
      // scope anchor (reporting line, granted teams' paths), the session lifetimes and the config stamp.
      `select s.user_id, u.role, s.csrf_token, s.impersonator_id, s.mfa_enrolment_only, s.last_seen_at, s.ip, l.idle_minutes, l.absolute_hours,
              ${GRANTS_SQL} as grants, u.line_path, ${TEAM_PATHS_SQL} as team_paths, ${CONFIG_VERSION_SQL} as config_version
         from sessions s join users u on u.id = s.user_id cross join ${SESSION_LIFETIMES_SQL} l
        where s.id_hash = $1 and s.expires_at > now()
          and (s.impersonator_id is not null or (s.last_seen_at > now() - make_interval(mins => l.idle_minutes)
                                                 and s.created_at > now() - make_interval(hours => l.absolute_hours)))
          and u.status = 'confirmed' and u.deleted_at is null and (u.expires_at is null or u.expires_at > now())`,
      [tokenHash],
    );
    const s = rows[0];
    if (!s) return;
    noteConfigVersion(s.config_version);
    req.actor = {
      type: 'user',
      userId: s.user_id,
      role: s.role,
      impersonatorId: s.impersonator_id,
      mfaEnrolmentOnly: s.mfa_enrolment_only,
      ip: req.ip,
      requestId: req.id,
      grants: s.grants,
      scope: { linePath: s.line_path, teamPaths: s.team_paths },
    };
    req.sessionInfo = { tokenHash, csrfToken: s.csrf_token };
    // Sessions slide while used, within the idle and absolute lifetimes (settings); a "login as" session
    // keeps its fixed 30-minute end (sessions/sessions.ts touchSession).
    const stale = Date.now() - new Date(s.last_seen_at).getTime() > SESSION_TOUCH_MS;
    if (s.ip === null || stale)
      await touchSession(db, tokenHash, {
        stale,
        idleMinutes: s.idle_minutes,
        absoluteHours: s.absolute_hours,
        ip: req.ip,
        userAgent: req.headers['user-agent']?.slice(0, 500) ?? null,
      });
    if (s.mfa_enrolment_only && !enrolmentSessionAllows(req.method, req.url))
      throw new AppError(
        'mfa_enrolment_required',
        'Your organisation requires a second factor: set one up to continue.',
      );
    // A route whose request is proven otherwise says so in its config (`csrf: false`, core/request.ts).
    if (UNSAFE.has(req.method) && req.routeOptions.config.csrf !== false) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, s.csrf_token))
        throw new AppError(
          'csrf_failed',
          'The request is missing its CSRF token (X-CSRF-Token header). Reload the page and try again.',
        );
    }
  });
});

/**
 * Every /api route needs a caller unless it is marked public; checked before validation, so a
 * signed-out request answers 401 whatever its body (and no route can forget the check).
 */
export const requireCallerPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (req.url.startsWith('/api/v1/') && !req.actor && req.routeOptions.url && !req.routeOptions.config.public)
      throw new AppError('unauthenticated', 'Sign in to continue.');
  });
});

/** The caller's effective grants and the paths of their granted teams (access/effective.ts), over `users u`. */
const GRANTS_SQL = grantsJsonSql('u');
const TEAM_PATHS_SQL = grantTeamPathsSql('u');

interface TokenRow {
  id: string;
  created_by: string;
  role: Role;
  scopes: TokenScope[];
  last_used_at: Date | null;
  grants: Actor['grants'];
  line_path: string;
  team_paths: string[];
  config_version: number;
}

/**
 * The token with this secret, when it is live (not revoked, its creator still confirmed) and has one of these
 * scopes; null otherwise. Each scope opens one surface only, so a token of another scope is refused.
 */
export async function authenticateToken(
  db: Db,
  secret: string,
  scope: TokenScope | readonly TokenScope[],
): Promise<TokenRow | null> {
  const rows = await db.query<TokenRow>(
    `select t.id, t.created_by, u.role, t.scopes, t.last_used_at, ${GRANTS_SQL} as grants,
            u.line_path, ${TEAM_PATHS_SQL} as team_paths, ${CONFIG_VERSION_SQL} as config_version
       from api_tokens t join users u on u.id = t.created_by
      where t.token_hash = $1 and t.revoked_at is null
        and u.status = 'confirmed' and u.deleted_at is null`,
    [sha256(secret)],
  );
  const t = rows[0];
  const wanted: readonly TokenScope[] = typeof scope === 'string' ? [scope] : scope;
  if (!t || !t.scopes.some((s) => wanted.includes(s))) return null;
  noteConfigVersion(t.config_version);
  // "Last used" is shown to admins to the minute; writing it on every request would cost a write per call.
  if (!t.last_used_at || Date.now() - new Date(t.last_used_at).getTime() > 60_000)
    await db.query(`update api_tokens set last_used_at = now() where id = $1`, [t.id]);
  return t;
}

/** The secret of an `Authorization: Bearer …` header, if any. */
export function bearerOf(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
}

async function actorFromToken(db: Db, secret: string, req: FastifyRequest): Promise<Actor | null> {
  // api, learning and events tokens work on /api/v1; which routes each reaches is http/tokenScopes.ts's table.
  const t = await authenticateToken(db, secret, API_TOKEN_SCOPES);
  if (!t) return null;
  return {
    type: 'token',
    userId: t.created_by,
    role: t.role,
    tokenId: t.id,
    tokenScope: t.scopes.find((s) => (API_TOKEN_SCOPES as readonly TokenScope[]).includes(s)),
    ip: req.ip,
    requestId: req.id,
    grants: t.grants,
    scope: { linePath: t.line_path, teamPaths: t.team_paths },
  };
}
