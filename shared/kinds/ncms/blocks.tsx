/** The office's blocks on the shared screens: paid amounts and the compensation ratio on the dashboard, policy versions in settings. */
import { DateTime } from 'luxon';
import { Dec, formatAmount } from '../../kernel/money.ts';
import { rolesOf } from '../../kit/access.ts';
import { BarChart, PALETTE } from '../../kit/console/charts.tsx';
import type { ConsoleCtx } from '../../kit/console/context.tsx';
import { yuan } from '../../kit/console/format.ts';
import type { ConsoleBlock } from '../../kit/plugin.ts';
import type { NcmsServices } from './office.ts';
import { READERS } from './roles.ts';
import { w } from './words.ts';

async function paidByCategory(x: ConsoleCtx) {
  const months = Array.from({ length: 6 }, (_, i) =>
    DateTime.now()
      .setZone(x.zone)
      .minus({ months: 5 - i })
      .toFormat('yyyy-MM'),
  );
  const reports = await Promise.all(months.map((m) => x.api('GET', `/v1/ncms/reports/${m}`)));
  if (reports.some((r) => r.status !== 200)) return null;
  type Row = { key: string; ncms: string; assistance: string; compensationRatio: string };
  const categories = [...new Set(reports.flatMap((r) => (r.body.byCategory as Row[]).map((c) => c.key)))].sort();
  const paid = (r: Row | undefined) => formatAmount(r ? new Dec(r.ncms).plus(r.assistance) : 0);
  return (
    <section class="card">
      <BarChart
        title={w(x, 'paidByCategory')}
        format={yuan}
        labels={months.map((m) => m.slice(2))}
        series={categories.map((cat, i) => ({
          name: x.label('category', cat),
          color: PALETTE[i % PALETTE.length]!,
          values: reports.map((r) => paid((r.body.byCategory as Row[]).find((c) => c.key === cat))),
        }))}
      />
      <BarChart
        title={w(x, 'compensationRatio')}
        format={(v) => `${v}%`}
        labels={months.map((m) => m.slice(2))}
        series={[{ name: w(x, 'compensationRatio'), color: PALETTE[1]!, values: reports.map((r) => (r.body.totals as Row).compensationRatio) }]}
      />
    </section>
  );
}

async function policyVersions(x: ConsoleCtx) {
  const policies = await x.api('GET', '/v1/ncms/policies');
  if (policies.status !== 200) return null;
  return (
    <section class="card">
      <h2>{w(x, 'policies')}</h2>
      {(policies.body.items as Array<{ version: number; effectiveFrom: string }>).map((p) => (
        <details>
          <summary>
            v{p.version} · {p.effectiveFrom}
          </summary>
          <pre style="white-space:pre-wrap">{JSON.stringify(p, null, 2)}</pre>
        </details>
      ))}
    </section>
  );
}

export const ncmsDashboard: ReadonlyArray<ConsoleBlock<NcmsServices>> = [{ roles: rolesOf(READERS), render: paidByCategory }];
export const ncmsSettings: ReadonlyArray<ConsoleBlock<NcmsServices>> = [{ roles: rolesOf(READERS), render: policyVersions }];
