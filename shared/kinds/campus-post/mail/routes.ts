/** Mailbox delivery and periodical subscriptions. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../kit/env.ts';
import { actorOf, tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { idempotencyHeader, json, writeErrors } from '../../../kit/schemas.ts';
import { orderRecord } from '../counter/order.entity.ts';
import type { CampusServices } from '../office.ts';
import { COUNTER } from '../roles.ts';
import { issueInput, issueParams, mailBatchInput, mailBatchRecord, subscriptionInput, subscriptionRecord } from './mail.entity.ts';
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
        headers: idempotencyHeader(false),
        body: {
          content: {
            'application/json': {
              schema: mailBatchInput,
            },
          },
          required: true,
        },
      },
      responses: { 201: json(mailBatchRecord, 'Batch'), ...writeErrors },
    }),
    async (c) => {
      const out = await sortMail(office(c), actorOf(c), c.req.valid('json').items, c.req.valid('header')['idempotency-key']);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body, 201);
    },
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
              schema: subscriptionInput,
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
        params: issueParams,
        body: { content: { 'application/json': { schema: issueInput } }, required: true },
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
