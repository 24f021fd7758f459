/** The campus directory: adding people, and finding a recipient at the counter. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problems } from '../../../kernel/problems.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, writeErrors } from '../../../kit/schemas.ts';
import type { CampusServices } from '../office.ts';
import { STAFF_READ, SUPERVISE } from '../roles.ts';
import { addPerson, findPerson, lookupQuery, personInput } from './directory.ts';
import { personRecord } from './person.entity.ts';

export function directoryRoutes(kit: RouteKit, s: CampusServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/directory',
      summary: 'Add a person to the campus directory (phone kept masked; found by a blind index)',
      ...kit.guard({ action: 'person.add', resource: 'person', roles: SUPERVISE }),
      request: { body: { content: { 'application/json': { schema: personInput } }, required: true } },
      responses: { 201: json(personRecord, 'Person'), ...writeErrors },
    }),
    async (c) => c.json(await addPerson(office(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/directory/lookup',
      summary: 'Find a recipient by phone or student/staff number',
      ...kit.guard({ action: 'person.lookup', resource: 'person', roles: STAFF_READ }),
      request: {
        query: lookupQuery,
      },
      responses: { 200: json(personRecord, 'Person'), ...commonErrors },
    }),
    async (c) => {
      const person = await findPerson(office(c), c.req.valid('query'));
      if (!person) throw problems.notFound('Person');
      return c.json(person, 200);
    },
  );

  return app;
}
