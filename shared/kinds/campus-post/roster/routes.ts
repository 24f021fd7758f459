/** The student-worker roster, kept by the student union and the supervisor. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, writeErrors } from '../../../kit/schemas.ts';
import type { CampusServices } from '../office.ts';
import { IdParam, ROSTER, ROSTER_READERS } from '../roles.ts';
import { putWorker, workerInput, workers } from './roster.ts';
import { workerRecord } from './worker.entity.ts';

export function rosterRoutes(kit: RouteKit, s: CampusServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'put',
      path: '/campus/workers/{id}',
      summary: 'Put a student worker on the roster (training, exam, contract)',
      ...kit.guard({ action: 'worker.put', resource: 'worker', roles: ROSTER }),
      request: { params: IdParam, body: { content: { 'application/json': { schema: workerInput.omit({ sub: true }) } }, required: true } },
      responses: { 200: json(workerRecord, 'Worker'), ...writeErrors },
    }),
    async (c) => c.json(await putWorker(office(c), { ...c.req.valid('json'), sub: c.req.valid('param').id }), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/workers',
      summary: 'The student-worker roster',
      ...kit.guard({ action: 'worker.list', resource: 'worker', roles: ROSTER_READERS }),
      responses: { 200: json(z.object({ items: z.array(workerRecord) }), 'Roster'), ...commonErrors },
    }),
    async (c) => c.json({ items: await workers(office(c)) }, 200),
  );

  return app;
}
