/** Payroll: the rates, a worker's payslip of a month, and disputes against its lines. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, writeErrors } from '../../../kit/schemas.ts';
import type { CampusServices } from '../office.ts';
import { DISPUTERS, PAYSLIP_READERS, ROSTER_READERS, SUPERVISE } from '../roles.ts';
import { payrollRecord } from './payroll.entity.ts';
import { dispute, payrollConfig, payrollInput, payslip, payslipSchema, setPayrollConfig, slipScope } from './payroll.ts';

const slipParams = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .openapi({ param: { name: 'month', in: 'path' } }),
  worker: z
    .string()
    .max(100)
    .openapi({ param: { name: 'worker', in: 'path' } }),
});

const disputeSchema = z.object({ line: z.number().int(), reason: z.string(), by: z.string(), at: z.string(), status: z.enum(['open']) });

export function payrollRoutes(kit: RouteKit, s: CampusServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'put',
      path: '/campus/payroll-config',
      summary: 'Base wage and piece rates per work type',
      ...kit.guard({ action: 'payroll.configure', resource: 'payroll', roles: SUPERVISE }),
      request: { body: { content: { 'application/json': { schema: payrollInput } }, required: true } },
      responses: { 200: json(payrollRecord, 'Config'), ...writeErrors },
    }),
    async (c) => c.json(await setPayrollConfig(office(c), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/payroll-config',
      summary: 'The base wage and piece rates in force (the demo rates until set)',
      ...kit.guard({ action: 'payroll.read-config', resource: 'payroll', roles: ROSTER_READERS }),
      responses: { 200: json(payrollRecord, 'Config'), ...commonErrors },
    }),
    async (c) => c.json(await payrollConfig(office(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/payslips/{month}/{worker}',
      summary: 'A worker’s payslip: base wage and every counted piece',
      ...kit.guard({ action: 'payslip.read', resource: 'payslip', roles: PAYSLIP_READERS }),
      request: { params: slipParams },
      responses: { 200: json(payslipSchema, 'Payslip'), ...commonErrors },
    }),
    async (c) => {
      const { month, worker } = c.req.valid('param');
      await accessOf(c).require(slipScope(worker), `Payslip of ${worker}`);
      return c.json(await payslip(office(c), month, worker), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/payslips/{month}/{worker}/disputes',
      summary: 'Dispute a payslip line',
      ...kit.guard({ action: 'payslip.dispute', resource: 'payslip', roles: DISPUTERS }),
      request: {
        params: slipParams,
        body: {
          content: { 'application/json': { schema: z.strictObject({ line: z.number().int().min(0), reason: z.string().trim().min(2).max(500) }) } },
          required: true,
        },
      },
      responses: { 201: json(disputeSchema, 'Dispute'), ...writeErrors },
    }),
    async (c) => {
      const { month, worker } = c.req.valid('param');
      const { month: _month, worker: _worker, ...d } = await dispute(office(c), accessOf(c), month, worker, c.req.valid('json'));
      return c.json(d, 201);
    },
  );

  return app;
}
