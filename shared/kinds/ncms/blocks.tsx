/** The office's blocks on the shared screens: paid amounts and the compensation ratio on the dashboard, policy versions in settings. */
import { DateTime } from 'luxon';
import { Dec, formatAmount } from '../../kernel/money.ts';
import { rolesOf } from '../../kit/access.ts';
import { BarChart, PALETTE } from '../../kit/console/charts.tsx';
import type { ConsoleCtx } from '../../kit/console/context.tsx';
import { yuan } from '../../kit/console/format.ts';
import type { ConsoleBlock } from '../../kit/plugin.ts';
import type { NcmsServices } from './office.ts';
import { HOSPITAL_LEVELS, type Policy } from './policy/policy.ts';
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
        lang={x.lang}
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
        lang={x.lang}
        title={w(x, 'compensationRatio')}
        format={(v) => `${v}%`}
        labels={months.map((m) => m.slice(2))}
        series={[{ name: w(x, 'compensationRatio'), color: PALETTE[1]!, values: reports.map((r) => (r.body.totals as Row).compensationRatio) }]}
      />
    </section>
  );
}

const pct = (rate: string) => `${new Dec(rate).times(100).toString()}%`;

/** One policy version as the office reads it: rates and deductibles by hospital level, assistance by category. */
function PolicyView({ x, p }: { x: ConsoleCtx; p: Policy }) {
  const a = p.assistance;
  const cap = (v: string | null) => (v === null ? w(x, 'noCap') : yuan(v));
  return (
    <>
      <div class="scroll">
        <table>
          <tr>
            <th>{w(x, 'hospitalLevel')}</th>
            <th class="n">{w(x, 'rateBeneficiary')}</th>
            <th class="n">{w(x, 'rateOrdinary')}</th>
            <th class="n">{w(x, 'deductibleOrdinary')}</th>
          </tr>
          {HOSPITAL_LEVELS.map((l) => (
            <tr>
              <td>{x.label('hospitalLevel', l)}</td>
              <td class="n">{pct(p.ncms.rates.beneficiary[l])}</td>
              <td class="n">{pct(p.ncms.rates.ordinary[l])}</td>
              <td class="n">{yuan(p.ncms.deductibles.ordinary[l])}</td>
            </tr>
          ))}
        </table>
      </div>
      <p>
        {w(x, 'ncmsAnnualCap')}: {yuan(p.ncms.annualCap)}
      </p>
      <p>
        {x.label('category', 'class1')} · {x.label('banding', a.banding)} · {w(x, 'annualCap')} {cap(a.class1.annualCap)}
      </p>
      <ul>
        {a.class1.bands.map((b) => (
          <li>
            {b.upTo === null ? w(x, 'above') : `${w(x, 'upTo')} ${yuan(b.upTo)}`}: {pct(b.rate)}
          </li>
        ))}
      </ul>
      {(['class2', 'class3'] as const).map((c) => (
        <p>
          {x.label('category', c)}: {pct(a[c].rate)} · {w(x, 'annualCap')} {cap(a[c].annualCap)}
        </p>
      ))}
      <p class="muted">
        {w(x, 'rounding')}: {x.label('roundingMode', p.rounding.mode)}
      </p>
    </>
  );
}

async function policyVersions(x: ConsoleCtx) {
  const policies = await x.api('GET', '/v1/ncms/policies');
  if (policies.status !== 200) return null;
  return (
    <section class="card">
      <h2>{w(x, 'policies')}</h2>
      {(policies.body.items as Policy[]).map((p) => (
        <details>
          <summary>{x.lang === 'zh' ? `第 ${p.version} 版 · ${p.effectiveFrom} 起施行` : `Version ${p.version} · in force from ${p.effectiveFrom}`}</summary>
          <PolicyView x={x} p={p} />
        </details>
      ))}
    </section>
  );
}

export const ncmsDashboard: ReadonlyArray<ConsoleBlock<NcmsServices>> = [{ roles: rolesOf(READERS), render: paidByCategory }];
export const ncmsSettings: ReadonlyArray<ConsoleBlock<NcmsServices>> = [{ roles: rolesOf(READERS), render: policyVersions }];
