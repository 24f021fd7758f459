/** The public survey answer: the token in the link is the credential. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { TENANT_ID_PATTERN } from '../../../kernel/tenancy.ts';
import type { AppEnv } from '../../../kit/env.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, writeErrors } from '../../../kit/schemas.ts';
import type { NcmsServices } from '../office.ts';
import { submitSurvey } from './surveys.ts';

export function surveyRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/public/ncms/surveys/{tenantId}/{stayId}',
      summary: 'Answer the discharge satisfaction survey (public: the token is the credential)',
      tags: [kit.tag],
      request: {
        params: z.object({
          tenantId: z
            .string()
            .regex(TENANT_ID_PATTERN)
            .openapi({ param: { name: 'tenantId', in: 'path' } }),
          stayId: z
            .string()
            .max(64)
            .openapi({ param: { name: 'stayId', in: 'path' } }),
        }),
        query: z.object({
          token: z
            .string()
            .max(64)
            .openapi({ param: { name: 'token', in: 'query' } }),
        }),
        body: {
          content: {
            'application/json': { schema: z.strictObject({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() }) },
          },
          required: true,
        },
      },
      responses: {
        201: json(z.object({ score: z.number(), comment: z.string().optional(), at: z.string() }), 'Thank you'),
        404: commonErrors[404],
        409: writeErrors[409],
      },
    }),
    async (c) => {
      const { tenantId, stayId } = c.req.valid('param');
      return c.json(await submitSurvey(s.forTenant(await kit.publicTenant(tenantId)), stayId, c.req.valid('query').token, c.req.valid('json')), 201);
    },
  );

  return app;
}
