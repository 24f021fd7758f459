/**
 * The tenant's dashboard: cases opened and closed per day with SLA
 * attainment; for NCMS the effective compensation ratio and amounts paid
 * by category per month; for the ledger, daily swept revenue by fund
 * nature. Every figure comes from the API the user may call.
 */
import type { Hono } from 'hono';
import { DateTime } from 'luxon';
import { Dec } from '../../../money.ts';
import { BarChart } from '../charts.tsx';
import type { ConsoleCtx } from '../context.tsx';
import type { WithCtx } from '../index.tsx';

const PALETTE = ['#0b5cad', '#0b6b3a', '#a15c00', '#6b2fa1', '#a1121e', '#2f6f73', '#5b6670', '#8a6d00'];
const short = (date: string) => date.slice(5);

async function caseCharts(x: ConsoleCtx) {
  const res = await x.api('GET', '/v1/cases/stats?days=14');
  if (res.status !== 200) return null;
  const { days, slaAttainment, closed } = res.body as { days: Array<{ date: string; opened: number; closed: number; closedInSla: number }>; slaAttainment: number | null; closed: number };
  return (
    <section class="card">
      <BarChart
        title={x.t('casesPerDay')}
        labels={days.map((d) => short(d.date))}
        series={[
          { name: x.t('opened'), color: PALETTE[0]!, values: days.map((d) => d.opened) },
          { name: x.t('closed'), color: PALETTE[1]!, values: days.map((d) => d.closed) },
        ]}
      />
      <p>
        {x.t('slaAttainment')}: <strong>{slaAttainment === null ? '—' : `${slaAttainment}%`}</strong> <span class="muted">({closed})</span>
      </p>
    </section>
  );
}

async function ncmsCharts(x: ConsoleCtx) {
  const months = Array.from({ length: 6 }, (_, i) => DateTime.now().setZone(x.zone).minus({ months: 5 - i }).toFormat('yyyy-MM'));
  const reports = await Promise.all(months.map((m) => x.api('GET', `/v1/ncms/reports/${m}`)));
  if (reports.some((r) => r.status !== 200)) return null;
  type Row = { key: string; ncms: string; assistance: string; compensationRatio: string };
  const categories = [...new Set(reports.flatMap((r) => (r.body.byCategory as Row[]).map((c) => c.key)))].sort();
  const paid = (r: Row | undefined) => (r ? new Dec(r.ncms).plus(r.assistance).toNumber() : 0);
  return (
    <section class="card">
      <BarChart
        title={`${x.t('paidByCategory')} (¥)`}
        labels={months.map((m) => m.slice(2))}
        series={categories.map((cat, i) => ({ name: cat, color: PALETTE[i % PALETTE.length]!, values: reports.map((r) => paid((r.body.byCategory as Row[]).find((c) => c.key === cat))) }))}
      />
      <BarChart title={x.t('compensationRatio')} unit="%" labels={months.map((m) => m.slice(2))} series={[{ name: x.t('compensationRatio'), color: PALETTE[1]!, values: reports.map((r) => Number((r.body.totals as Row).compensationRatio)) }]} />
    </section>
  );
}

/** Swept revenue per day and fund nature: the day-on-day change of the region account's fund-nature dimensions. */
async function ledgerCharts(x: ConsoleCtx) {
  const roots = await x.api('GET', '/v1/ledger/units');
  const region = (roots.body.items ?? []).find((u: { level: string }) => u.level === 'region') as { revenueAccount: string } | undefined;
  if (!region) return null;
  const to = DateTime.now().setZone(x.zone);
  const from = to.minus({ days: 13 });
  const res = await x.api('GET', `/v1/ledger/accounts/${encodeURIComponent(region.revenueAccount)}/statement?from=${from.toISODate()}&to=${to.toISODate()}`);
  if (res.status !== 200) return null;
  type Dims = Record<string, string>;
  const byNature = (dims: Dims) => {
    const out: Record<string, Dec> = {};
    for (const [key, amount] of Object.entries(dims ?? {})) out[key.split('|')[0]!] = (out[key.split('|')[0]!] ?? new Dec(0)).plus(amount);
    return out;
  };
  const dates = Array.from({ length: 14 }, (_, i) => from.plus({ days: i }).toISODate()!);
  const endOfDay = new Map<string, Dims>();
  for (const p of res.body.postings as Array<{ date: string; dims: Dims }>) endOfDay.set(p.date, p.dims);
  let previous = byNature(res.body.opening.dims ?? {});
  const perDay: Array<Record<string, number>> = [];
  for (const d of dates) {
    const dims = endOfDay.get(d);
    const now = dims ? byNature(dims) : previous;
    perDay.push(Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v.minus(previous[k] ?? 0).toNumber()])));
    previous = now;
  }
  const natures = [...new Set(perDay.flatMap((d) => Object.keys(d)))].sort();
  return (
    <section class="card">
      <BarChart title={`${x.t('sweptRevenue')} (¥)`} labels={dates.map(short)} series={natures.map((n, i) => ({ name: n, color: PALETTE[i % PALETTE.length]!, values: perDay.map((d) => d[n] ?? 0) }))} />
    </section>
  );
}

export function dashboardPages(app: Hono, withCtx: WithCtx) {
  app.get(
    '/',
    withCtx(async (x) => {
      if (x.viewer.tenant.kind === 'platform') return x.c.redirect('/console/settings');
      const ledgerReader = x.viewer.roles.some((r) => ['tenant-admin', 'finance', 'auditor'].includes(r));
      const [cases, ncms, ledger] = await Promise.all([
        caseCharts(x),
        x.viewer.tenant.kind === 'ncms' && x.viewer.roles.some((r) => ['ncms-office', 'civil-affairs', 'tenant-admin', 'auditor'].includes(r)) ? ncmsCharts(x) : null,
        ledgerReader ? ledgerCharts(x) : null,
      ]);
      return x.page(
        `${x.t('dashboard')} · ${x.viewer.tenant.name}`,
        <>
          {!cases && !ncms && !ledger && <p class="muted">{x.t('nothingToChart')}</p>}
          {cases}
          {ncms}
          {ledger}
        </>,
      );
    }),
  );
}
