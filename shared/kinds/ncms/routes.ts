/**
 * The NCMS office's API: each slice's routes, mounted together under /v1
 * (the settlement quote is a fixed contract: any bad input is a 422).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../kit/env.ts';
import type { RouteKit } from '../../kit/plugin.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { eligibilityRoutes } from './eligibility/routes.ts';
import { hospitalRoutes } from './hospitals/routes.ts';
import type { NcmsServices } from './office.ts';
import { periodRoutes } from './periods/routes.ts';
import { policyRoutes } from './policy/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { stayRoutes } from './stays/routes.ts';
import { surveyRoutes } from './surveys/routes.ts';

export function ncmsRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  for (const slice of [policyRoutes, hospitalRoutes, catalogueRoutes, eligibilityRoutes, stayRoutes, periodRoutes, reportRoutes, surveyRoutes])
    app.route('/', slice(kit, s));
  return app;
}
