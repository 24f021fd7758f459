/** Meeting rooms: the manager keeps the list; the desk and residents see rooms and a day's bookings (bookings themselves are `meeting` requests). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { problems } from '../../../kernel/problems.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, writeErrors } from '../../../kit/schemas.ts';
import type { PropertyServices } from '../office.ts';
import { DESK_READ, IdParam, MANAGE } from '../roles.ts';
import { listRooms, putRoom, RoomRecord, roomDay, roomDayRecord, roomInput, roomRecord } from './rooms.ts';

const SEE_ROOMS = { ...DESK_READ, resident: 'tenant' };

export function meetingRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  const Room = named(roomRecord, 'MeetingRoom');
  const records = (c: Parameters<typeof tenantOf>[0]) => s.forTenant(tenantOf(c)).records;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/rooms',
      summary: 'The meeting rooms: capacity, opening hours, whether bookings need approval',
      ...kit.guard({ action: 'room.list', resource: 'room', roles: SEE_ROOMS }),
      responses: { 200: json(z.object({ items: z.array(Room) }), 'Rooms'), ...commonErrors },
    }),
    async (c) => c.json({ items: await listRooms(records(c)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/property/rooms/{id}',
      summary: 'Adds or changes a meeting room',
      ...kit.guard({ action: 'room.set', resource: 'room', roles: MANAGE }),
      request: {
        params: z.object({
          id: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
        body: { content: { 'application/json': { schema: roomInput } }, required: true },
      },
      responses: { 200: json(Room, 'Stored'), ...writeErrors },
    }),
    async (c) => c.json(await putRoom(records(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/rooms/{id}/days/{date}',
      summary: 'A room’s bookings on a date (the calendar)',
      ...kit.guard({ action: 'room.day', resource: 'room', roles: SEE_ROOMS }),
      request: { params: IdParam.extend({ date: z.iso.date().openapi({ param: { name: 'date', in: 'path' } }) }) },
      responses: { 200: json(named(roomDayRecord, 'RoomDay'), 'The day'), ...commonErrors },
    }),
    async (c) => {
      const { id, date } = c.req.valid('param');
      if (!(await records(c).get(RoomRecord, id))) throw problems.notFound(`Meeting room ${id}`);
      return c.json(await roomDay(records(c), id, date), 200);
    },
  );
  return app;
}
