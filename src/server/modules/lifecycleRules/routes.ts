import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../core/context';
import { actorOf } from '../../core/request';
import { actorAllowedTo, readsById } from '../access/guardedRoutes';
import {
  lifecycleRuleListSchema,
  lifecycleRuleSchema,
  previewQuerySchema,
  ruleParams,
  rulePreviewSchema,
  ruleRunListSchema,
  ruleRunSchema,
  runPeopleSchema,
  updateRuleSchema,
} from '../../../common/contract/lifecycle';
import { getRun, listRules, listRuns, previewRule, runPeople, runRule, updateRule } from './service';

const tags = ['lifecycle-rules'];

/**
 * Lifecycle rules (docs/decisions/024-lifecycle-rules.md), Owners and Admins: the rules, each one's preview,
 * switching on and off, "Run now", and the runs with the people they changed. Undo and the results CSV of a
 * run are its bulk action's (`/bulk-actions/{id}/undo`, `/bulk-actions/{id}/results.csv`).
 */
export async function lifecycleRuleRoutes(api: FastifyInstance, { db }: AppContext) {
  const r = api.withTypeProvider<ZodTypeProvider>();

  r.get('/lifecycle-rules', { schema: { tags, response: { 200: lifecycleRuleListSchema } } }, async (req) => ({
    items: await listRules(db, actorOf(req)),
  }));

  r.patch(
    '/lifecycle-rules/:rule',
    { schema: { tags, params: ruleParams, body: updateRuleSchema, response: { 200: lifecycleRuleSchema } } },
    async (req) => {
      const actor = actorOf(req);
      await db.tx((tx) => updateRule(tx, actor, req.params.rule, req.body));
      return (await listRules(db, actor)).find((x) => x.rule === req.params.rule)!;
    },
  );

  r.get(
    '/lifecycle-rules/:rule/preview',
    { schema: { tags, params: ruleParams, querystring: previewQuerySchema, response: { 200: rulePreviewSchema } } },
    async (req) => previewRule(db, actorOf(req), req.params.rule, req.query.days),
  );

  r.post(
    '/lifecycle-rules/:rule/run',
    { schema: { tags, params: ruleParams, response: { 202: ruleRunSchema } } },
    async (req, reply) => {
      const actor = actorAllowedTo(req, 'settings.manage');
      const id = (await runRule(db, req.params.rule, { by: actor }))!;
      return reply.status(202).send(await getRun(db, actor, id));
    },
  );

  r.get('/lifecycle-rules/runs', { schema: { tags, response: { 200: ruleRunListSchema } } }, async (req) => ({
    items: await listRuns(db, actorOf(req)),
  }));

  const runRead = readsById(api, tags);
  runRead('/lifecycle-rules/runs/:id', ruleRunSchema, (actor, id) => getRun(db, actor, id));
  runRead('/lifecycle-rules/runs/:id/people', runPeopleSchema, async (actor, id) => ({
    items: await runPeople(db, actor, id),
  }));
}
