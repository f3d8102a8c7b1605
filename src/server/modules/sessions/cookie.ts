import type { FastifyReply } from 'fastify';
import { MAX_SESSION_ABSOLUTE_HOURS } from '../../../common/contract/settings';
import { SESSION_COOKIE } from './sessions';

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: MAX_SESSION_ABSOLUTE_HOURS * 3600,
  }); // the server ends the session sooner (settings)
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
