/** The catalogue import: good rows kept, bad rows reported by line. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { json, writeErrors } from '../../../kit/schemas.ts';
import type { NcmsServices } from '../office.ts';
import { OFFICE } from '../roles.ts';
import { importCatalogue } from './catalogue.ts';

export function catalogueRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/catalogue/import',
      summary: 'Import the drug and treatment catalogue (用药目录和诊疗项目) from CSV: code,name,kind,eligible — bad rows are reported, good ones kept',
      ...kit.guard({ action: 'catalogue.import', resource: 'catalogue', roles: OFFICE }),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ csv: z.string().min(1).max(2_000_000) }) } }, required: true } },
      responses: {
        200: json(z.object({ imported: z.number(), errors: z.array(z.object({ row: z.number(), message: z.string() })) }), 'Import report'),
        ...writeErrors,
      },
    }),
    async (c) => c.json(await importCatalogue(office(c), c.req.valid('json').csv), 200),
  );

  return app;
}
