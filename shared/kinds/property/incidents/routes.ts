/** Incidents: the desk posts and resolves them; everyone at the office, and residents, see the active ones (the console's banner). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, writeErrors } from '../../../kit/schemas.ts';
import type { PropertyServices } from '../office.ts';
import { DESK, DESK_READ, IdParam } from '../roles.ts';
import { incidentInput, incidentRecord, listActive, postIncident, resolveIncident } from './incidents.ts';

const EVERYONE = { ...DESK_READ, resident: 'tenant', 'team-member': 'tenant', 'team-lead': 'tenant' };

export function incidentRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  const Incident = named(incidentRecord, 'Incident');
  const office = (c: Parameters<typeof tenantOf>[0]) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/incidents',
      summary: 'Posts an incident notice (a water cut in building 3): every resident of the buildings is told, and new reports from them are linked to it',
      ...kit.guard({ action: 'incident.post', resource: 'incident', roles: DESK }),
      request: { body: { content: { 'application/json': { schema: incidentInput } }, required: true } },
      responses: { 201: json(Incident, 'Posted and broadcast'), ...writeErrors },
    }),
    async (c) => c.json(await postIncident(office(c), accessOf(c).actor.sub, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/incidents',
      summary: 'The incidents in progress',
      ...kit.guard({ action: 'incident.list', resource: 'incident', roles: EVERYONE }),
      responses: { 200: json(z.object({ items: z.array(Incident) }), 'Active incidents'), ...commonErrors },
    }),
    async (c) => c.json({ items: await listActive(office(c).records) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/incidents/{id}/resolve',
      summary: 'Resolves an incident: its residents are told (again once each); resolving twice changes nothing',
      ...kit.guard({ action: 'incident.resolve', resource: 'incident', roles: DESK }),
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: z.strictObject({ resolution: z.string().trim().min(2).max(1000).optional() }) } }, required: true },
      },
      responses: { 200: json(Incident, 'Resolved'), ...writeErrors },
    }),
    async (c) => c.json(await resolveIncident(office(c), c.req.valid('param').id, c.req.valid('json').resolution), 200),
  );
  return app;
}
