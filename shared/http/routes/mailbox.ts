/** The dev mailbox: notifications delivered by the local channel. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { OVERSEERS, readMailbox } from '../../capabilities/outbox/index.ts';
import { accessOf, grant } from '../../kit/access.ts';
import type { AppEnv } from '../../kit/env.ts';
import { commonErrors, guard, json, PageQuery } from '../../kit/schemas.ts';
import { COMMON_ROLES } from '../../pipeline/contract.ts';
import type { Platform } from '../../platform/services.ts';

const MessageSchema = z
  .object({
    id: z.string(),
    recipient: z.string(),
    subject: z.string(),
    body: z.string(),
    caseId: z.string().optional(),
    event: z.string(),
    deliveredAt: z.string(),
  })
  .openapi('MailboxMessage');

export function mailboxRoutes(platform: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  const roles = [...new Set([...COMMON_ROLES, ...[...platform.kinds.values()].flatMap((k) => Object.keys(k.roles))])];
  // Admins and auditors read any mailbox of the tenant; everyone else the addresses they are (themselves, their teams, their roles).
  const readers = { ...grant(roles, 'mailbox'), ...grant(OVERSEERS, 'tenant') };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/mailbox',
      summary: 'Notifications delivered to you (admins and auditors: the whole tenant, or one recipient)',
      ...guard('notify', { action: 'mailbox.read', resource: 'mailbox', roles: readers }),
      request: {
        query: PageQuery.extend({
          recipient: z
            .string()
            .max(100)
            .optional()
            .openapi({ param: { name: 'recipient', in: 'query' } }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(MessageSchema), nextCursor: z.string().optional() }), 'Newest first'), ...commonErrors },
    }),
    async (c) => c.json(await readMailbox(platform.store, platform.config.keys.secret('cursor'), accessOf(c), c.req.valid('query')), 200),
  );
  return app;
}
