/** Counter orders: taking one (idempotent with a key), reading it, its printable receipt, returning a rental. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../kit/env.ts';
import { actorOf, tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, idempotencyHeader, json, writeErrors } from '../../../kit/schemas.ts';
import { board } from '../board/board.ts';
import type { CampusServices } from '../office.ts';
import { COUNTER, IdParam, STAFF_READ } from '../roles.ts';
import { orderRecord } from './order.entity.ts';
import { getOrder, order, orderInput, returnRental } from './orders.ts';
import { receiptHtml } from './receipt.ts';

export function counterRoutes(kit: RouteKit, s: CampusServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/orders',
      summary: 'A counter order at today’s board prices (stamps, albums, postcards, books and discs for sale or rent, top-ups, tickets)',
      ...kit.guard({ action: 'order.place', resource: 'order', roles: COUNTER }),
      request: { headers: idempotencyHeader(false), body: { content: { 'application/json': { schema: orderInput } }, required: true } },
      responses: { 201: json(orderRecord, 'Order'), ...writeErrors },
    }),
    async (c) => {
      const out = await order(office(c), actorOf(c), c.req.valid('json'), c.req.valid('header')['idempotency-key']);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/orders/{id}',
      summary: 'An order',
      ...kit.guard({ action: 'order.read', resource: 'order', roles: STAFF_READ }),
      request: { params: IdParam },
      responses: { 200: json(orderRecord, 'Order'), ...commonErrors },
    }),
    async (c) => c.json(await getOrder(office(c), c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/orders/{id}/receipt',
      summary: 'A printable receipt',
      ...kit.guard({ action: 'order.receipt', resource: 'order', roles: STAFF_READ }),
      request: { params: IdParam },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Receipt' }, ...commonErrors },
    }),
    async (c) => {
      const o = office(c);
      const found = await getOrder(o, c.req.valid('param').id);
      return c.html(receiptHtml(found, await board(o), o.tenant.calendar.timeZone), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/orders/{id}/return',
      summary: 'Return a rental; late days are charged',
      ...kit.guard({ action: 'order.return', resource: 'order', roles: COUNTER }),
      request: { params: IdParam },
      responses: { 200: json(z.object({ order: orderRecord, lateFee: orderRecord.optional() }), 'Returned'), ...writeErrors },
    }),
    async (c) => c.json(await returnRental(office(c), actorOf(c), c.req.valid('param').id), 200),
  );

  return app;
}
