/**
 * The tenant's dashboard: cases opened and closed per day with SLA
 * attainment, then the blocks the tenant's kind and capabilities
 * contribute for the user's roles. Every figure comes from the API the
 * user may call.
 */
import type { Hono } from 'hono';
import { BarChart, PALETTE } from '../../../kit/console/charts.tsx';
import type { ConsoleCtx } from '../../../kit/console/context.tsx';
import type { BlocksOf, WithCtx } from '../frame.ts';

const short = (date: string) => date.slice(5);

async function caseCharts(x: ConsoleCtx, mayChart: boolean) {
  // The figures are for staff who see every case; nobody else is shown (or sent to ask for) them.
  if (!mayChart) return null;
  const res = await x.api('GET', '/v1/cases/stats?days=14');
  if (res.status !== 200) return null;
  const { days, slaAttainment, closed } = res.body as {
    days: Array<{ date: string; opened: number; closed: number; closedInSla: number }>;
    slaAttainment: number | null;
    closed: number;
  };
  return (
    <section class="card">
      <BarChart
        lang={x.lang}
        title={x.t('casesPerDay')}
        labels={days.map((d) => short(d.date))}
        series={[
          { name: x.t('opened'), color: PALETTE[0]!, values: days.map((d) => String(d.opened)) },
          { name: x.t('closed'), color: PALETTE[1]!, values: days.map((d) => String(d.closed)) },
        ]}
      />
      <p>
        {x.t('slaAttainment')}: <strong>{slaAttainment === null ? '—' : `${slaAttainment}%`}</strong> <span class="muted">({closed})</span>
      </p>
    </section>
  );
}

export function dashboardPages(app: Hono, withCtx: WithCtx, blocksOf: BlocksOf, chartsFor: (viewer: ConsoleCtx['viewer']) => boolean) {
  app.get(
    '/',
    withCtx(async (x) => {
      if (x.viewer.tenant.kind === 'platform') return x.c.redirect('/console/settings');
      const [cases, blocks] = await Promise.all([caseCharts(x, chartsFor(x.viewer)), blocksOf(x, 'dashboard')]);
      const shown = [cases, ...blocks].filter((b) => b !== null);
      return x.page(
        `${x.t('dashboard')} · ${x.caption(x.viewer.tenant.name)}`,
        <>
          {shown.length === 0 && <p class="muted">{x.t('nothingToChart')}</p>}
          {shown}
        </>,
      );
    }),
  );
}
