/** The service price list's API: the manager sets it; the desk reads it to quote. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { problems } from '../../../kernel/problems.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, writeErrors } from '../../../kit/schemas.ts';
import type { PropertyServices } from '../office.ts';
import { DESK_READ, MANAGE } from '../roles.ts';
import { servicePrices, servicePricesInput, servicePricesRecord, setServicePrices } from './services.ts';

export function serviceRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  const Prices = named(servicePricesRecord, 'ServicePrices');

  app.openapi(
    createRoute({
      method: 'put',
      path: '/property/service-prices',
      summary: 'The service price list: each service’s price and unit, and the renovation deposit',
      ...kit.guard({ action: 'service-prices.set', resource: 'price-list', roles: MANAGE }),
      request: { body: { content: { 'application/json': { schema: servicePricesInput } }, required: true } },
      responses: { 200: json(Prices, 'Stored'), ...writeErrors },
    }),
    async (c) => c.json(await setServicePrices(s.forTenant(tenantOf(c)).records, c.req.valid('json'), s.parts.clock()), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/property/service-prices',
      summary: 'The service price list in force',
      ...kit.guard({ action: 'service-prices.read', resource: 'price-list', roles: DESK_READ }),
      responses: { 200: json(Prices, 'The service price list'), ...commonErrors },
    }),
    async (c) => {
      const prices = await servicePrices(s.forTenant(tenantOf(c)).records);
      if (!prices) throw problems.notFound('A service price list');
      return c.json(prices, 200);
    },
  );
  return app;
}
