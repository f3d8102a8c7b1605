import { noContent } from '../../../common/contract/common';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { now } from '../../core/clock';
import { actorOf } from '../../core/request';
import { actorAllowedTo } from '../access/guardedRoutes';
import type { Db } from '../../db/index';
import * as audit from '../audit/audit';
import { assertCan } from '../access/policy';
import type { Cell, Format } from '../exports/spreadsheet';
import { sendTable } from '../exports/download';
import { performAction } from '../users/service';
import {
  type Forecast,
  type Movements,
  forecastSchema,
  inactivePageSchema,
  movementsSchema,
  pendingInvitationsSchema,
  remindResultSchema,
  summarySchema,
} from '../../../common/contract/reports';
import { forecast, inactive, movements, pendingInvitations, pendingOlderThan } from './reports';
import { summary } from './summary';
import { dataQuality, fixFinding } from './dataQuality';
import { createSchedule, deleteSchedule, listSchedules } from './schedules';
import { createReportScheduleSchema, reportScheduleSchema } from '../../../common/contract/reportSchedules';
import { dataQualitySchema, fixBodySchema, fixResultSchema } from '../../../common/contract/dataQuality';

const format = z.enum(['json', 'csv', 'xlsx']).default('json');
const inactiveQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(3650).default(90),
    format,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
const pendingQuery = z.object({ format, limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
const movementsQuery = z.object({ format, months: z.coerce.number().int().min(1).max(36).default(12) }).strict();
const forecastQuery = z.object({ format, horizonDays: z.coerce.number().int().min(7).max(730).default(180) }).strict();
const remindBody = z.object({ olderThanDays: z.number().int().min(0).max(3650) }).strict();

/** Reminders sent by one "remind all" (each one a resend of the person's invitation). */
const REMIND_MAX = 1000;
/** The CSV and XLSX of the inactive report are read in pages of this many. */
const EXPORT_BATCH = 1000;

/** Home and the reports (docs/decisions/020-insight.md): Owners, Admins and HR. */
export async function insightRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];

  r.get('/reports/summary', { schema: { tags, response: { 200: summarySchema } } }, async (req) =>
    summary(db, actorOf(req), now()),
  );

  r.get(
    '/reports/inactive',
    { schema: { tags, querystring: inactiveQuery, response: { 200: inactivePageSchema } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { format: f, days, limit, cursor } = req.query;
      const at = now();
      if (f === 'json') {
        const { rows: _rows, ...page } = await inactive(db, actor, at, { days, limit, cursor });
        return page;
      }
      const first = await inactive(db, actor, at, { days, limit: EXPORT_BATCH });
      await recordDownload(db, actor, 'inactive', f, first.total, { days });
      async function* batches(): AsyncIterable<Cell[][]> {
        let page = first;
        for (;;) {
          yield page.items.map((p) => [p.name, p.email, p.role, p.lastSignInAt ?? 'never', p.confirmedAt]);
          if (!page.nextCursor) return;
          page = await inactive(db, actor, at, { days, limit: EXPORT_BATCH, cursor: page.nextCursor });
        }
      }
      return sendTable(reply, {
        format: f,
        fileBase: `inactive-${days}-days`,
        sheetName: 'Inactive',
        header: ['Name', 'Email', 'Role', 'Last sign-in', 'Confirmed'],
        batches: batches(),
      });
    },
  );

  r.get(
    '/reports/pending-invitations',
    { schema: { tags, querystring: pendingQuery, response: { 200: pendingInvitationsSchema } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { format: f, limit } = req.query;
      if (f === 'json') return pendingInvitations(db, actor, now(), { limit });
      const report = await pendingInvitations(db, actor, now(), { limit: 100_000 });
      await recordDownload(db, actor, 'pending-invitations', f, report.total, {});
      return sendTable(reply, {
        format: f,
        fileBase: 'pending-invitations',
        sheetName: 'Pending invitations',
        header: ['Name', 'Email', 'Invited', 'Link expires'],
        batches: once(report.items.map((p) => [p.name, p.email, p.invitedAt, p.linkExpiresAt])),
      });
    },
  );

  r.post(
    '/reports/pending-invitations/remind',
    {
      // Resending an invitation issues a new link: a credential-affecting action (docs/api.md).
      config: { credentials: true },
      schema: { tags, body: remindBody, response: { 200: remindResultSchema } },
    },
    async (req) => {
      const actor = actorAllowedTo(req, 'reports.view');
      assertCan(actor, 'people.invite');
      const ids = await pendingOlderThan(db, now(), req.body.olderThanDays, REMIND_MAX);
      let reminded = 0;
      // The resend use case of POST /users/{id}/invite, one transaction per person: a refusal (rank, scope) skips one.
      for (const id of ids) {
        try {
          await db.tx((tx) => performAction(tx, actor, id, 'invite', {}));
          reminded++;
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
        }
      }
      return { matched: ids.length, reminded, failed: ids.length - reminded };
    },
  );

  r.get('/reports/data-quality', { schema: { tags, response: { 200: dataQualitySchema } } }, async (req) =>
    dataQuality(db, actorOf(req), now()),
  );

  r.post(
    '/reports/data-quality/fix',
    {
      // A new invitation issues a new link: a credential-affecting action, like "remind all".
      config: { credentials: true },
      schema: { tags, body: fixBodySchema, response: { 200: fixResultSchema } },
    },
    async (req) => fixFinding(db, actorOf(req), now(), req.body.kind),
  );

  r.get('/reports/schedules', { schema: { tags, response: { 200: z.array(reportScheduleSchema) } } }, async (req) =>
    listSchedules(db, actorOf(req), now()),
  );

  r.post(
    '/reports/schedules',
    { schema: { tags, body: createReportScheduleSchema, response: { 201: reportScheduleSchema } } },
    async (req, reply) => reply.code(201).send(await createSchedule(db, actorOf(req), req.body, now())),
  );

  r.delete(
    '/reports/schedules/:id',
    { schema: { tags, params: z.object({ id: z.string().max(100) }), response: { 204: noContent } } },
    async (req, reply) => {
      await deleteSchedule(db, actorOf(req), req.params.id);
      return reply.code(204).send();
    },
  );

  /** A report of counts: the JSON, or the same numbers as a CSV or XLSX download. */
  const countsReport = <Q extends z.ZodType<{ format: z.output<typeof format> }>, R>(
    path: string,
    querystring: Q,
    response: z.ZodType,
    file: CountsFile<R>,
    compute: (actor: Actor, query: z.output<Q>) => Promise<R>,
  ) =>
    r.get(path, { schema: { tags, querystring, response: { 200: response } } }, async (req, reply) => {
      const query = req.query as z.output<Q>;
      const report = await compute(actorOf(req), query);
      return query.format === 'json' ? report : sendCounts(reply, query.format, file, report);
    });
  countsReport('/reports/movements', movementsQuery, movementsSchema, MOVEMENTS_FILE, (actor, { months }) =>
    movements(db, actor, now(), { months }),
  );
  countsReport('/reports/forecast', forecastQuery, forecastSchema, FORECAST_FILE, (actor, { horizonDays }) =>
    forecast(db, actor, now(), { horizonDays }),
  );
}

async function* once(rows: Cell[][]): AsyncIterable<Cell[][]> {
  yield rows;
}

/** A report's download names people: recorded like the People list's export. */
function recordDownload(db: Db, actor: Actor, report: string, f: Format, rows: number, filter: object) {
  return audit.record(db, actor, { action: 'report.exported', after: { report, format: f, rows, ...filter } });
}

/** A report of counts (nobody named, so its download is not recorded): its file name, sheet, header and rows. */
interface CountsFile<R> {
  fileBase: string;
  sheetName: string;
  header: string[];
  rows: (report: R) => Cell[][];
}
const MOVEMENTS_FILE: CountsFile<Movements> = {
  fileBase: 'joiners-and-leavers',
  sheetName: 'Joiners and leavers',
  header: ['Month', 'Joiners', 'Leavers'],
  rows: (report) => report.months.map((m) => [m.month, m.joiners, m.leavers]),
};
const FORECAST_FILE: CountsFile<Forecast> = {
  fileBase: 'seats-forecast',
  sheetName: 'Seats forecast',
  header: ['Day', 'Seats', 'Seat limit'],
  rows: (report) => report.points.map((p) => [p.day, p.seats, report.seats.limit]),
};

function sendCounts<R>(reply: FastifyReply, format: Format, { rows, ...file }: CountsFile<R>, report: R) {
  return sendTable(reply, { format, ...file, batches: once(rows(report)) });
}
