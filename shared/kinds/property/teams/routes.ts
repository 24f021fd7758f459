/**
 * The estate's teams (维修、电工、电梯、保洁、绿化、秩序维护): who is on each,
 * who leads it, how its work is handed out — round-robin, least open work,
 * or by hand — and how much open work each member holds now. The manager
 * sets any team; a team lead their own.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { problems } from '../../../kernel/problems.ts';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, writeErrors } from '../../../kit/schemas.ts';
import { ASSIGNMENT_POLICIES, MAX_MEMBERS } from '../../../pipeline/contract.ts';
import type { PropertyServices } from '../office.ts';
import { TEAMS } from '../requests/repair.ts';
import { DESK_READ, MANAGE } from '../roles.ts';

const person = z
  .string()
  .regex(/^[\w.@:-]{1,64}$/, 'a sign-in id (letters, digits, . _ @ : -)')
  .openapi({ description: 'A sign-in id (the `sub` of their credentials)' });

const rosterInput = z.strictObject({
  members: z.array(person).max(MAX_MEMBERS).openapi({ description: 'Who works the team’s jobs, in turn order' }),
  leads: z.array(person).max(20).optional(),
  policy: z.enum(ASSIGNMENT_POLICIES).openapi({ description: 'round-robin: by turn; least-open: to whoever holds the least open work; manual: by hand' }),
  expectedVersion: z.number().int().min(0).optional().openapi({ description: 'Refuse (409) if someone changed the roster since this version' }),
});

const TeamView = z
  .object({
    team: z.enum(TEAMS),
    members: z.array(z.object({ id: z.string(), open: z.number().int() })),
    leads: z.array(z.string()),
    policy: z.enum(ASSIGNMENT_POLICIES),
    /** Whose turn it is next (round-robin; least-open breaks ties from here). */
    next: z.string().optional(),
    version: z.number().int(),
  })
  .openapi('Team');

const TeamParam = z.object({
  team: z
    .string()
    .max(40)
    .openapi({ param: { name: 'team', in: 'path' } }),
});

export function teamRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  const rosters = s.parts.rosters;

  async function view(tenantId: string, team: (typeof TEAMS)[number], open?: Record<string, number>) {
    const roster = await rosters.get(tenantId, team);
    const work = open ?? (await rosters.openWork(tenantId));
    const members = roster?.members ?? [];
    return {
      team,
      members: members.map((id) => ({ id, open: work[id] ?? 0 })),
      leads: roster?.leads ?? [],
      policy: roster?.policy ?? 'manual',
      ...(members.length && roster?.policy !== 'manual' ? { next: members[(roster?.turn ?? 0) % members.length] } : {}),
      version: roster?.version ?? 0,
    };
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/teams',
      summary: 'The teams: members with their open work, leads, and how each team’s jobs are handed out',
      ...kit.guard({ action: 'team.list', resource: 'team', roles: { ...DESK_READ, 'team-lead': 'team', 'team-member': 'team' } }),
      responses: { 200: json(z.object({ items: z.array(TeamView) }), 'Teams'), ...commonErrors },
    }),
    async (c) => {
      const tenant = tenantOf(c);
      const open = await rosters.openWork(tenant.id);
      const visible = await accessOf(c).filter(
        TEAMS.map((team) => ({ team, scope: { team: [team] } })),
        (x) => x.scope,
      );
      return c.json({ items: await Promise.all(visible.map((x) => view(tenant.id, x.team, open))) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/property/teams/{team}',
      summary: 'Sets a team’s members, leads and assignment policy (the turn stays with whoever had it)',
      ...kit.guard({ action: 'team.set', resource: 'team', roles: { ...MANAGE, 'team-lead': 'team' } }),
      request: { params: TeamParam, body: { content: { 'application/json': { schema: rosterInput } }, required: true } },
      responses: { 200: json(TeamView, 'Stored'), ...writeErrors },
    }),
    async (c) => {
      const { team } = c.req.valid('param');
      if (!(TEAMS as readonly string[]).includes(team)) throw problems.notFound(`Team ${team}`);
      await accessOf(c).require({ team: [team] }, `Team ${team}`);
      const { expectedVersion, ...input } = c.req.valid('json');
      const tenant = tenantOf(c);
      await rosters.put(tenant.id, team, input, s.parts.clock(), expectedVersion);
      return c.json(await view(tenant.id, team as (typeof TEAMS)[number]), 200);
    },
  );
  return app;
}
