import type { FastifyReply } from 'fastify';
import type { Actor } from '../../core/actor';
import type { Sql } from '../../db/index';
import { setSessionCookie } from '../sessions/cookie';
import { sessionView } from './sessionView';

/** What every new browser session needs to know: the database, HTTPS-only cookies, the built-in mailbox. */
export interface SessionSite {
  db: Sql;
  secure: boolean;
  mailbox: boolean;
}

/**
 * A browser session begins (sign-in, accepted invitation, "login as" and back): its cookie on the reply, and the
 * session view the UI starts from, for the person it belongs to.
 */
export function beginSession(
  reply: FastifyReply,
  site: SessionSite,
  session: { token: string; csrfToken: string },
  as: Omit<Actor, 'type'>,
) {
  setSessionCookie(reply, session.token, site.secure);
  return sessionView(site.db, { type: 'user', ...as }, session.csrfToken, site.mailbox);
}
