/**
 * Cash-management screens: the unit tree with account balances and a
 * unit's virtual sub-ledgers, and on the dashboard the daily swept revenue
 * by fund nature.
 */
import { DateTime } from 'luxon';
import { Dec, formatAmount } from '../../kernel/money.ts';
import { BarChart, PALETTE } from '../../kit/console/charts.tsx';
import type { ConsoleCtx } from '../../kit/console/context.tsx';
import { yuan } from '../../kit/console/format.ts';
import { Field } from '../../kit/console/forms.tsx';
import { NotFoundPage } from '../../kit/console/layout.tsx';
import type { ConsoleBlock, ConsolePage } from '../../kit/plugin.ts';
import { type AccountKind, normalSide } from '../../ledger/index.ts';
import type { CashServices } from './services.ts';

interface AccountRow {
  id: string;
  name: string;
  kind: string;
  balance: string;
}
interface UnitView {
  id: string;
  name: string;
  level: string;
  accounts: AccountRow[];
}

const READERS = ['tenant-admin', 'finance', 'auditor'];

const Accounts = ({ x, accounts }: { x: ConsoleCtx; accounts: AccountRow[] }) => (
  <ul>
    {accounts.map((a) => (
      <li>
        <a href={`/console/ledger/accounts/${encodeURIComponent(a.id)}`}>{a.name}</a> <span class="muted">{x.label('accountKind', a.kind)}</span>{' '}
        <strong>{yuan(a.balance)}</strong>
      </li>
    ))}
  </ul>
);

async function unitPage(x: ConsoleCtx) {
  const roots = await x.api('GET', '/v1/ledger/units');
  if (roots.status !== 200) return NotFoundPage(x);
  const id = x.c.req.query('unit') || roots.body.items[0]?.id;
  const unit = id ? await x.api('GET', `/v1/ledger/units/${encodeURIComponent(id)}`) : undefined;
  const subs = id ? await x.api('GET', `/v1/ledger/units/${encodeURIComponent(id)}/sub-ledgers`) : undefined;
  if (unit && unit.status !== 200) return NotFoundPage(x);
  const view = unit?.body as { unit: UnitView; accounts: AccountRow[]; children: UnitView[] } | undefined;
  return x.page(
    x.t('ledger'),
    <>
      <form method="get" class="card">
        <Field name="unit" label={x.t('unit')} value={id} options={(roots.body.items as UnitView[]).map((u) => [u.id, u.name] as const)} />
        <button type="submit">{x.t('filter')}</button>
        <p class="muted">
          <a href="/console/ledger/accounts">
            {x.t('findAccount')} · {x.t('transfer')}
          </a>
        </p>
      </form>
      {view && (
        <>
          <section class="card">
            <h2>
              {view.unit.name} <span class="muted">{x.label('level', view.unit.level)}</span>
            </h2>
            <Accounts x={x} accounts={view.accounts} />
            {view.children.map((child) => (
              <details>
                <summary>
                  <a href={`/console/ledger?unit=${encodeURIComponent(child.id)}`}>{child.name}</a> <span class="muted">{x.label('level', child.level)}</span>
                </summary>
                <Accounts x={x} accounts={child.accounts} />
              </details>
            ))}
          </section>
          {subs?.status === 200 && (
            <section class="card">
              <h2>
                {x.t('subLedgers')} · {yuan(subs.body.balance)} · <a href={`/console/ledger/sub-ledgers/${encodeURIComponent(id!)}/csv`}>{x.t('export')}</a>
              </h2>
              <table>
                <tr>
                  <th>{x.label('subLedgerLevel', subs.body.levels[0])}</th>
                  <th>{x.label('subLedgerLevel', subs.body.levels[1])}</th>
                  <th class="n">{x.t('balance')}</th>
                </tr>
                {Object.entries(subs.body.tree as Record<string, { total: string; items: Record<string, string> }>).map(([key, node]) => (
                  <>
                    <tr>
                      <th>{x.label('fundNature', key)}</th>
                      <th></th>
                      <th class="n">{yuan(node.total)}</th>
                    </tr>
                    {Object.entries(node.items).map(([k, v]) => (
                      <tr>
                        <td></td>
                        <td>{x.label('fundNature', k)}</td>
                        <td class="n">{yuan(v)}</td>
                      </tr>
                    ))}
                  </>
                ))}
              </table>
            </section>
          )}
        </>
      )}
    </>,
  );
}

export const cashPages: ReadonlyArray<ConsolePage<CashServices>> = [
  { path: '/ledger', roles: READERS, nav: { label: { zh: '账户与资金', en: 'Ledger' }, order: 60 }, handler: unitPage },
];

/**
 * Swept revenue per day and fund nature, from the region account's statement:
 * the change in the fund-nature dimensions (postings carry running totals)
 * made by postings on the account's increasing side, so money moved out again
 * (overdraft cover) is not counted as revenue.
 */
async function sweptRevenue(x: ConsoleCtx) {
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
  return (
    <section class="card">
      <BarChart
        lang={x.lang}
        title={x.t('sweptRevenue')}
        format={yuan}
        labels={dates.map((d) => d.slice(5))}
        series={natures.map((n, i) => ({
          name: x.label('fundNature', n),
          color: PALETTE[i % PALETTE.length]!,
          values: dates.map((d) => formatAmount(swept.get(d)!.get(n) ?? 0)),
        }))}
      />
    </section>
  );
}

export const cashDashboard: ReadonlyArray<ConsoleBlock<CashServices>> = [{ roles: READERS, render: sweptRevenue }];
