/**
 * A tenant's wording of its case notifications: every template its case
 * types send, each with the wording in force shown on a sample case; the
 * admin's own text for one of them (If-Match names the version changed, and
 * every version is kept); a preview of text not yet saved; and back to the
 * case type's default.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import { problems } from '../../kernel/problems.ts';
import { grant } from '../../kit/access.ts';
import type { AppEnv } from '../../kit/env.ts';
import { commonErrors, guard, json, writeErrors } from '../../kit/schemas.ts';
import type { CaseType, MessageFormat, Tenant } from '../../pipeline/contract.ts';
import { PLACEHOLDERS, sampleCase, sampleMessage, TEMPLATE_KEY, templateKey, templateText } from '../../pipeline/templates.ts';
import type { Platform } from '../../platform/services.ts';

const READERS = grant(['tenant-admin', 'auditor'], 'tenant');
const ADMIN = grant(['tenant-admin'], 'tenant');

const KeyParam = z.object({
  key: z
    .string()
    .regex(TEMPLATE_KEY, 'a template key such as repair.created.0')
    .openapi({ param: { name: 'key', in: 'path' }, example: 'repair.created.0' }),
});
const IfMatch = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"\d{1,6}"$/, 'the templates version read, as an ETag such as "0"')
    .openapi({ param: { name: 'if-match', in: 'header' } }),
});
const Message = z.object({ subject: z.string(), body: z.string() });
const Template = z.object({
  key: z.string(),
  type: z.string(),
  event: z.string(),
  index: z.number().int(),
  to: z.string(),
  own: templateText.optional(),
  /** The wording in force, written for a sample case. */
  sample: Message,
});

export function templateRoutes(platform: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  const tenantOf = (c: { get(k: 'tenant'): Tenant | undefined }) => {
    const tenant = c.get('tenant');
    if (!tenant) throw problems.notFound('Tenant');
    return tenant;
  };
  const format = (tenant: Tenant): MessageFormat => ({
    time: (iso) => DateTime.fromISO(iso, { zone: tenant.calendar.timeZone }).toFormat('yyyy-MM-dd HH:mm'),
  });
  /** The template a key names among the tenant's case types, or a 404 naming it. */
  const find = (tenant: Tenant, key: string): { ct: CaseType; event: string; index: number } => {
    for (const ct of platform.cases.caseTypes(tenant))
      for (const [event, list] of Object.entries(ct.notify))
        for (const index of list.keys()) if (templateKey(ct.type, event, index) === key) return { ct, event, index };
    throw problems.notFound(`Template ${key}`);
  };
  const sample = (tenant: Tenant, ct: CaseType, event: string, index: number, own = tenant.templates) =>
    sampleMessage(ct, event, index, sampleCase(ct, tenant.id, platform.clock()), format(tenant), own);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenant/templates',
      summary: 'Every notification template of this tenant’s case types, with its own wording if set and the wording in force on a sample case',
      ...guard('platform', { action: 'tenant.templates.read', resource: 'tenant', roles: READERS }),
      responses: {
        200: json(
          z.object({ version: z.number().int(), placeholders: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })), items: z.array(Template) }),
          'Templates',
        ),
        ...commonErrors,
      },
    }),
    (c) => {
      const tenant = tenantOf(c);
      const items = platform.cases.caseTypes(tenant).flatMap((ct) =>
        Object.entries(ct.notify).flatMap(([event, list]) =>
          list.map((t, index) => {
            const key = templateKey(ct.type, event, index);
            const own = tenant.templates?.[key];
            return {
              key,
              type: ct.type,
              event,
              index,
              to: typeof t.to === 'string' ? t.to : `role:${t.to.role}`,
              ...(own ? { own } : {}),
              sample: sample(tenant, ct, event, index),
            };
          }),
        ),
      );
      c.header('ETag', `"${tenant.templatesVersion ?? 0}"`);
      return c.json({ version: tenant.templatesVersion ?? 0, placeholders: PLACEHOLDERS, items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tenant/templates/preview',
      summary: 'A wording not yet saved, written for a sample case: refused, naming the field, where it has a placeholder that does not exist',
      ...guard('platform', { action: 'tenant.templates.preview', resource: 'tenant', roles: READERS }),
      request: {
        body: { content: { 'application/json': { schema: templateText.extend({ key: KeyParam.shape.key }) } }, required: true },
      },
      responses: { 200: json(Message, 'Preview'), ...writeErrors },
    }),
    (c) => {
      const tenant = tenantOf(c);
      const { key, subject, body } = c.req.valid('json');
      const { ct, event, index } = find(tenant, key);
      return c.json(sample(tenant, ct, event, index, { [key]: { subject, body } }), 200);
    },
  );

  const change = (method: 'put' | 'delete') =>
    app.openapi(
      createRoute({
        method,
        path: '/tenant/templates/{key}',
        summary:
          method === 'put'
            ? 'Set this tenant’s wording of one template; If-Match names the version changed, and every version is kept'
            : 'Give one template back its case type’s wording; If-Match names the version changed',
        ...guard('platform', { action: 'tenant.templates.set', resource: 'tenant', roles: ADMIN }),
        request: {
          params: KeyParam,
          headers: IfMatch,
          ...(method === 'put' ? { body: { content: { 'application/json': { schema: templateText } }, required: true } } : {}),
        },
        responses: { 200: json(z.object({ version: z.number().int(), templates: z.record(z.string(), templateText) }), 'The new version'), ...writeErrors },
      }),
      async (c) => {
        const tenant = tenantOf(c);
        const { key } = c.req.valid('param');
        find(tenant, key);
        const seen = Number(/"(\d+)"/.exec(c.req.valid('header')['if-match'])![1]);
        const text = method === 'put' ? templateText.parse(await c.req.json()) : null;
        const out = await platform.tenants.setTemplate(tenant.id, key, text, seen, c.get('actor')!.sub, platform.clock());
        c.header('ETag', `"${out.version}"`);
        return c.json(out, 200);
      },
    );
  change('put');
  change('delete');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenant/templates/versions',
      summary: 'Every version of the notification wording, newest first: which template changed, who changed it and when',
      ...guard('platform', { action: 'tenant.templates.history', resource: 'tenant', roles: READERS }),
      responses: {
        200: json(
          z.object({
            items: z.array(
              z.object({ version: z.number().int(), changed: z.string(), templates: z.record(z.string(), templateText), by: z.string(), at: z.string() }),
            ),
          }),
          'Versions',
        ),
        ...commonErrors,
      },
    }),
    async (c) => c.json({ items: await platform.tenants.templateVersions(tenantOf(c).id) }, 200),
  );

  return app;
}
