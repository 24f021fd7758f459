/** The period report, as JSON or CSV. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, named } from '../../../kit/schemas.ts';
import type { NcmsServices } from '../office.ts';
import { PeriodParam, READERS } from '../roles.ts';
import { periodReport, reportCsv, reportSchema } from './reports.ts';

export function reportRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/reports/{period}',
      summary: 'Period report per category, hospital level and hospital, hospitalisation rates and satisfaction (`?format=csv` for CSV)',
      ...kit.guard({ action: 'report.read', resource: 'report', roles: READERS }),
      request: {
        params: PeriodParam,
        query: z.object({
          format: z
            .enum(['json', 'csv'])
            .default('json')
            .openapi({ param: { name: 'format', in: 'query' } }),
        }),
      },
      responses: {
        200: { content: { 'application/json': { schema: named(reportSchema, 'PeriodReport') }, 'text/csv': { schema: z.string() } }, description: 'Report' },
        ...commonErrors,
      },
    }),
    async (c) => {
      const report = await periodReport(office(c), c.req.valid('param').period);
      if (c.req.valid('query').format === 'csv') {
        return c.body(reportCsv(report), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="ncms-${report.period}.csv"`,
        });
      }
      return c.json(report, 200);
    },
  );

  return app;
}
