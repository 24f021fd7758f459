/** Mailbox delivery and periodical subscriptions. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../kit/env.ts';
import { actorOf, tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { json, writeErrors } from '../../../kit/schemas.ts';
import { orderRecord } from '../counter/order.entity.ts';
import { payment } from '../counter/orders.ts';
import type { CampusServices } from '../office.ts';
import { COUNTER } from '../roles.ts';
import { MAIL_KINDS, mailBatchRecord, subscriptionRecord } from './mail.entity.ts';
import { issueArrived, sortMail, subscribe } from './mail.ts';

export function mailRoutes(kit: RouteKit, s: CampusServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/mail-batches',
      summary: 'Record a batch of letters, periodicals and printed matter sorted into mailboxes (插箱投递)',
      ...kit.guard({ action: 'mail.sort', resource: 'mail-batch', roles: COUNTER }),
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                items: z
                  .array(z.strictObject({ kind: z.enum(MAIL_KINDS), mailbox: z.string().trim().min(1).max(40), title: z.string().max(100).optional() }))
                  .min(1)
                  .max(2000),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(mailBatchRecord, 'Batch'), ...writeErrors },
    }),
    async (c) => c.json(await sortMail(office(c), actorOf(c), c.req.valid('json').items), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/subscriptions',
      summary: 'Subscribe a student to a periodical for a term (paid at the counter)',
      ...kit.guard({ action: 'subscription.add', resource: 'subscription', roles: COUNTER }),
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                personId: z.string().max(40),
                itemId: z.string().max(40),
                term: z.string().regex(/^\d{4}-(spring|autumn)$/, 'a term such as 2026-autumn'),
                payment,
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(z.object({ subscription: subscriptionRecord, order: orderRecord }), 'Subscribed'), ...writeErrors },
    }),
    async (c) => c.json(await subscribe(office(c), actorOf(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/subscriptions/{itemId}/{term}/issues',
      summary: 'An issue arrived: sort a copy into every subscriber’s mailbox',
      ...kit.guard({ action: 'subscription.issue', resource: 'subscription', roles: COUNTER }),
      request: {
        params: z.object({
          itemId: z
            .string()
            .max(40)
            .openapi({ param: { name: 'itemId', in: 'path' } }),
          term: z
            .string()
            .max(20)
            .openapi({ param: { name: 'term', in: 'path' } }),
        }),
        body: { content: { 'application/json': { schema: z.strictObject({ issue: z.string().trim().min(1).max(40) }) } }, required: true },
      },
      responses: { 201: json(mailBatchRecord, 'Batch'), ...writeErrors },
    }),
    async (c) => {
      const { itemId, term } = c.req.valid('param');
      return c.json(await issueArrived(office(c), actorOf(c), itemId, term, c.req.valid('json').issue), 201);
    },
  );

  return app;
}
