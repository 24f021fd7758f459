/** Designated hospitals: the office adds them; every role of the office reads them. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, writeErrors } from '../../../kit/schemas.ts';
import { officeConfig, setTownships, townshipsInput } from '../config.ts';
import type { NcmsServices } from '../office.ts';
import { ALL, OFFICE } from '../roles.ts';
import { addHospital, hospitalSchema, hospitals } from './hospitals.ts';

const Hospital = named(hospitalSchema, 'Hospital');

export function hospitalRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/hospitals',
      summary: 'Designated hospitals',
      ...kit.guard({ action: 'hospital.list', resource: 'hospital', roles: ALL }),
      responses: { 200: json(z.object({ items: z.array(Hospital) }), 'Hospitals'), ...commonErrors },
    }),
    async (c) => c.json({ items: await hospitals(office(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/hospitals',
      summary: 'Add or update a designated hospital (定点医疗机构)',
      ...kit.guard({ action: 'hospital.add', resource: 'hospital', roles: OFFICE }),
      request: { body: { content: { 'application/json': { schema: hospitalSchema } }, required: true } },
      responses: { 201: json(Hospital, 'Hospital'), ...writeErrors },
    }),
    async (c) => c.json(await addHospital(office(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/townships',
      summary: 'The county’s townships: an application names one, and township reviewers are scoped to them',
      ...kit.guard({ action: 'township.list', resource: 'township', roles: ALL }),
      responses: { 200: json(townshipsInput, 'Townships'), ...commonErrors },
    }),
    async (c) => c.json({ townships: (await officeConfig(office(c))).townships }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/ncms/townships',
      summary: 'Replace the list of townships (codes are what reviewers’ scopes name)',
      ...kit.guard({ action: 'township.set', resource: 'township', roles: OFFICE }),
      request: { body: { content: { 'application/json': { schema: townshipsInput } }, required: true } },
      responses: { 200: json(townshipsInput, 'Townships'), ...writeErrors },
    }),
    async (c) => c.json({ townships: await setTownships(office(c), c.req.valid('json').townships) }, 200),
  );

  return app;
}
