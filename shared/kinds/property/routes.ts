/** The property office's API: its slices' routes under one app. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kit/env.ts';
import type { RouteKit } from '../../kit/plugin.ts';
import { billingRoutes } from './billing/routes.ts';
import { estateRoutes } from './estate/routes.ts';
import { incidentRoutes } from './incidents/routes.ts';
import { mailRoutes } from './mail/routes.ts';
import { meetingRoutes } from './meetings/routes.ts';
import type { PropertyServices } from './office.ts';
import { requestRoutes } from './requests/routes.ts';
import { serviceRoutes } from './services/routes.ts';
import { teamRoutes } from './teams/routes.ts';

export function propertyRoutes(kit: RouteKit, s: PropertyServices) {
  const app = new OpenAPIHono<AppEnv>();
  app.route('/', estateRoutes(kit, s));
  app.route('/', requestRoutes(kit, s));
  app.route('/', billingRoutes(kit, s));
  app.route('/', teamRoutes(kit, s));
  app.route('/', serviceRoutes(kit, s));
  app.route('/', meetingRoutes(kit, s));
  app.route('/', incidentRoutes(kit, s));
  app.route('/', mailRoutes(kit, s));
  return app;
}
