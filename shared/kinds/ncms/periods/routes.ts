/** Period statements per hospital (build, approve, pay), assistance funding and its reconciliation. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accessOf, grant } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { actorOf, tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, writeErrors } from '../../../kit/schemas.ts';
import { hospitals } from '../hospitals/hospitals.ts';
import type { NcmsServices } from '../office.ts';
import { OFFICE, PeriodParam, READERS } from '../roles.ts';
import { assistanceReconciliation, assistanceReconciliationSchema, fundingInput, receiveFunds } from './funding.ts';
import { approve, buildStatements, pay, statement, statementSchema } from './periods.ts';

const Statement = named(statementSchema, 'HospitalStatement');
const Reconciliation = named(assistanceReconciliationSchema, 'AssistanceReconciliation');

export function periodRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/periods/{period}/statements',
      summary: 'Build (or rebuild, while drafts) each hospital’s statement for the month',
      ...kit.guard({ action: 'statement.build', resource: 'statement', roles: OFFICE }),
      request: { params: PeriodParam },
      responses: { 200: json(z.object({ items: z.array(Statement) }), 'Statements'), ...writeErrors },
    }),
    async (c) => c.json({ items: await buildStatements(office(c), c.req.valid('param').period) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/periods/{period}/statements',
      summary: 'The month’s statements (a hospital operator sees their own hospital’s)',
      ...kit.guard({ action: 'statement.list', resource: 'statement', roles: { ...READERS, 'hospital-operator': 'hospital' } }),
      request: { params: PeriodParam },
      responses: { 200: json(z.object({ items: z.array(Statement) }), 'Statements'), ...commonErrors },
    }),
    async (c) => {
      const o = office(c);
      const mine = await accessOf(c).filter(await hospitals(o), (h) => ({ hospital: h.id }));
      const items = (await Promise.all(mine.map((h) => statement(o, c.req.valid('param').period, h.id)))).filter((x) => x !== undefined);
      return c.json({ items }, 200);
    },
  );

  for (const action of ['approve', 'pay'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/ncms/periods/{period}/statements/{hospital}/${action}`,
        summary:
          action === 'approve'
            ? 'Approve a hospital’s statement (closes its period to voids)'
            : 'Pay an approved statement from the NCMS and assistance funds (once)',
        ...kit.guard({ action: `statement.${action}`, resource: 'statement', roles: OFFICE }),
        request: {
          params: PeriodParam.extend({
            hospital: z
              .string()
              .max(40)
              .openapi({ param: { name: 'hospital', in: 'path' } }),
          }),
        },
        responses: { 200: json(Statement, 'Statement'), ...writeErrors },
      }),
      async (c) => {
        const { period, hospital } = c.req.valid('param');
        const o = office(c);
        const result = action === 'approve' ? await approve(o, actorOf(c), period, hospital) : await pay(o, period, hospital);
        return c.json(result, 200);
      },
    );
  }

  const funds = [
    {
      fund: 'ncms' as const,
      summary: 'The county’s finance bureau funds the NCMS fund (基金到位); the id makes retries safe',
      roles: OFFICE,
    },
    {
      fund: 'assistance' as const,
      summary: 'Civil affairs pre-funds the assistance advance fund (预拨); the id makes retries safe',
      roles: grant(['civil-affairs', 'tenant-admin'], 'tenant'),
    },
  ];
  for (const { fund, summary, roles } of funds) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/ncms/${fund}-funding`,
        summary,
        ...kit.guard({ action: `${fund}-fund.receive`, resource: 'fund', roles }),
        request: {
          body: {
            content: {
              'application/json': {
                schema: fundingInput,
              },
            },
            required: true,
          },
        },
        responses: {
          201: json(z.object({ entries: z.array(z.object({ id: z.string(), status: z.string(), date: z.string() }).passthrough()) }), 'Funded'),
          ...writeErrors,
        },
      }),
      async (c) => {
        const result = await receiveFunds(office(c), fund, c.req.valid('json'));
        return c.json({ entries: [...result.entries, ...result.replayed] }, 201);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/periods/{period}/assistance-reconciliation',
      summary: 'Office vs civil affairs: assistance advanced, funded and paid out',
      ...kit.guard({ action: 'assistance.reconcile', resource: 'assistance-fund', roles: READERS }),
      request: { params: PeriodParam },
      responses: { 200: json(Reconciliation, 'Reconciliation'), ...commonErrors },
    }),
    async (c) => c.json(await assistanceReconciliation(office(c), c.req.valid('param').period), 200),
  );

  return app;
}
