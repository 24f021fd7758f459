/** Settlement runs: run or resume a business date now, and read the runs with their steps and findings. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { dateIn, outsideWindow } from '../../kernel/clock.ts';
import { problems } from '../../kernel/problems.ts';
import { type Access, accessOf } from '../../kit/access.ts';
import type { AppEnv } from '../../kit/env.ts';
import { tenantOf } from '../../kit/guard.ts';
import { commonErrors, guard, json, writeErrors } from '../../kit/schemas.ts';
import type { RunRecord } from '../../pipeline/settlement.ts';
import type { Platform } from '../../platform/services.ts';

const ADMIN = { 'tenant-admin': 'tenant' };
/** Finance narrowed to a unit sees the findings of the units it may see, and no tenant-wide totals. */
const READERS = { 'tenant-admin': 'tenant', auditor: 'tenant', finance: 'unit' };
const DateParam = z.object({ date: z.iso.date().openapi({ param: { name: 'date', in: 'path' }, example: '2026-11-26' }) });

/** A run as the caller may see it: every finding belongs to a unit, and a unit-scoped reader sees only its units' (and no step's tenant-wide figures). */
async function visible(access: Access, run: RunRecord): Promise<RunRecord> {
  if ((await access.reach('unit')) === 'all') return run;
  const findings: RunRecord['findings'] = {};
  for (const [name, list] of Object.entries(run.findings)) {
    findings[name] = await access.filter(list, (f) => ({ unit: (f as { unit?: string }).unit }));
  }
  const steps = Object.fromEntries(Object.entries(run.steps).map(([name, { counts: _, ...step }]) => [name, step]));
  return { ...run, steps, findings };
}

export function runRoutes(platform: Platform) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/settlement-runs',
      summary:
        'Ask for the settlement (or its resumption) of a business date: queued for a worker, followed at its Location; a finished date is returned unchanged',
      ...guard('settlement', { action: 'run.start', resource: 'settlement-run', roles: ADMIN }),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ businessDate: z.iso.date() }) } }, required: true } },
      responses: {
        200: json(z.record(z.string(), z.unknown()), 'The date was already settled: the run as it finished'),
        202: {
          ...json(z.record(z.string(), z.unknown()), 'Queued (or already running): the run as it stands; follow it at the Location'),
          headers: z.object({ Location: z.string().openapi({ example: '/v1/settlement-runs/2026-11-26' }) }),
        },
        ...writeErrors,
      },
    }),
    async (c) => {
      const tenant = tenantOf(c);
      const { businessDate } = c.req.valid('json');
      // A run opens the date's books: one dated decades away would open a year no one lives in.
      const why = outsideWindow(businessDate, dateIn(tenant.calendar.timeZone, platform.clock()), platform.config.dateWindow);
      if (why) throw problems.validation([{ field: 'businessDate', message: why }]);
      const { run, queued } = await platform.settlement.request(tenant, businessDate, 'operator');
      if (run.status === 'succeeded') return c.json(run, 200);
      // In AWS the table stream hands a queued run to the settlement queue; here, a worker of this process takes it.
      if (queued) await platform.workQueue?.send([{ kind: 'settle', tenantId: tenant.id, businessDate, trigger: 'operator' }]);
      c.header('Location', `/v1/settlement-runs/${businessDate}`);
      return c.json(run, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settlement-runs',
      summary: 'Settlement runs, newest business date first',
      ...guard('settlement', { action: 'run.list', resource: 'settlement-run', roles: READERS }),
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Runs'), ...commonErrors },
    }),
    async (c) => c.json({ items: await Promise.all((await platform.settlement.history(tenantOf(c).id)).map((run) => visible(accessOf(c), run))) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settlement-runs/{date}',
      summary: 'One settlement run: status, progress counts per step, findings',
      ...guard('settlement', { action: 'run.read', resource: 'settlement-run', roles: READERS }),
      request: { params: DateParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The run'), ...commonErrors },
    }),
    async (c) => {
      const run = await platform.settlement.get(tenantOf(c).id, c.req.valid('param').date);
      if (!run) throw problems.notFound(`Settlement run of ${c.req.valid('param').date}`);
      return c.json(await visible(accessOf(c), run), 200);
    },
  );

  return app;
}
