/** The community station's API: its slices' routes under one app. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kit/env.ts';
import type { RouteKit } from '../../kit/plugin.ts';
import { housingRoutes } from './housing/routes.ts';
import type { CommunityServices } from './office.ts';
import { personRoutes } from './registration/routes.ts';
import { stationRoutes } from './station/routes.ts';

export function communityRoutes(kit: RouteKit, s: CommunityServices) {
  const app = new OpenAPIHono<AppEnv>();
  app.route('/', stationRoutes(kit, s));
  app.route('/', housingRoutes(kit, s));
  app.route('/', personRoutes(kit, s));
  return app;
}
