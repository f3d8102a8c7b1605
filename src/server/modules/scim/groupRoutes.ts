import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import type { Sql } from '../../db/index';
import { GROUP_ATTRS } from './attributes';
import {
  createScimGroup,
  deleteScimGroup,
  findScimGroup,
  membersOf,
  renderGroup,
  replaceScimGroup,
  type ScimTeamRow,
} from './groups';
import { applyPatch } from './patch';
import { groupVersions, listGroups, project } from './query';
import {
  on,
  actorOf,
  checkIfMatch,
  note,
  operationsOf,
  patchReply,
  q,
  searchParams,
  send,
  type SearchParams,
} from './http';

/** `/scim/v2/Groups`: Roster teams. */
export async function groupRoutes(app: FastifyInstance, { db }: AppContext, base: string) {
  const excludesMembers = (params: SearchParams) => /(^|,)\s*members\s*(,|$)/i.test(params.excludedAttributes ?? '');
  const render = async (sql: Sql, t: ScimTeamRow) =>
    renderGroup(t, (await membersOf(sql, [t.id])).get(t.id)!, (await groupVersions(sql, [t])).get(t.id)!, base);
  const out = (req: FastifyRequest, resource: Record<string, unknown>) => {
    const { attributes, excludedAttributes } = q(req);
    return project(resource, attributes, excludedAttributes);
  };
  const versionOf = (r: Record<string, unknown>) => (r.meta as { version: string }).version;

  const groupList = async (reply: FastifyReply, params: SearchParams) => {
    const list = await listGroups(db, params, base, !excludesMembers(params));
    list.Resources = list.Resources.map((r) => project(r, params.attributes, params.excludedAttributes));
    return send(reply, 200, list);
  };

  on(app, 'GET', '/Groups', async (req, reply) => groupList(reply, q(req)));
  on(app, 'POST', '/Groups/.search', async (req, reply) => groupList(reply, searchParams(req.body)));
  on<{ Params: { id: string } }>(app, 'GET', '/Groups/:id', async (req, reply) => {
    const resource = await render(db, await findScimGroup(db, req.params.id));
    if (req.headers['if-none-match'] === versionOf(resource)) return reply.status(304).send();
    return send(reply, 200, out(req, resource));
  });
  on(app, 'POST', '/Groups', async (req, reply) => {
    const resource = await db.tx(async (tx) => render(tx, await createScimGroup(tx, actorOf(req), req.body)));
    note(req).outcome = 'create';
    return send(reply, 201, out(req, resource));
  });
  on<{ Params: { id: string } }>(app, 'PUT', '/Groups/:id', async (req, reply) => {
    const resource = await db.tx(async (tx) => {
      const current = await findScimGroup(tx, req.params.id, true);
      checkIfMatch(req, versionOf(await render(tx, current)));
      return render(tx, await replaceScimGroup(tx, actorOf(req), current, req.body));
    });
    note(req).outcome = 'update';
    return send(reply, 200, out(req, resource));
  });
  on<{ Params: { id: string } }>(app, 'PATCH', '/Groups/:id', async (req, reply) => {
    const resource = await db.tx(async (tx) => {
      const current = await findScimGroup(tx, req.params.id, true);
      const before = await render(tx, current);
      checkIfMatch(req, versionOf(before));
      const patched = applyPatch(before, operationsOf(req.body), GROUP_ATTRS);
      return render(tx, await replaceScimGroup(tx, actorOf(req), current, patched));
    });
    note(req).outcome = 'update';
    return patchReply(req, reply, out(req, resource));
  });
  on<{ Params: { id: string } }>(app, 'DELETE', '/Groups/:id', async (req, reply) => {
    await db.tx(async (tx) => {
      const current = await findScimGroup(tx, req.params.id, true);
      checkIfMatch(req, versionOf(await render(tx, current)));
      await deleteScimGroup(tx, actorOf(req), current);
    });
    note(req).outcome = 'delete';
    return send(reply, 204);
  });
}
