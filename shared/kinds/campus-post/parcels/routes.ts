/**
 * Parcels: check-in and release at the counter, the counter's list, door
 * delivery. Students and teachers see their own parcels (and only what
 * concerns them); anyone else's is a 404.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type Parcel, parcelRecord } from '../../../capabilities/parcel-custody/index.ts';
import { accessOf, rolesOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { actorOf, tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, PageQuery, writeErrors } from '../../../kit/schemas.ts';
import { person, personOfSub } from '../directory/directory.ts';
import type { CampusServices, Office } from '../office.ts';
import { COUNTER, IdParam, STAFF_READ } from '../roles.ts';
import { bookDoorDelivery, deliverToDoor, doorBookingInput, doorDeliveryInput, SLOTS } from './door.ts';
import { checkIn, checkInInput, counterPage, parcel, parcelsOf, release, releaseInput } from './parcels.ts';

/** What a recipient sees of their parcel: no chain of custody, the code only while it waits. */
const recipientView = parcelRecord.pick({
  id: true,
  tracking: true,
  carrier: true,
  shelf: true,
  status: true,
  code: true,
  checkedInAt: true,
  door: true,
  storageFee: true,
});
const forRecipient = (p: Parcel): z.infer<typeof recipientView> => ({
  id: p.id,
  tracking: p.tracking,
  carrier: p.carrier,
  shelf: p.shelf,
  status: p.status,
  code: p.status === 'waiting' ? p.code : undefined,
  checkedInAt: p.checkedInAt,
  door: p.door,
  storageFee: p.storageFee,
});

/** A parcel's place: it is its recipient's (their sign-in, when the directory has one); an unclaimed one is nobody's. */
async function parcelScope(o: Office, p: Parcel) {
  return { requester: p.recipientId ? (await person(o, p.recipientId))?.sub : undefined };
}

const STAFF = rolesOf(STAFF_READ);

export function parcelRoutes(kit: RouteKit, s: CampusServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/parcels',
      summary: 'Check in a parcel: recipient from the directory, a pickup code issued, the recipient notified',
      ...kit.guard({ action: 'parcel.check-in', resource: 'parcel', roles: COUNTER }),
      request: { body: { content: { 'application/json': { schema: checkInInput } }, required: true } },
      responses: { 201: json(parcelRecord, 'Parcel'), ...writeErrors },
    }),
    async (c) => c.json(await checkIn(office(c), actorOf(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/parcels/release',
      summary: 'Release a parcel: pickup code + last four phone digits, optionally to an authorised proxy',
      ...kit.guard({ action: 'parcel.release', resource: 'parcel', roles: COUNTER }),
      request: { body: { content: { 'application/json': { schema: releaseInput } }, required: true } },
      responses: { 200: json(parcelRecord, 'Released'), ...writeErrors },
    }),
    async (c) => c.json(await release(office(c), actorOf(c), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/parcels',
      summary: 'Parcels waiting at the counter (uncollected, unclaimed, locked, to return)',
      ...kit.guard({ action: 'parcel.list', resource: 'parcel', roles: STAFF_READ }),
      request: {
        query: PageQuery.extend({
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(100)
            .default(50)
            .openapi({ param: { name: 'limit', in: 'query' } }),
          q: z
            .string()
            .max(40)
            .optional()
            .openapi({
              param: { name: 'q', in: 'query' },
              description: 'Find by tracking number or part of it, recipient name, shelf, or the recipient’s phone or student number in full',
            }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(parcelRecord), nextCursor: z.string().optional() }), 'A page of parcels'), ...commonErrors },
    }),
    async (c) => c.json(await counterPage(office(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/my/parcels',
      summary: 'Your parcels, newest first',
      ...kit.guard({ action: 'parcel.list-mine', resource: 'parcel', roles: { customer: 'requester' } }),
      responses: { 200: json(z.object({ items: z.array(recipientView) }), 'Parcels'), ...commonErrors },
    }),
    async (c) => {
      const o = office(c);
      const me = await personOfSub(o, actorOf(c).sub);
      return c.json({ items: me ? (await parcelsOf(o, me.id)).map(forRecipient) : [] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/parcels/{id}',
      summary: 'A parcel with its chain of custody (staff), or its status (its recipient)',
      ...kit.guard({ action: 'parcel.read', resource: 'parcel', roles: { ...STAFF_READ, customer: 'requester' } }),
      request: { params: IdParam },
      responses: { 200: json(z.union([parcelRecord, recipientView]), 'Parcel'), ...commonErrors },
    }),
    async (c) => {
      const o = office(c);
      const access = accessOf(c);
      const p = await parcel(o, c.req.valid('param').id);
      await access.require(await parcelScope(o, p), `Parcel ${p.id}`);
      return c.json(access.holds(STAFF) ? p : forRecipient(p), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/parcels/{id}/door-booking',
      summary: `Book door delivery in a slot (${SLOTS.join(', ')}); full slots are refused`,
      ...kit.guard({ action: 'parcel.book-door', resource: 'parcel', roles: { ...COUNTER, customer: 'requester' } }),
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: doorBookingInput } }, required: true },
      },
      responses: { 200: json(z.union([parcelRecord, recipientView]), 'Booked'), ...writeErrors },
    }),
    async (c) => {
      const o = office(c);
      const access = accessOf(c);
      const id = c.req.valid('param').id;
      await access.require(await parcelScope(o, await parcel(o, id)), `Parcel ${id}`);
      const { date, slot } = c.req.valid('json');
      const booked = await bookDoorDelivery(o, id, date, slot);
      return c.json(access.holds(STAFF) ? booked : forRecipient(booked), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/parcels/{id}/door-delivery',
      summary: 'Proof of door delivery',
      ...kit.guard({ action: 'parcel.deliver-door', resource: 'parcel', roles: COUNTER }),
      request: {
        params: IdParam,
        body: {
          content: { 'application/json': { schema: doorDeliveryInput } },
          required: true,
        },
      },
      responses: { 200: json(parcelRecord, 'Delivered'), ...writeErrors },
    }),
    async (c) => c.json(await deliverToDoor(office(c), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );

  return app;
}
