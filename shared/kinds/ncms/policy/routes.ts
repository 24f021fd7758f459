/**
 * The settlement quote (a fixed contract: any bad input is a 422 naming the
 * field) and the office's policy versions.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { amountSchema, Dec } from '../../../kernel/money.ts';
import { fieldErrors, problem } from '../../../kernel/problems.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { problemResponse } from '../../../kit/problem-response.ts';
import { commonErrors, json, named, writeErrors } from '../../../kit/schemas.ts';
import type { NcmsServices } from '../office.ts';
import { anyJson, OFFICE, READERS } from '../roles.ts';
import { calculateSettlement } from './calculate.ts';
import { addPolicy, policies, policyFor } from './policies.ts';
import { CATEGORIES, HOSPITAL_LEVELS, policySchema } from './policy.ts';

const Policy = named(policySchema, 'Policy');

/** The quote contract answers 422 (not 400) for every kind of bad input, naming the field. */
const unprocessable = (
  result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }> } },
  c: Context,
) =>
  result.success
    ? undefined
    : problemResponse(c, problem('validation', 'The quote request has invalid fields.', { errors: fieldErrors(result.error!.issues as never), status: 422 }));

export function policyRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/settlement-quotes',
      summary: 'What-if settlement under the current policy: NCMS, assistance and self-pay with the calculation trace (no writes)',
      ...kit.guard({ action: 'settlement.quote', resource: 'policy', roles: { 'ncms-office': 'tenant', 'hospital-operator': 'tenant' } }),
      request: {
        body: {
          content: {
            'application/json': {
              schema: z
                .strictObject({
                  category: z.enum(CATEGORIES),
                  hospitalLevel: z.enum(HOSPITAL_LEVELS),
                  totalCost: amountSchema(),
                  eligibleCost: amountSchema().optional(),
                  ncmsPaidThisYear: amountSchema().default('0.00'),
                  assistancePaidThisYear: amountSchema().default('0.00'),
                })
                .openapi('SettlementQuoteRequest'),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(
          z
            .object({
              ncms: z.string(),
              assistance: z.string(),
              selfPay: z.string(),
              policyVersion: z.number(),
              trace: z.array(z.object({ step: z.string(), zh: z.string(), en: z.string(), amount: z.string().optional() })),
            })
            .openapi('SettlementQuote'),
          'The quote',
        ),
        ...writeErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const eligibleCost = body.eligibleCost ?? body.totalCost;
      if (new Dec(eligibleCost).gt(body.totalCost))
        throw problem('validation', 'The quote request has invalid fields.', {
          errors: [{ field: 'eligibleCost', message: 'must not exceed totalCost' }],
          status: 422,
        });
      const o = office(c);
      const policy = await policyFor(o, o.today());
      return c.json(calculateSettlement(policy, { ...body, eligibleCost }), 200);
    },
    unprocessable as never,
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/policies',
      summary: 'Policy versions, oldest first',
      ...kit.guard({ action: 'policy.list', resource: 'policy', roles: READERS }),
      responses: { 200: json(z.object({ items: z.array(Policy) }), 'Policies'), ...commonErrors },
    }),
    async (c) => c.json({ items: await policies(office(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/policies',
      summary: 'Add the next policy version (refused with the reason when it does not make sense)',
      ...kit.guard({ action: 'policy.add', resource: 'policy', roles: OFFICE }),
      request: { body: { content: { 'application/json': { schema: anyJson } }, required: true } },
      responses: { 201: json(Policy, 'The policy'), ...writeErrors },
    }),
    async (c) => c.json(await addPolicy(office(c), c.req.valid('json')), 201),
  );

  return app;
}
