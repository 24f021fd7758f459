/** Case routes: intake, reads, history, transitions, sealed-data reveal. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import { toJSONSchema } from 'zod';
import { problems } from '../../kernel/problems.ts';
import { accessOf, grant, type Permission } from '../../kit/access.ts';
import type { AppEnv } from '../../kit/env.ts';
import { CaseSchema, commonErrors, guard, IdParam, idempotencyHeader, json, PageQuery, writeErrors } from '../../kit/schemas.ts';
import { type CaseType, COMMON_ROLES, type TenantKind } from '../../pipeline/contract.ts';
import { type CasePermissions, casePermissions, unionOf } from '../../pipeline/permissions.ts';
import type { Platform } from '../../platform/services.ts';

const EventSchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    from: z.string().nullable(),
    to: z.string(),
    note: z.string().optional(),
    input: z.record(z.string(), z.unknown()).optional(),
    transfers: z.array(z.string()).optional(),
  })
  .openapi('CaseEvent');

/**
 * The routes serve every case type of every kind: each route's permission is
 * the union of the case types' own (a role with every relation it has in any
 * of them); the case service then decides each case with its type's.
 */
function routePermissions(kinds: ReadonlyMap<string, TenantKind>) {
  const types = [...kinds.values()].flatMap((k) => k.caseTypes.map((ct) => ({ ct, p: casePermissions(k, ct) })));
  const union = (pick: (x: { ct: CaseType; p: CasePermissions }) => Permission[], action: string) => unionOf(types.flatMap(pick), action);
  const everyone = [...new Set([...COMMON_ROLES, ...[...kinds.values()].flatMap((k) => Object.keys(k.roles))])];
  return {
    types: { action: 'case-type.list', resource: 'case-type', roles: grant(everyone, 'tenant') },
    read: union(({ p }) => [p.read], 'case.read'),
    submit: union(({ p }) => [p.submit], 'case.submit'),
    transition: union(({ ct, p }) => Object.keys(ct.transitions).map((name) => p.transition(name)), 'case.transition'),
    reveal: union(({ p }) => [p.reveal], 'case.reveal'),
    stats: union(({ p }) => [p.stats], 'case.stats'),
    accessLog: union(({ p }) => [p.accessLog], 'case.access-log'),
  };
}

/** The intake body: one variant per case type, so the OpenAPI document shows every form. */
function intakeSchema(kinds: ReadonlyMap<string, TenantKind>) {
  const variants = [...kinds.values()].flatMap((k) => k.caseTypes.map((ct) => z.strictObject({ type: z.literal(ct.type), input: ct.intake.schema })));
  if (variants.length === 0) return z.strictObject({ type: z.string(), input: z.record(z.string(), z.unknown()) });
  if (variants.length === 1) return variants[0]!;
  return z.discriminatedUnion('type', variants as never);
}

function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!m) throw problems.validation([{ field: 'header.if-match', message: 'expected an ETag such as "3"' }]);
  return Number(m[1]);
}

export function caseRoutes(platform: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  const perms = routePermissions(platform.kinds);
  const tenantOf = (c: { get: (k: 'tenant') => AppEnv['Variables']['tenant'] }) => c.get('tenant')!;
  const described = new WeakMap<readonly CaseType[], Array<Record<string, never>>>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/case-types',
      summary: 'Case types this tenant handles, with intake schemas and state machines',
      ...guard('cases', perms.types),
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Case types'), ...commonErrors },
    }),
    async (c) => {
      const tenant = tenantOf(c);
      const types = platform.cases.caseTypes(tenant);
      // A field chosen from the tenant's own list (its townships) is offered as that list: read per request, over the cached description.
      const withChoices = async (items: Array<Record<string, never>>) =>
        Promise.all(
          items.map(async (item, i) => {
            const choices = await platform.cases.intakeChoices(tenant, types[i]!);
            if (!Object.keys(choices).length) return item;
            const schema = item.intakeSchema as unknown as { properties?: Record<string, Record<string, unknown>> };
            const properties = { ...schema.properties };
            for (const [field, list] of Object.entries(choices)) {
              // An empty list is no list: the field is typed as the schema says.
              if (!list.length) continue;
              properties[field] = {
                ...properties[field],
                enum: list.map((o) => o.value),
                'x-captions': Object.fromEntries(list.map((o) => [o.value, o.caption])),
              };
            }
            return { ...item, intakeSchema: { ...schema, properties } };
          }),
        );
      const cached = described.get(types);
      if (cached) return c.json({ items: await withChoices(cached) }, 200);
      const items = types.map((ct) => ({
        type: ct.type,
        title: ct.title,
        intakeRoles: ct.intake.roles,
        intakeSchema: toJSONSchema(ct.intake.schema, { io: 'input', unrepresentable: 'any' }),
        sensitive: ct.intake.sensitive ?? [],
        states: ct.states,
        initial: ct.initial,
        queues: ct.queues,
        staffRoles: ct.staffRoles,
        documents: ct.documents ?? [],
        internal: ct.internal ?? [],
        revealRoles: ct.revealRoles ?? [],
        transitions: Object.fromEntries(
          Object.entries(ct.transitions).map(([name, t]) => [
            name,
            {
              label: t.label,
              from: t.from,
              to: t.to,
              roles: t.roles,
              actor: t.actor ?? 'any',
              inputSchema: t.input ? toJSONSchema(t.input, { io: 'input', unrepresentable: 'any' }) : null,
            },
          ]),
        ),
      }));
      // A kind's case types are fixed at build time: describe them once per process, not per request.
      described.set(types, items as unknown as Array<Record<string, never>>);
      return c.json({ items: await withChoices(described.get(types)!) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/cases',
      summary: 'Submit a case (intake): validated, routed, SLA set, notifications queued — in one transaction',
      ...guard('cases', perms.submit),
      request: { headers: idempotencyHeader(true), body: { content: { 'application/json': { schema: intakeSchema(platform.kinds) } }, required: true } },
      responses: {
        201: json(CaseSchema, 'Created; a retry with the same Idempotency-Key answers the same, marked `Idempotent-Replayed: true`'),
        ...writeErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json') as { type: string; input: unknown };
      const out = await platform.cases.submit(accessOf(c), tenantOf(c), body, c.req.valid('header')['idempotency-key']);
      c.header('Location', `/v1/cases/${out.body.id}`);
      c.header('ETag', `"${out.body.version}"`);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body, out.status as 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases',
      summary: 'List cases: a queue (staff, open first by SLA due time), a team’s work, or your own',
      ...guard('cases', perms.read),
      request: {
        query: PageQuery.extend({
          queue: z
            .string()
            .max(64)
            .optional()
            .openapi({ param: { name: 'queue', in: 'query' } }),
          team: z
            .string()
            .max(64)
            .optional()
            .openapi({ param: { name: 'team', in: 'query' } }),
          mine: z
            .enum(['true', 'false'])
            .optional()
            .openapi({ param: { name: 'mine', in: 'query' } }),
          q: z
            .string()
            .trim()
            .max(64)
            .optional()
            .openapi({
              param: { name: 'q', in: 'query' },
              description: 'Find by reference or id, room, name, words of the description, or a phone in full (matched against its mask)',
            }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(CaseSchema), nextCursor: z.string().optional() }), 'A page of cases'), ...commonErrors },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await platform.cases.list(accessOf(c), tenantOf(c), {
        queue: q.queue,
        team: q.team,
        mine: q.mine === 'true',
        limit: q.limit,
        cursor: q.cursor,
        q: q.q,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/stats',
      summary: 'Cases opened and closed per day, and SLA attainment, over the last days (staff)',
      ...guard('cases', perms.stats),
      request: {
        query: z.object({
          days: z.coerce
            .number()
            .int()
            .min(1)
            .max(90)
            .default(14)
            .openapi({ param: { name: 'days', in: 'query' } }),
        }),
      },
      responses: {
        200: json(
          z.object({
            timeZone: z.string(),
            days: z.array(z.object({ date: z.string(), opened: z.number(), closed: z.number(), closedInSla: z.number() })),
            closed: z.number(),
            closedInSla: z.number(),
            slaAttainment: z.number().nullable().openapi({ description: 'percent of the closed cases closed within their SLA' }),
            queries: z.number(),
          }),
          'Figures',
        ),
        ...commonErrors,
      },
    }),
    async (c) => c.json(await platform.cases.stats(accessOf(c), tenantOf(c), c.req.valid('query').days), 200),
  );

  const ReportRow = z
    .object({
      type: z.string(),
      team: z.string().openapi({ description: 'The team it ended with; `-` for cases the desk served itself' }),
      ended: z.number().int(),
      abandoned: z.number().int().openapi({ description: 'Withdrawn or cancelled: not counted in the figures that follow' }),
      rated: z.number().int(),
      averageRating: z.number().nullable(),
      ratings: z.array(z.number().int()).openapi({ description: 'How many rated 1, 2, 3, 4 and 5' }),
      resolved: z.number().int(),
      resolvedInTime: z.number().int(),
      responded: z.number().int(),
      respondedInTime: z.number().int(),
      breached: z.number().int().openapi({ description: 'Cases that passed any of their promises' }),
      attainment: z.number().nullable().openapi({ description: 'Percent resolved within the promise' }),
    })
    .openapi('CaseReportRow');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/report',
      summary: 'A month’s satisfaction and service levels per case type and team: ratings, first responses and resolutions in time, breaches (staff)',
      ...guard('cases', perms.stats),
      request: {
        query: z.object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
            .openapi({ param: { name: 'month', in: 'query' }, example: '2026-11' }),
        }),
      },
      responses: { 200: json(z.object({ month: z.string(), rows: z.array(ReportRow) }), 'Report'), ...commonErrors },
    }),
    async (c) => {
      const tenant = tenantOf(c);
      const { month } = c.req.valid('query');
      const current = DateTime.fromJSDate(platform.clock(), { zone: tenant.calendar.timeZone }).startOf('month');
      const asked = DateTime.fromISO(`${month}-01`, { zone: tenant.calendar.timeZone });
      if (asked > current || asked < current.minus({ years: 10 })) {
        throw problems.validation([{ field: 'query.month', message: 'a month from ten years ago up to this one' }]);
      }
      return c.json(await platform.cases.report(accessOf(c), tenant, month), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}',
      summary: 'A case with its tasks and the actions you may take',
      ...guard('cases', perms.read),
      request: { params: IdParam },
      responses: { 200: json(CaseSchema, 'The case'), ...commonErrors },
    }),
    async (c) => {
      const detail = await platform.cases.get(accessOf(c), tenantOf(c), c.req.valid('param').id);
      c.header('ETag', `"${detail.version}"`);
      return c.json(detail, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}/history',
      summary: 'Every event of the case: who, when, from, to, why',
      ...guard('cases', perms.read),
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(EventSchema) }), 'History, oldest first'), ...commonErrors },
    }),
    async (c) => c.json({ items: await platform.cases.history(accessOf(c), tenantOf(c), c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/cases/{id}/transitions',
      summary: 'Fire an action on a case (dispatch, complete, confirm…)',
      description:
        'Optimistic concurrency: pass `expectedVersion` or `If-Match: "<version>"` to fail with 409 if the case changed. An Idempotency-Key makes a retry return the first response.',
      ...guard('cases', perms.transition),
      request: {
        params: IdParam,
        headers: idempotencyHeader(false).extend({
          'if-match': z
            .string()
            .optional()
            .openapi({ param: { name: 'if-match', in: 'header' } }),
        }),
        body: {
          content: {
            'application/json': {
              schema: z
                .strictObject({
                  action: z.string().min(1).max(64),
                  input: z.record(z.string(), z.unknown()).optional(),
                  expectedVersion: z.number().int().min(1).optional(),
                })
                .openapi('TransitionRequest'),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(CaseSchema, 'The case after the action'), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const headers = c.req.valid('header');
      const expectedVersion = body.expectedVersion ?? versionFromIfMatch(headers['if-match']);
      const out = await platform.cases.transition(accessOf(c), tenantOf(c), c.req.valid('param').id, { ...body, expectedVersion }, headers['idempotency-key']);
      c.header('ETag', `"${out.body.version}"`);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/cases/{id}/reveal',
      summary: 'Read sealed personal data in clear; the read is recorded with its reason',
      ...guard('cases', perms.reveal),
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: z.strictObject({ reason: z.string().trim().min(4).max(200) }) } }, required: true },
      },
      responses: { 200: json(z.object({ fields: z.record(z.string(), z.unknown()) }), 'The sealed fields in clear'), ...writeErrors },
    }),
    async (c) => {
      const fields = await platform.cases.reveal(accessOf(c), tenantOf(c), c.req.valid('param').id, c.req.valid('json').reason);
      c.header('Cache-Control', 'no-store');
      return c.json({ fields }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/cases/{id}/access-log',
      summary: 'Who read the sealed personal data of a case, when and why',
      ...guard('cases', perms.accessLog),
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Access records'), ...commonErrors },
    }),
    async (c) => c.json({ items: await platform.cases.accessLog(accessOf(c), tenantOf(c), c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/access-log',
      summary: 'Reads of personal data by one user, or of one person’s data (a case, or the registration other cases name), newest first',
      ...guard('cases', perms.accessLog),
      request: {
        query: PageQuery.extend({
          user: z.string().min(1).max(100).optional(),
          subject: z.string().min(1).max(100).optional(),
        }).refine((q) => (q.user === undefined) !== (q.subject === undefined), { message: 'name exactly one of user and subject', path: ['user'] }),
      },
      responses: {
        200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().optional() }), 'Access records'),
        ...commonErrors,
      },
    }),
    async (c) => c.json(await platform.cases.accessLogOf(accessOf(c), tenantOf(c), c.req.valid('query')), 200),
  );

  return app;
}
