import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { exportPersonalData } from '../../core/personalData';
import { now } from '../../core/clock';
import type { Sql } from '../../db/index';
import { actorOf } from '../../core/request';
import type { Actor } from '../../core/actor';
import { notFound } from '../../core/errors';
import { assertCanActOn, can } from '../access/policy';
import { idParams, readsById } from '../access/guardedRoutes';
import * as audit from '../audit/audit';
import { findUser } from '../people/repo';
import { readCertificate } from '../people/certificate';
import {
  anonymisationCertificateSchema,
  personalDataRequestSchema,
  personalDataSchema,
  type AnonymisationCertificate,
  type PersonalDataExport,
} from '../../../common/contract/personalData';
import { certificateHtml, personalDataHtml } from './personalDataHtml';
import { downloadOwnExport, requestOwnExport } from './selfExport';

const tokenParams = z.object({ token: z.string().min(1).max(200) });

/**
 * GDPR access request: everything Roster holds about the person, notes included, secrets shown as "set".
 * Owners and Admins only (the people.delete ability, with anonymisation; docs/product-rules.md §2 keeps
 * the audit log and notes of Owners from HR), out of scope → 404; the export is audited.
 */
export async function exportUserData(tx: Sql, actor: Actor, id: string): Promise<PersonalDataExport> {
  const user = await findUser(tx, id, { includeDeleted: can(actor, 'people.delete') });
  if (!user) throw notFound('User');
  await assertCanActOn(tx, actor, user, 'people.delete');
  const data = await exportPersonalData(tx, { id: user.id, emailNormalized: user.email_normalized });
  await audit.record(tx, actor, { action: 'user.personal_data_exported', targetType: 'user', targetId: user.id });
  return { userId: user.id, exportedAt: now().toISOString(), data };
}

/** The certificate of an anonymised person, for those who may anonymise them; 404 before anonymisation. */
async function certificateFor(sql: Sql, actor: Actor, id: string): Promise<AnonymisationCertificate> {
  const user = await findUser(sql, id, { includeDeleted: can(actor, 'people.delete') });
  if (!user) throw notFound('User');
  await assertCanActOn(sql, actor, user, 'people.delete');
  const certificate = await readCertificate(sql, user.id);
  if (!certificate) throw notFound('Anonymisation certificate');
  return certificate;
}

/** Opened as a link, the browser saves it as a file. */
const attachment = (name: string) => `attachment; filename="${name}"`;
const HTML = 'text/html; charset=utf-8';

export async function personalDataRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/users/:id/personal-data',
    { schema: { tags: ['users'], params: idParams, response: { 200: personalDataSchema } } },
    async (req, reply) => {
      const body = await db.tx((tx) => exportUserData(tx, actorOf(req), req.params.id));
      return reply.header('content-disposition', attachment(`personal-data-${body.userId}.json`)).send(body);
    },
  );

  r.get('/users/:id/personal-data.html', { schema: { tags: ['users'], params: idParams } }, async (req, reply) => {
    const body = await db.tx((tx) => exportUserData(tx, actorOf(req), req.params.id));
    return reply
      .type(HTML)
      .header('content-disposition', attachment(`personal-data-${body.userId}.html`))
      .send(personalDataHtml(body));
  });

  readsById(api, ['users'])('/users/:id/anonymisation-certificate', anonymisationCertificateSchema, (actor, id) =>
    certificateFor(db, actor, id),
  );

  r.get(
    '/users/:id/anonymisation-certificate.html',
    { schema: { tags: ['users'], params: idParams } },
    async (req, reply) => {
      const certificate = await certificateFor(db, actorOf(req), req.params.id);
      return reply
        .type(HTML)
        .header('content-disposition', attachment(`anonymisation-certificate-${certificate.userId}.html`))
        .send(certificateHtml(certificate));
    },
  );

  // My profile: the person asks for their own data; the link is emailed (users/selfExport.ts).
  r.post(
    '/me/personal-data-request',
    { schema: { tags: ['me'], response: { 202: personalDataRequestSchema } } },
    async (req, reply) => reply.status(202).send(await db.tx((tx) => requestOwnExport(tx, actorOf(req)))),
  );

  // The emailed link: no session needed (the token is the proof), works once.
  r.get(
    '/personal-data/:token',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags: ['me'], params: tokenParams },
    },
    async (req, reply) => {
      const body = await downloadOwnExport(db, req.params.token);
      return reply
        .type(HTML)
        .header('content-disposition', attachment(`personal-data-${body.userId}.html`))
        .send(personalDataHtml(body));
    },
  );
}
