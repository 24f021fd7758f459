/** The campus post office's API: each slice's routes, mounted together under /v1. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kit/env.ts';
import type { RouteKit } from '../../kit/plugin.ts';
import { boardRoutes } from './board/routes.ts';
import { counterRoutes } from './counter/routes.ts';
import { directoryRoutes } from './directory/routes.ts';
import { mailRoutes } from './mail/routes.ts';
import type { CampusServices } from './office.ts';
import { parcelRoutes } from './parcels/routes.ts';
import { payrollRoutes } from './payroll/routes.ts';
import { rosterRoutes } from './roster/routes.ts';

export function campusRoutes(kit: RouteKit, s: CampusServices) {
  const app = new OpenAPIHono<AppEnv>();
  for (const slice of [boardRoutes, directoryRoutes, rosterRoutes, parcelRoutes, mailRoutes, counterRoutes, payrollRoutes]) app.route('/', slice(kit, s));
  return app;
}
