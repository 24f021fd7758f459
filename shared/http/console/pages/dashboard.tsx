/**
 * The tenant's dashboard: cases opened and closed per day with SLA
 * attainment; for NCMS the effective compensation ratio and amounts paid
 * by category per month; for the ledger, daily swept revenue by fund
 * nature. Every figure comes from the API the user may call.
 */
import type { Hono } from 'hono';
import { DateTime } from 'luxon';
import { FUND_NATURE_LABELS, normalSide, type AccountKind, type FundNature } from '../../../ledger/accounts.ts';
import { Dec, formatAmount } from '../../../kernel/money.ts';
import { BarChart } from '../../../kit/console/charts.tsx';
import type { ConsoleCtx } from '../../../kit/console/context.tsx';
import { yuan } from '../../../kit/console/format.ts';
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

async function ncmsCharts(x: ConsoleCtx) {
  const months = Array.from({ length: 6 }, (_, i) => DateTime.now().setZone(x.zone).minus({ months: 5 - i }).toFormat('yyyy-MM'));
  const reports = await Promise.all(months.map((m) => x.api('GET', `/v1/ncms/reports/${m}`)));
  if (reports.some((r) => r.status !== 200)) return null;
  type Row = { key: string; ncms: string; assistance: string; compensationRatio: string };
  const categories = [...new Set(reports.flatMap((r) => (r.body.byCategory as Row[]).map((c) => c.key)))].sort();
  const paid = (r: Row | undefined) => formatAmount(r ? new Dec(r.ncms).plus(r.assistance) : 0);
  return (
    <section class="card">
      <BarChart
        title={x.t('paidByCategory')}
        format={yuan}
        labels={months.map((m) => m.slice(2))}
        series={categories.map((cat, i) => ({ name: cat, color: PALETTE[i % PALETTE.length]!, values: reports.map((r) => paid((r.body.byCategory as Row[]).find((c) => c.key === cat))) }))}
      />
      <BarChart title={x.t('compensationRatio')} format={(v) => `${v}%`} labels={months.map((m) => m.slice(2))} series={[{ name: x.t('compensationRatio'), color: PALETTE[1]!, values: reports.map((r) => (r.body.totals as Row).compensationRatio) }]} />
    </section>
  );
}

/**
 * Swept revenue per day and fund nature, from the region account's statement:
 * the change in the fund-nature dimensions (postings carry running totals)
 * made by postings on the account's increasing side, so money moved out again
 * (overdraft cover) is not counted as revenue.
 */
async function ledgerCharts(x: ConsoleCtx) {
  const roots = await x.api('GET', '/v1/ledger/units');
  const region = (roots.body.items ?? []).find((u: { level: string }) => u.level === 'region') as { revenueAccount: string } | undefined;
  if (!region) return null;
  const to = DateTime.now().setZone(x.zone);
  const from = to.minus({ days: 13 });
  const res = await x.api('GET', `/v1/ledger/accounts/${encodeURIComponent(region.revenueAccount)}/statement?from=${from.toISODate()}&to=${to.toISODate()}`);
  if (res.status !== 200) return null;
  type Dims = Record<string, string>;
  const dates = Array.from({ length: 14 }, (_, i) => from.plus({ days: i }).toISODate()!);
  const swept = new Map<string, Map<string, Dec>>(dates.map((d) => [d, new Map()]));
  const inflow = normalSide(res.body.account.kind as AccountKind);
  let previous: Dims = res.body.opening.dims ?? {};
  for (const p of res.body.postings as Array<{ date: string; side: string; dims?: Dims }>) {
    const dims = p.dims ?? {};
    const day = swept.get(p.date);
    if (p.side === inflow && day) {
      for (const [key, amount] of Object.entries(dims)) {
        const nature = key.split('|')[0]!;
        day.set(nature, (day.get(nature) ?? new Dec(0)).plus(amount).minus(previous[key] ?? 0));
      }
    }
    previous = dims;
  }
  const natures = [...new Set([...swept.values()].flatMap((m) => [...m.keys()]))].sort();
  const label = (n: string) => (x.lang === 'zh' ? (FUND_NATURE_LABELS[n as FundNature] ?? n) : n);
  return (
    <section class="card">
      <BarChart
        title={x.t('sweptRevenue')}
        format={yuan}
        labels={dates.map(short)}
        series={natures.map((n, i) => ({ name: label(n), color: PALETTE[i % PALETTE.length]!, values: dates.map((d) => formatAmount(swept.get(d)!.get(n) ?? 0)) }))}
      />
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
