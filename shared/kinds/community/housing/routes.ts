/** Who lives in a rented house: each resident's room and lease, linked to their registration. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { problems } from '../../../kernel/problems.ts';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, IdParam, json } from '../../../kit/schemas.ts';
import type { CommunityServices } from '../office.ts';
import { AREA_WORK, STATION_READ } from '../roles.ts';
import { HouseRecord, OccupancyRecord, occupancy } from './house.entity.ts';

export function housingRoutes(kit: RouteKit, s: CommunityServices) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/community/houses/{id}/residents',
      summary: 'The residents of a rented house: room, lease and registration of each',
      ...kit.guard({ action: 'community-house.residents', resource: 'house', roles: { ...STATION_READ, ...AREA_WORK } }),
      request: { params: IdParam },
      responses: { 200: json(z.object({ rooms: z.array(z.string()), items: z.array(occupancy) }), 'Residents'), ...commonErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { records } = s.forTenant(tenantOf(c));
      const house = await records.get(HouseRecord, id);
      if (!house) throw problems.notFound(`Rented house ${id}`);
      await accessOf(c).require({ area: [house.area] }, `Rented house ${id}`);
      const items = await records.list(OccupancyRecord, ['HOUSE', id], { prefix: 'LIVES#' });
      return c.json({ rooms: house.rooms, items }, 200);
    },
  );

  return app;
}
