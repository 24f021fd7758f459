/**
 * The station's management API: its settings, its areas with their
 * collectors and responsible person, an area's work list (visits due,
 * oldest first), a month's work per collector, and the figures — as JSON
 * or CSV, with no personal data in either.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, PageQuery, writeErrors } from '../../../kit/schemas.ts';
import type { CommunityServices } from '../office.ts';
import { visitsTeam } from '../registration/registration.ts';
import { ADMIN, AREA_WORK, STATION_READ } from '../roles.ts';
import { AreaRecord, areaInput, areaRecord, areasOf, SettingsRecord, settingsInput, settingsOf } from './station.ts';
import { AGE_BANDS, areaFigures, figuresCsv, monthlyWork } from './statistics.ts';

const AreaParam = z.object({
  area: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes')
    .openapi({ param: { name: 'area', in: 'path' } }),
});

const Figures = z
  .object({
    area: z.string(),
    residents: z.number().int(),
    byProvince: z.record(z.string(), z.number().int()),
    byAgeBand: z.object(Object.fromEntries(AGE_BANDS.map((b) => [b, z.number().int()]))),
    bySex: z.object({ male: z.number().int(), female: z.number().int() }),
    housing: z.object({ houses: z.number().int(), rooms: z.number().int(), residentsRented: z.number().int(), residentsOther: z.number().int() }),
    permits: z.record(z.string(), z.number().int()),
    deregistered: z.number().int(),
    visits: z.object({ due: z.number().int(), overdue: z.number().int() }),
  })
  .openapi('AreaFigures');

const WorkItem = z
  .object({
    caseId: z.string(),
    name: z.string(),
    address: z.string().openapi({ description: 'Masked; the case’s reveal gives it in clear, recorded' }),
    dueAt: z.string().optional(),
    lastVerifiedAt: z.string(),
  })
  .openapi('VisitDue');

export function stationRoutes(kit: RouteKit, s: CommunityServices) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/community/settings',
      summary: 'The station’s settings: re-verification interval, retention after deregistration, renewal notice',
      ...kit.guard({ action: 'community-settings.read', resource: 'settings', roles: STATION_READ }),
      responses: { 200: json(settingsInput.extend({ updatedAt: z.string().optional() }), 'Settings'), ...commonErrors },
    }),
    async (c) => c.json(await settingsOf(s.forTenant(tenantOf(c)).records), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/community/settings',
      summary: 'Sets the station’s settings (tonight’s run applies them)',
      ...kit.guard({ action: 'community-settings.set', resource: 'settings', roles: ADMIN }),
      request: { body: { content: { 'application/json': { schema: settingsInput } }, required: true } },
      responses: { 200: json(settingsInput.extend({ updatedAt: z.string().optional() }), 'Stored'), ...writeErrors },
    }),
    async (c) => {
      const office = s.forTenant(tenantOf(c));
      const settings = { ...c.req.valid('json'), updatedAt: office.now().toISOString() };
      await office.records.put(SettingsRecord, settings);
      return c.json(settings, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/community/areas',
      summary: 'The areas (片区): each one’s collectors and responsible person',
      ...kit.guard({ action: 'community-area.list', resource: 'area', roles: { ...STATION_READ, collector: 'area' } }),
      responses: { 200: json(z.object({ items: z.array(areaRecord) }), 'Areas'), ...commonErrors },
    }),
    async (c) => {
      const areas = await areasOf(s.forTenant(tenantOf(c)).records);
      return c.json({ items: await accessOf(c).filter(areas, (a) => ({ area: [a.area] })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/community/areas/{area}',
      summary: 'Sets an area’s name, collectors and responsible person',
      ...kit.guard({ action: 'community-area.set', resource: 'area', roles: ADMIN }),
      request: { params: AreaParam, body: { content: { 'application/json': { schema: areaInput } }, required: true } },
      responses: { 200: json(areaRecord, 'Stored'), ...writeErrors },
    }),
    async (c) => {
      const office = s.forTenant(tenantOf(c));
      const area = { ...c.req.valid('json'), area: c.req.valid('param').area, updatedAt: office.now().toISOString() };
      await office.records.put(AreaRecord, area);
      return c.json(area, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/community/areas/{area}/visits',
      summary: 'An area’s work list: the people whose documents are due to be checked again, the longest waiting first',
      ...kit.guard({ action: 'community-visit.list', resource: 'area', roles: AREA_WORK }),
      request: { params: AreaParam, query: PageQuery },
      responses: { 200: json(z.object({ items: z.array(WorkItem), nextCursor: z.string().optional() }), 'Visits due'), ...commonErrors },
    }),
    async (c) => {
      const { area } = c.req.valid('param');
      await accessOf(c).require({ area: [area] }, `Area ${area}`);
      const office = s.forTenant(tenantOf(c));
      const { limit, cursor } = c.req.valid('query');
      const cursors = office.cursors(`visits:${area}`);
      const page = await s.parts.cases.teamWork(office.tenant, visitsTeam(area), { limit, startKey: cursors.decode(cursor) });
      const items = page.items.map(({ task, case: v }) => {
        const d = v.data as { name: string; address: string; verification: { at: string } };
        return { caseId: v.id, name: d.name, address: d.address, ...(task.dueAt && { dueAt: task.dueAt }), lastVerifiedAt: d.verification.at };
      });
      return c.json({ items, nextCursor: cursors.encode(page.lastKey) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/community/work/{month}',
      summary: 'A month’s work per collector or clerk: registrations, re-verifications, deregistrations',
      ...kit.guard({ action: 'community-work.read', resource: 'report', roles: STATION_READ }),
      request: {
        params: z.object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 年-月（如 2026-11） a month, as 2026-11')
            .openapi({ param: { name: 'month', in: 'path' } }),
        }),
      },
      responses: {
        200: json(
          z.object({
            month: z.string(),
            items: z.array(z.object({ who: z.string(), registered: z.number().int(), reverified: z.number().int(), deregistered: z.number().int() })),
          }),
          'Work per person',
        ),
        ...commonErrors,
      },
    }),
    async (c) => {
      const { month } = c.req.valid('param');
      return c.json({ month, items: await monthlyWork(s.forTenant(tenantOf(c)).records, month) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/community/statistics',
      summary: 'Figures per area without personal data: origin province, age band, sex, housing, permits, visits due and overdue (`?format=csv` for CSV)',
      ...kit.guard({ action: 'community-statistics.read', resource: 'report', roles: STATION_READ }),
      request: {
        query: z.object({
          format: z
            .enum(['json', 'csv'])
            .default('json')
            .openapi({ param: { name: 'format', in: 'query' } }),
        }),
      },
      responses: {
        200: {
          content: { 'application/json': { schema: z.object({ asOf: z.string(), items: z.array(Figures) }) }, 'text/csv': { schema: z.string() } },
          description: 'Figures',
        },
        ...commonErrors,
      },
    }),
    async (c) => {
      const office = s.forTenant(tenantOf(c));
      const now = office.now();
      const overdue = (area: string) => s.parts.cases.overdueTasks(office.tenant, visitsTeam(area), now);
      const items = await areaFigures(office.records, DateTime.fromJSDate(now, { zone: office.tenant.calendar.timeZone }).year, overdue);
      if (c.req.valid('query').format === 'csv') {
        return c.body(figuresCsv(items), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="community-${office.today()}.csv"`,
        });
      }
      return c.json({ asOf: now.toISOString(), items }, 200);
    },
  );

  return app;
}
