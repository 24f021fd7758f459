/** Tenant administration: webhook subscriptions and API keys. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { idempotentWrite } from '../../capabilities/idempotency/index.ts';
import { ID_PATTERN } from '../../kernel/ids.ts';
import { problems } from '../../kernel/problems.ts';
import type { AppEnv } from '../../kit/env.ts';
import { actorOf } from '../../kit/guard.ts';
import { commonErrors, guard, IdParam, idempotencyHeader, json, writeErrors } from '../../kit/schemas.ts';
import { COMMON_ROLES } from '../../pipeline/contract.ts';
import type { Platform } from '../../platform/services.ts';

const ADMIN = { 'tenant-admin': 'tenant' };
const READERS = { 'tenant-admin': 'tenant', auditor: 'tenant' };

const WebhookSchema = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), active: z.boolean(), createdAt: z.string() }).openapi('Webhook');
const ApiKeySchema = z
  .object({ id: z.string(), name: z.string(), roles: z.array(z.string()), createdAt: z.string(), createdBy: z.string(), revokedAt: z.string().optional() })
  .openapi('ApiKey');

export function adminRoutes(platform: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks',
      summary: 'Subscribe a URL to case events; the signing secret is shown once',
      ...guard('admin', { action: 'webhook.create', resource: 'webhook', roles: ADMIN }),
      request: {
        headers: idempotencyHeader(false),
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                url: z.url({ protocol: /^https?$/ }).max(500),
                events: z
                  .array(z.string().regex(/^(\*|[a-z0-9-]+\.(\*|[a-z0-9-]+))$/, 'an event type such as repair.created, repair.* or *'))
                  .min(1)
                  .max(20),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(WebhookSchema.extend({ secret: z.string() }), 'Created'), ...writeErrors },
    }),
    async (c) => {
      const tenant = c.get('tenant')!;
      const body = c.req.valid('json');
      const out = await idempotentWrite(
        { store: platform.store, vault: platform.sealer },
        { tenantId: tenant.id, principal: actorOf(c).sub, key: c.req.valid('header')['idempotency-key'], fingerprint: ['webhook', body] },
        async () => {
          const planned = await platform.webhooks.planCreate(tenant.id, body, new Date());
          return { actions: [planned.action], status: 201, body: { ...planned.hook, secret: planned.secret } };
        },
      );
      platform.webhooks.forget(tenant.id);
      return c.json(out.body, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/webhooks',
      summary: 'List webhook subscriptions',
      ...guard('admin', { action: 'webhook.list', resource: 'webhook', roles: READERS }),
      responses: { 200: json(z.object({ items: z.array(WebhookSchema) }), 'Subscriptions'), ...commonErrors },
    }),
    async (c) => c.json({ items: await platform.webhooks.list(c.get('tenant')!.id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/webhooks/{id}',
      summary: 'Remove a webhook subscription',
      ...guard('admin', { action: 'webhook.remove', resource: 'webhook', roles: ADMIN }),
      request: { params: IdParam },
      responses: { 204: { description: 'Removed' }, ...commonErrors },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      if (!ID_PATTERN.test(id) || !(await platform.webhooks.remove(c.get('tenant')!.id, id))) throw problems.notFound(`Webhook ${id}`);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api-keys',
      summary: 'Create an API key for a machine consumer; the key is shown once',
      ...guard('admin', { action: 'api-key.create', resource: 'api-key', roles: ADMIN }),
      request: {
        headers: idempotencyHeader(false),
        body: {
          content: { 'application/json': { schema: z.strictObject({ name: z.string().trim().min(1).max(100), roles: z.array(z.string()).min(1).max(10) }) } },
          required: true,
        },
      },
      responses: { 201: json(ApiKeySchema.extend({ key: z.string() }), 'Created'), ...writeErrors },
    }),
    async (c) => {
      const tenant = c.get('tenant')!;
      const body = c.req.valid('json');
      const allowed: string[] = [...COMMON_ROLES, ...Object.keys(platform.kinds.get(tenant.kind)?.roles ?? {})];
      const unknown = body.roles.filter((r) => !allowed.includes(r));
      if (unknown.length) throw problems.validation([{ field: 'roles', message: `not roles of this tenant: ${unknown.join(', ')}` }]);
      const actor = c.get('actor')!;
      const out = await idempotentWrite(
        { store: platform.store, vault: platform.sealer },
        { tenantId: tenant.id, principal: actorOf(c).sub, key: c.req.valid('header')['idempotency-key'], fingerprint: ['api-key', body] },
        async () => {
          const planned = platform.apiKeys.planCreate(tenant.id, body, actor.sub, new Date());
          return { actions: [planned.action], status: 201, body: { ...planned.info, key: planned.key } };
        },
      );
      return c.json(out.body, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api-keys',
      summary: 'List API keys (never the keys themselves)',
      ...guard('admin', { action: 'api-key.list', resource: 'api-key', roles: READERS }),
      responses: { 200: json(z.object({ items: z.array(ApiKeySchema) }), 'Keys'), ...commonErrors },
    }),
    async (c) => c.json({ items: await platform.apiKeys.list(c.get('tenant')!.id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api-keys/{id}',
      summary: 'Revoke an API key',
      ...guard('admin', { action: 'api-key.revoke', resource: 'api-key', roles: ADMIN }),
      request: { params: IdParam },
      responses: { 200: json(ApiKeySchema, 'Revoked'), ...commonErrors },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const info = ID_PATTERN.test(id) ? await platform.apiKeys.revoke(c.get('tenant')!.id, id, new Date()) : undefined;
      if (!info) throw problems.notFound(`API key ${id}`);
      return c.json(info, 200);
    },
  );

  return app;
}
