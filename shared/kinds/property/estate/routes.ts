/**
 * The estate directory's API: buildings, households and their people, the
 * desk's look-up by room or phone, an import from CSV, and a resident's own
 * household. Phones are never shown in full.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { problems } from '../../../kernel/problems.ts';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, PageQuery, writeErrors } from '../../../kit/schemas.ts';
import type { PropertyServices } from '../office.ts';
import { DESK_READ, IdParam, MANAGE } from '../roles.ts';
import { buildingRecord, householdRecord, personRecord } from './estate.entity.ts';
import {
  addBuilding,
  addPerson,
  buildingInput,
  buildings,
  findHousehold,
  householdInput,
  householdWithPeople,
  importEstate,
  listHouseholds,
  moveOut,
  personInput,
  putHousehold,
} from './estate.ts';

/** What is shown of a person: never the sealed phone. */
const PersonView = named(personRecord.omit({ sealedPhone: true }), 'HouseholdPerson');
const HouseholdView = named(householdRecord, 'Household');
const withPeople = z.object({ household: HouseholdView, people: z.array(PersonView) });
const shown = <T extends { sealedPhone: string }>(p: T) => {
  const { sealedPhone: _, ...rest } = p;
  return rest;
};

export function estateRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/buildings',
      summary: 'Add a building (or rename one)',
      ...kit.guard({ action: 'building.put', resource: 'building', roles: MANAGE }),
      request: { body: { content: { 'application/json': { schema: buildingInput } }, required: true } },
      responses: { 201: json(named(buildingRecord, 'Building'), 'The building'), ...writeErrors },
    }),
    async (c) => c.json(await addBuilding(office(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/buildings',
      summary: 'The estate’s buildings',
      ...kit.guard({ action: 'building.list', resource: 'building', roles: DESK_READ }),
      responses: { 200: json(z.object({ items: z.array(buildingRecord) }), 'Buildings'), ...commonErrors },
    }),
    async (c) => c.json({ items: await buildings(office(c)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/households',
      summary: 'Add a household (a room with its area and property type), or change its area or type',
      ...kit.guard({ action: 'household.put', resource: 'household', roles: MANAGE }),
      request: { body: { content: { 'application/json': { schema: householdInput } }, required: true } },
      responses: { 201: json(HouseholdView, 'The household'), ...writeErrors },
    }),
    async (c) => c.json(await putHousehold(office(c), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/households',
      summary: 'Households in building, unit and room order, a page at a time (`building` narrows to one)',
      ...kit.guard({ action: 'household.list', resource: 'household', roles: DESK_READ }),
      request: {
        query: PageQuery.extend({
          building: z
            .string()
            .max(10)
            .optional()
            .openapi({ param: { name: 'building', in: 'query' } }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(HouseholdView), nextCursor: z.string().optional() }), 'Households'), ...commonErrors },
    }),
    async (c) => c.json(await listHouseholds(office(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/households/lookup',
      summary: 'The household of a phone number (the desk, taking a call)',
      ...kit.guard({ action: 'household.lookup', resource: 'household', roles: DESK_READ }),
      request: {
        query: z.object({
          phone: z
            .string()
            .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 an 11-digit mainland mobile number')
            .openapi({ param: { name: 'phone', in: 'query' } }),
        }),
      },
      responses: { 200: json(withPeople.extend({ person: PersonView }), 'The household and the person'), ...commonErrors },
    }),
    async (c) => {
      const o = office(c);
      const found = await findHousehold(o, { phone: c.req.valid('query').phone });
      if (!found) throw problems.notFound('A household with this phone');
      const { people } = await householdWithPeople(o, found.household.id);
      return c.json({ household: found.household, people: people.map(shown), person: shown(found.person) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/households/{id}',
      summary: 'A household with its people (phones masked)',
      ...kit.guard({ action: 'household.read', resource: 'household', roles: DESK_READ }),
      request: { params: IdParam },
      responses: { 200: json(withPeople, 'The household'), ...commonErrors },
    }),
    async (c) => {
      const { household, people } = await householdWithPeople(office(c), c.req.valid('param').id);
      return c.json({ household, people: people.map(shown) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/households/{id}/people',
      summary: 'Put a person on a household’s record (owner, tenant or member); their phone is sealed and found by a blind index',
      ...kit.guard({ action: 'household.add-person', resource: 'household', roles: MANAGE }),
      request: { params: IdParam, body: { content: { 'application/json': { schema: personInput } }, required: true } },
      responses: { 201: json(PersonView, 'The person'), ...writeErrors },
    }),
    async (c) => c.json(shown(await addPerson(office(c), c.req.valid('param').id, c.req.valid('json'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/households/{id}/people/{person}/move-out',
      summary: 'A person moves out: kept on record with the date, no longer found by phone or sign-in',
      ...kit.guard({ action: 'household.move-out', resource: 'household', roles: MANAGE }),
      request: {
        params: IdParam.extend({
          person: z
            .string()
            .max(64)
            .openapi({ param: { name: 'person', in: 'path' } }),
        }),
      },
      responses: { 200: json(PersonView, 'The person'), ...writeErrors },
    }),
    async (c) => {
      const { id, person } = c.req.valid('param');
      return c.json(shown(await moveOut(office(c), id, person)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/property/estate/import',
      summary: 'Import households and people from CSV (building,unit,room,area,type,name,role,phone), with a report of every row',
      ...kit.guard({ action: 'estate.import', resource: 'household', roles: MANAGE }),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ csv: z.string().min(1).max(1_000_000) }) } }, required: true } },
      responses: {
        200: json(
          z.object({
            households: z.number(),
            people: z.number(),
            rows: z.array(
              z.object({ row: z.number(), household: z.string().optional(), outcome: z.enum(['added', 'updated', 'refused']), message: z.string().optional() }),
            ),
          }),
          'Import report',
        ),
        ...writeErrors,
      },
    }),
    async (c) => c.json(await importEstate(office(c), c.req.valid('json').csv), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/my/household',
      summary: 'Your household and its people, as the estate has them on record',
      ...kit.guard({ action: 'household.read-own', resource: 'household', roles: { resident: 'requester' } }),
      responses: { 200: json(withPeople, 'Your household'), ...commonErrors },
    }),
    async (c) => {
      const o = office(c);
      const mine = await findHousehold(o, { sub: accessOf(c).actor.sub });
      if (!mine) throw problems.notFound('Your household (ask the desk to put you on its record)');
      const { household, people } = await householdWithPeople(o, mine.household.id);
      return c.json({ household, people: people.map(shown) }, 200);
    },
  );

  return app;
}
