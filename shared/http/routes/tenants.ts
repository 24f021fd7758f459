/** Platform routes: the platform operator creates and lists tenants; any tenant user reads its own. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { calendarSchema } from '../../capabilities/calendar/index.ts';
import { problems } from '../../kernel/problems.ts';
import { TENANT_ID_PATTERN } from '../../kernel/tenancy.ts';
import { grant } from '../../kit/access.ts';
import type { AppEnv } from '../../kit/env.ts';
import { commonErrors, guard, json, writeErrors } from '../../kit/schemas.ts';
import { COMMON_ROLES, PLATFORM_OPERATOR } from '../../pipeline/contract.ts';
import type { Platform } from '../../platform/services.ts';

const TenantSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    calendar: z.record(z.string(), z.unknown()),
    calendarVersion: z.number().int().optional(),
    status: z.enum(['active', 'suspended']),
    createdAt: z.string(),
    capabilities: z.array(z.string()).optional(),
  })
  .openapi('Tenant');

export function tenantRoutes(platform: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  const kinds = [...platform.kinds.keys()] as [string, ...string[]];
  const capabilities = [...platform.capabilities.keys()] as [string, ...string[]];
  const tenantRoles = [...new Set([...COMMON_ROLES, ...[...platform.kinds.values()].flatMap((k) => Object.keys(k.roles))])];
  const OPERATOR = { [PLATFORM_OPERATOR]: 'tenant' };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tenants',
      summary: 'Create a tenant (platform operator)',
      ...guard('platform', { action: 'tenant.create', resource: 'tenant', roles: OPERATOR }),
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                id: z.string().regex(TENANT_ID_PATTERN, 'lowercase letters, digits and dashes, 3–40 characters'),
                kind: z.enum(kinds),
                name: z.string().trim().min(1).max(200),
                calendar: calendarSchema.optional(),
                capabilities: z
                  .array(z.enum(capabilities))
                  .max(10)
                  .optional()
                  .openapi({ description: 'Capabilities to enable, e.g. cash-management for a postal company' }),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(TenantSchema, 'Created'), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const kind = platform.kinds.get(body.kind)!;
      const tenant = await platform.tenants.create({
        id: body.id,
        kind: body.kind,
        name: body.name,
        calendar: body.calendar ?? kind.defaultCalendar,
        status: 'active',
        createdAt: new Date().toISOString(),
        ...(body.capabilities?.length ? { capabilities: [...new Set(body.capabilities)] } : {}),
      });
      c.header('Location', `/v1/tenants/${tenant.id}`);
      return c.json(tenant, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenants',
      summary: 'List tenants (platform operator)',
      ...guard('platform', { action: 'tenant.list', resource: 'tenant', roles: OPERATOR }),
      responses: { 200: json(z.object({ items: z.array(TenantSchema) }), 'Tenants'), ...commonErrors },
    }),
    async (c) => c.json({ items: await platform.tenants.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenant',
      summary: 'Your own tenant, with your identity as the platform sees it',
      ...guard('platform', { action: 'tenant.whoami', resource: 'tenant', roles: grant(tenantRoles, 'tenant') }),
      responses: {
        200: json(
          z.object({ tenant: TenantSchema, you: z.object({ sub: z.string(), roles: z.array(z.string()), scopes: z.record(z.string(), z.array(z.string())) }) }),
          'Tenant',
        ),
        ...commonErrors,
      },
    }),
    (c) => {
      const tenant = c.get('tenant');
      if (!tenant) throw problems.notFound('Tenant');
      const { sub, roles, scopes } = c.get('actor')!;
      return c.json({ tenant, you: { sub, roles, scopes } }, 200);
    },
  );

  const CalendarVersion = z.object({ version: z.number().int(), calendar: z.record(z.string(), z.unknown()), by: z.string(), at: z.string() });

  app.openapi(
    createRoute({
      method: 'put',
      path: '/tenant/calendar',
      summary: 'Change the business calendar (hours, holidays, make-up days); If-Match names the version changed, and the old one is kept',
      ...guard('platform', { action: 'tenant.calendar.set', resource: 'tenant', roles: grant(['tenant-admin'], 'tenant') }),
      request: {
        headers: z.object({
          'if-match': z
            .string()
            .regex(/^(W\/)?"\d{1,6}"$/, 'the calendar version read, as an ETag such as "0"')
            .openapi({ param: { name: 'if-match', in: 'header' } }),
        }),
        body: { content: { 'application/json': { schema: calendarSchema } }, required: true },
      },
      responses: { 200: json(z.object({ version: z.number().int(), calendar: z.record(z.string(), z.unknown()) }), 'The new version'), ...writeErrors },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      if (!tenant) throw problems.notFound('Tenant');
      const seen = Number(/"(\d+)"/.exec(c.req.valid('header')['if-match'])![1]);
      const out = await platform.tenants.setCalendar(tenant.id, c.req.valid('json'), seen, c.get('actor')!.sub, platform.clock());
      c.header('ETag', `"${out.version}"`);
      return c.json(out, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenant/calendar/versions',
      summary: 'Every version of the business calendar, newest first: what it was, who changed it and when',
      ...guard('platform', { action: 'tenant.calendar.history', resource: 'tenant', roles: grant(['tenant-admin', 'auditor'], 'tenant') }),
      responses: { 200: json(z.object({ items: z.array(CalendarVersion) }), 'Versions'), ...commonErrors },
    }),
    async (c) => {
      const tenant = c.get('tenant');
      if (!tenant) throw problems.notFound('Tenant');
      return c.json({ items: await platform.tenants.calendarVersions(tenant.id) }, 200);
    },
  );

  return app;
}
