/** Mail at the desk: received for a household's person, listed while it waits, handed over against the code and the phone's last digits; a resident sees their own. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { parcelRecord } from '../../../capabilities/parcel-custody/index.ts';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, writeErrors } from '../../../kit/schemas.ts';
import type { PropertyServices } from '../office.ts';
import { DESK, DESK_READ } from '../roles.ts';
import { handOver, mailAtDesk, mailIn, myMail, pickup, receiveMail } from './mail.ts';

export function mailRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  const Mail = named(parcelRecord, 'Mail');
  const office = (c: Parameters<typeof tenantOf>[0]) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/mail',
      summary: 'Receives a parcel or registered mail at the desk for a household’s person (or by the phone on the label): a pickup code, and a notice to them',
      ...kit.guard({ action: 'mail.receive', resource: 'mail', roles: DESK }),
      request: { body: { content: { 'application/json': { schema: mailIn } }, required: true } },
      responses: { 201: json(Mail, 'In custody'), ...writeErrors },
    }),
    async (c) => c.json(await receiveMail(office(c), accessOf(c).actor, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/mail',
      summary: 'Mail waiting at the desk, oldest first',
      ...kit.guard({ action: 'mail.list', resource: 'mail', roles: DESK_READ }),
      responses: { 200: json(z.object({ items: z.array(Mail) }), 'Waiting'), ...commonErrors },
    }),
    async (c) => c.json({ items: await mailAtDesk(office(c)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/mail/pickup',
      summary: 'Hands mail over against its code and the last four digits of the addressee’s phone (five wrong tries lock it)',
      ...kit.guard({ action: 'mail.hand-over', resource: 'mail', roles: DESK }),
      request: { body: { content: { 'application/json': { schema: pickup } }, required: true } },
      responses: { 200: json(Mail, 'Handed over'), ...writeErrors },
    }),
    async (c) => c.json(await handOver(office(c), accessOf(c).actor, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/my/mail',
      summary: 'Your mail at the desk, and what you collected, newest first',
      ...kit.guard({ action: 'mail.read-own', resource: 'mail', roles: { resident: 'requester' } }),
      responses: { 200: json(z.object({ items: z.array(Mail) }), 'Your mail'), ...commonErrors },
    }),
    async (c) => c.json({ items: await myMail(office(c), accessOf(c).actor.sub) }, 200),
  );
  return app;
}
