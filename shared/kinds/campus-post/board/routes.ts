/** The board: its public view (no sign-in), and the stored board a supervisor edits. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { TENANT_ID_PATTERN } from '../../../kernel/tenancy.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, writeErrors } from '../../../kit/schemas.ts';
import type { CampusServices } from '../office.ts';
import { anyJson, SUPERVISE } from '../roles.ts';
import { boardRecord } from './board.entity.ts';
import { board, publicBoard, publicBoardSchema, putBoard } from './board.ts';

export function boardRoutes(kit: RouteKit, s: CampusServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/public/boards/{tenantId}',
      summary: 'The public service board: service lines with items and prices, opening hours, phones (no sign-in)',
      tags: [kit.tag],
      request: {
        params: z.object({
          tenantId: z
            .string()
            .regex(TENANT_ID_PATTERN)
            .openapi({ param: { name: 'tenantId', in: 'path' } }),
        }),
      },
      responses: { 200: json(publicBoardSchema, 'The board'), 404: commonErrors[404] },
    }),
    async (c) => {
      const o = s.forTenant(await kit.publicTenant(c.req.valid('param').tenantId));
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(publicBoard(await board(o), o.now().toISOString()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/board',
      summary: 'The board as stored: every item with its price history, withdrawn items included',
      ...kit.guard({ action: 'board.read', resource: 'board', roles: SUPERVISE }),
      responses: { 200: json(boardRecord, 'Board'), ...commonErrors },
    }),
    async (c) => c.json(await board(office(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/campus/board',
      summary: 'Replace the board (prices carry their effective times)',
      ...kit.guard({ action: 'board.write', resource: 'board', roles: SUPERVISE }),
      // Checked by the board's own schema, so a bad price is reported against its item's path.
      request: { body: { content: { 'application/json': { schema: anyJson } }, required: true } },
      responses: { 200: json(boardRecord, 'Board'), ...writeErrors },
    }),
    async (c) => c.json(await putBoard(office(c), c.req.valid('json')), 200),
  );

  return app;
}
