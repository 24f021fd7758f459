/**
 * The Hono application: the same app serves Lambda (via hono/aws-lambda)
 * and the local runner (via @hono/node-server).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { log } from '../kernel/log.ts';
import { problems } from '../kernel/problems.ts';
import { COMMON_ROLES } from '../kernel/tenancy.ts';
import type { AppEnv } from '../kit/env.ts';
import { onError, problemResponse, validationHook } from '../kit/problem-response.ts';
import type { Platform } from '../platform/services.ts';
import { authenticate, createAuthenticator } from './auth.ts';
import { consoleRoutes } from './console/index.tsx';
import { renderDocsPage } from './docs-page.ts';
import { Buckets, jsonBodies, rateLimit } from './guards.ts';
import { plugins, routeKit } from './plugins.ts';
import { requestSchemas } from './request-schemas.ts';
import { adminRoutes } from './routes/admin.ts';
import { caseRoutes } from './routes/cases.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { mailboxRoutes } from './routes/mailbox.ts';
import { runRoutes } from './routes/runs.ts';
import { templateRoutes } from './routes/templates.ts';
import { tenantRoutes } from './routes/tenants.ts';

export const API_INFO = {
  title: 'One-stop service platform API',
  version: '1.0.0',
  description:
    'One door for every request: intake → route → settle → notify, for campus post offices, county NCMS offices, property offices and community centres.',
};

export function createApp(platform: Platform) {
  // The route's own schema names a refused field in words: found in the registry every router's routes are merged into.
  const app: OpenAPIHono<AppEnv> = new OpenAPIHono<AppEnv>({ defaultHook: validationHook(requestSchemas(() => app)) as never });
  const authenticator = createAuthenticator(platform.config.auth, platform.apiKeys);

  // Each request in a context of its own, so the tenant it is confined to cannot outlive it.
  app.use('*', (_c, next) => platform.isolated(next));
  app.use(
    '*',
    requestId({
      generator: (c) => (c.env as { event?: { requestContext?: { requestId?: string } } } | undefined)?.event?.requestContext?.requestId ?? crypto.randomUUID(),
    }),
  );
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const actor = c.get('actor');
    log('info', 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      tenantId: actor?.tenantId,
      sub: actor?.sub,
    });
  });
  if (platform.config.corsOrigins.length) {
    app.use(
      '*',
      cors({
        origin: platform.config.corsOrigins,
        allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Api-Key'],
        exposeHeaders: ['ETag', 'Location'],
      }),
    );
  }
  app.use('/v1/*', bodyLimit({ maxSize: platform.config.maxBodyBytes, onError: (c) => problemResponse(c, problems.tooLarge(platform.config.maxBodyBytes)) }));
  app.use('/v1/*', jsonBodies());
  app.use('/v1/*', async (c, next) => {
    c.set('authority', platform.authority);
    await next();
  });
  const buckets = new Buckets();
  const roleSets = new Map<string, ReadonlySet<string>>();
  const rolesOf = (tenant: { kind: string }) => {
    let roles = roleSets.get(tenant.kind);
    if (!roles) {
      roles = new Set([...COMMON_ROLES, ...Object.keys(platform.kinds.get(tenant.kind)?.roles ?? {})]);
      roleSets.set(tenant.kind, roles);
    }
    return roles;
  };
  app.use('/v1/*', authenticate(authenticator, platform.tenants, { rate: platform.config.authFailureLimit, buckets }, rolesOf));
  app.use('/v1/*', rateLimit({ caller: platform.config.rateLimit, tenant: platform.config.tenantRateLimit }, buckets));
  // Past this point a tenant's request touches only its tenant's records.
  app.use('/v1/*', async (c, next) => {
    const tenant = c.get('tenant');
    if (!tenant) return next();
    await platform.confine(tenant.id, next);
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'X-Api-Key' });

  app.get('/health', (c) => c.json({ status: 'ok', time: new Date().toISOString() }));
  app.route('/v1', tenantRoutes(platform));
  app.route('/v1', templateRoutes(platform));
  app.route('/v1', caseRoutes(platform));
  app.route('/v1', mailboxRoutes(platform));
  app.route('/v1', adminRoutes(platform));
  app.route('/v1', ledgerRoutes(platform));
  app.route('/v1', runRoutes(platform));
  for (const plugin of plugins(platform)) {
    const routes = plugin.extension.routes?.(routeKit(platform, plugin), platform.services.get(plugin.id));
    if (routes) app.route('/v1', routes);
  }

  app.doc31('/openapi.json', { openapi: '3.1.0', info: API_INFO, servers: [{ url: '/' }] });
  let docsHtml: string | undefined;
  app.get('/docs', (c) => {
    docsHtml ??= renderDocsPage(app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO }) as never);
    return c.html(docsHtml);
  });
  // The API function's bundle leaves the console out: the gateway sends `/` and /console to the console function's.
  if (process.env.ONESTOP_PARTS !== 'api') {
    app.route(
      '/console',
      consoleRoutes(platform, (req) => app.fetch(req)),
    );
    app.get('/', (c) => c.redirect('/console'));
  }

  app.notFound((c) => problemResponse(c, problems.notFound(`Route ${c.req.method} ${c.req.path}`)));
  app.onError(onError);
  return app;
}
