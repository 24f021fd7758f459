/**
 * Finding and serving a registered person: look-up by identity number
 * (through its blind index — the number is sent in the body, never in a
 * URL, and never stored), the cases filed for them, and their own data on
 * their request (the PIPL right of access), gathered by the station in
 * clear and recorded as an export in every case's access log.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { problems } from '../../../kernel/problems.ts';
import { accessOf, grant } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, IdParam, json, writeErrors } from '../../../kit/schemas.ts';
import { identityNumber } from '../identity/identity-number.ts';
import type { CommunityServices } from '../office.ts';
import { STATION_READ } from '../roles.ts';
import { RegisteredPersonRecord } from './person.entity.ts';
import { PersonCaseRecord, personCase } from './person-link.ts';

const FINDERS = { ...STATION_READ, collector: 'area' };
const ExportedCase = z.object({ case: z.record(z.string(), z.unknown()), history: z.array(z.record(z.string(), z.unknown())) });

export function personRoutes(kit: RouteKit, s: CommunityServices) {
  const app = new OpenAPIHono<AppEnv>();
  const { cases, sealer } = s.parts;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/community/persons/lookup',
      summary: 'Finds a person’s registration by identity number (a collector only in their own area)',
      ...kit.guard({ action: 'community-person.lookup', resource: 'person', roles: FINDERS }),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ idNumber: identityNumber }) } }, required: true } },
      responses: { 200: json(z.object({ registration: z.string(), area: z.string(), registeredAt: z.string() }), 'Found'), ...writeErrors },
    }),
    async (c) => {
      const tenant = tenantOf(c);
      const found = await s.forTenant(tenant).records.get(RegisteredPersonRecord, sealer.blindIndex(tenant.id, c.req.valid('json').idNumber));
      if (!found) throw problems.notFound('A registration of this identity number');
      await accessOf(c).require({ area: [found.area] }, 'A registration of this identity number');
      return c.json({ registration: found.caseId, area: found.area, registeredAt: found.registeredAt }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/community/persons/{id}/cases',
      summary: 'The cases filed for a registered person: permits, rights cases',
      ...kit.guard({ action: 'community-person.cases', resource: 'person', roles: FINDERS }),
      request: { params: IdParam },
      responses: { 200: json(z.object({ items: z.array(personCase) }), 'Cases'), ...commonErrors },
    }),
    async (c) => {
      const tenant = tenantOf(c);
      const { id } = c.req.valid('param');
      await cases.get(accessOf(c), tenant, id); // 404 unless the caller may read the registration
      return c.json({ items: await s.forTenant(tenant).records.list(PersonCaseRecord, ['PERSON-CASES', id]) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/community/persons/{id}/export',
      summary: 'A person’s own data, on their request: the registration and every case filed for them, in clear, each recorded as an export',
      ...kit.guard({ action: 'community-person.export', resource: 'person', roles: grant(['station'], 'tenant') }),
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: z.strictObject({ reason: z.string().trim().min(4).max(200) }) } }, required: true },
      },
      responses: { 200: json(z.object({ registration: ExportedCase, cases: z.array(ExportedCase) }), 'The person’s data'), ...writeErrors },
    }),
    async (c) => {
      const tenant = tenantOf(c);
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const access = accessOf(c);
      const registration = await cases.exportOf(access, tenant, id, reason);
      if (registration.case.type !== 'registration') throw problems.notFound(`Registration ${id}`);
      const linked = await s.forTenant(tenant).records.list(PersonCaseRecord, ['PERSON-CASES', id]);
      const exported = [];
      for (const l of linked) exported.push(await cases.exportOf(access, tenant, l.caseId, reason));
      c.header('Cache-Control', 'no-store');
      return c.json({ registration, cases: exported } as never, 200);
    },
  );

  return app;
}
