/**
 * Fee billing's API: the price list; a household's statement, payments and
 * receipts (the desk's counter, or the resident for their own household);
 * the arrears list. Bills themselves are issued by the nightly run.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problems } from '../../../kernel/problems.ts';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, PageQuery, writeErrors } from '../../../kit/schemas.ts';
import { householdWithPeople } from '../estate/estate.ts';
import type { Office, PropertyServices } from '../office.ts';
import { DESK, DESK_READ, IdParam, MANAGE } from '../roles.ts';
import { billRecord, paymentRecord, priceListRecord } from './billing.entity.ts';
import { arrears, pay, paymentInput, priceList, priceListInput, setPriceList, statementOf } from './billing.ts';
import { renderPaymentReceipt } from './receipt.ts';

const Bill = named(billRecord, 'Bill');
const Payment = named(paymentRecord, 'Payment');
/** A household's own people reach its statement, payments and receipts. */
const HOUSEHOLD_SIDE = { ...DESK_READ, resident: 'requester' };

/** A household's place for the decision: it is its living people's. */
async function householdScope(o: Office, id: string) {
  const { people } = await householdWithPeople(o, id);
  return { requester: people.filter((p) => !p.movedOutAt && p.sub).map((p) => p.sub!) };
}

export function billingRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'put',
      path: '/property/price-list',
      summary: 'The price list: monthly fees per m² or fixed, by property type; billing day, due days, reminders, late fee',
      ...kit.guard({ action: 'price-list.set', resource: 'price-list', roles: MANAGE }),
      request: { body: { content: { 'application/json': { schema: priceListInput } }, required: true } },
      responses: { 200: json(named(priceListRecord, 'PriceList'), 'Stored'), ...writeErrors },
    }),
    async (c) => c.json(await setPriceList(office(c), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/price-list',
      summary: 'The price list in force',
      ...kit.guard({ action: 'price-list.read', resource: 'price-list', roles: DESK_READ }),
      responses: { 200: json(priceListRecord, 'The price list'), ...commonErrors },
    }),
    async (c) => {
      const prices = await priceList(office(c));
      if (!prices) throw problems.notFound('A price list');
      return c.json(prices, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/households/{id}/statement',
      summary: 'A household’s statement: its bills, its payments, what is due — and the ledger’s balance, which agrees',
      ...kit.guard({ action: 'statement.read', resource: 'household', roles: HOUSEHOLD_SIDE }),
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({
            household: z.record(z.string(), z.unknown()),
            bills: z.array(Bill),
            payments: z.array(Payment),
            due: z.string(),
            ledgerBalance: z.string(),
          }),
          'Statement',
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      const o = office(c);
      const id = c.req.valid('param').id;
      await accessOf(c).require(await householdScope(o, id), `Household ${id}`);
      return c.json(await statementOf(o, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/households/{id}/payments',
      summary: 'Take a payment (cash, card, WeChat, Alipay, transfer): the oldest bills first; never more than is due; your id makes a retry safe',
      ...kit.guard({ action: 'payment.take', resource: 'household', roles: { ...DESK, resident: 'requester' } }),
      request: { params: IdParam, body: { content: { 'application/json': { schema: paymentInput } }, required: true } },
      responses: { 201: json(Payment, 'The payment'), ...writeErrors },
    }),
    async (c) => {
      const o = office(c);
      const id = c.req.valid('param').id;
      const access = accessOf(c);
      await access.require(await householdScope(o, id), `Household ${id}`);
      return c.json(await pay(o, access.actor.sub, id, c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/households/{id}/payments/{payment}/receipt',
      summary: 'A printable receipt of a payment',
      ...kit.guard({ action: 'payment.receipt', resource: 'household', roles: HOUSEHOLD_SIDE }),
      request: {
        params: IdParam.extend({
          payment: z
            .string()
            .max(64)
            .openapi({ param: { name: 'payment', in: 'path' } }),
        }),
      },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Receipt' }, ...commonErrors },
    }),
    async (c) => {
      const o = office(c);
      const { id, payment: paymentId } = c.req.valid('param');
      await accessOf(c).require(await householdScope(o, id), `Household ${id}`);
      const statement = await statementOf(o, id);
      const payment = statement.payments.find((p) => p.id === paymentId);
      if (!payment) throw problems.notFound(`Payment ${paymentId}`);
      return c.html(await renderPaymentReceipt({ office: o.tenant.name, household: statement.household, payment, timeZone: o.tenant.calendar.timeZone }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/arrears',
      summary: 'Open bills past due (as of a date, default today), oldest first, a page at a time',
      ...kit.guard({ action: 'arrears.list', resource: 'bill', roles: DESK_READ }),
      request: {
        query: PageQuery.extend({
          asOf: z.iso
            .date()
            .optional()
            .openapi({ param: { name: 'asOf', in: 'query' } }),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(billRecord.extend({ owing: z.string() })), nextCursor: z.string().optional() }), 'Arrears'),
        ...commonErrors,
      },
    }),
    async (c) => {
      const o = office(c);
      const q = c.req.valid('query');
      return c.json(await arrears(o, { ...q, asOf: q.asOf ?? o.today() }), 200);
    },
  );

  return app;
}
