/** The printable approval form of an eligibility application. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, PageQuery, writeErrors } from '../../../kit/schemas.ts';
import type { NcmsServices } from '../office.ts';
import { IdParam, READERS, REVEALERS } from '../roles.ts';
import { approvalForm } from './approval-form.ts';
import { registerPage, registerRow } from './register.ts';

export function eligibilityRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/applications/{id}/form',
      summary: 'The approval form of an eligibility application, in triplicate, printable',
      ...kit.guard({ action: 'application.form', resource: 'application', roles: READERS }),
      request: { params: IdParam },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Form' }, ...commonErrors },
    }),
    async (c) => c.html(await approvalForm(office(c), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/applications/{id}/form',
      summary: 'The approval form printed with the household’s identities in clear: revealed as the caller, the read recorded with its purpose',
      ...kit.guard({ action: 'application.form-in-clear', resource: 'application', roles: REVEALERS }),
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: z.strictObject({ reason: z.string().trim().min(4).max(200) }) } }, required: true },
      },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Form in clear' }, ...writeErrors },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.html(await approvalForm(office(c), c.req.valid('param').id, { access: accessOf(c), reason: c.req.valid('json').reason }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/register',
      summary: 'The register of assistance beneficiaries (花名册): one row per person, by township then application',
      ...kit.guard({ action: 'register.list', resource: 'register', roles: READERS }),
      request: {
        query: PageQuery.extend({
          township: z
            .string()
            .max(40)
            .optional()
            .openapi({ param: { name: 'township', in: 'query' } }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(registerRow), nextCursor: z.string().optional() }), 'A page of the register'), ...commonErrors },
    }),
    async (c) => c.json(await registerPage(office(c), c.req.valid('query')), 200),
  );

  return app;
}
