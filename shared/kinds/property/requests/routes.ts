/** The desk's door: any request type, for a named household and person, or a resident's for their own household. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { CaseSchema, idempotencyHeader, json, writeErrors } from '../../../kit/schemas.ts';
import type { PropertyServices } from '../office.ts';
import { DESK } from '../roles.ts';
import { fileRequest, requestInput } from './intake.ts';

export function requestRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/requests',
      summary: 'File a request for a household: the desk for a named household and person (phone or walk-in), a resident for their own',
      description:
        'The person becomes the requester (notified, confirms, rates, is billed); a desk agent is recorded as the taker and first-contact owner. `input` is the request type’s intake (see GET /v1/case-types).',
      ...kit.guard({ action: 'request.file', resource: 'case', roles: { ...DESK, resident: 'requester' } }),
      request: { headers: idempotencyHeader(true), body: { content: { 'application/json': { schema: requestInput } }, required: true } },
      responses: { 201: json(CaseSchema, 'Filed; a retry with the same Idempotency-Key answers the same, marked `Idempotent-Replayed: true`'), ...writeErrors },
    }),
    async (c) => {
      const out = await fileRequest(s, accessOf(c), tenantOf(c), c.req.valid('json'), c.req.valid('header')['idempotency-key']);
      c.header('Location', `/v1/cases/${out.body.id}`);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body as never, out.status as 201);
    },
  );
  return app;
}
