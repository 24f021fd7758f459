/**
 * Cash-management work on screen: deposits and bank fees by fund nature,
 * expected revenue (应缴), the internal pricing, the due-versus-paid-in
 * reconciliation of a business date read as a table, and CSV exports of
 * that report and of a unit's sub-ledgers. Units are chosen from those the
 * user may see, never typed.
 */
import { DateTime } from 'luxon';
import { type Action, actionPage, EntryReceipts } from '../../kit/console/actions.tsx';
import type { ConsoleCtx } from '../../kit/console/context.tsx';
import { csvResponse } from '../../kit/console/csv.ts';
import { yuan } from '../../kit/console/format.ts';
import { Field } from '../../kit/console/forms.tsx';
import { NotFoundPage, ProblemBox } from '../../kit/console/layout.tsx';
import type { ConsolePage } from '../../kit/plugin.ts';
import { pricingSchema } from './internal-pricing.ts';
import { expectedSchema } from './reconciliation.ts';
import { bankFeeInput, depositInput } from './routes.ts';
import type { CashServices } from './services.ts';

const t = (zh: string, en: string) => ({ zh, en });
const ADMIN = { 'tenant-admin': 'tenant' } as const;
const WRITERS = { 'tenant-admin': 'tenant', finance: 'unit' } as const;
const READERS = ['tenant-admin', 'finance', 'auditor'];

/** How many units a picker lists: a province's tree is a few hundred; a picker of more is a search, not a list. */
const MAX_UNITS = 300;

/** The units the user may see, top down (each level read in parallel), as value and name. */
async function visibleUnits(x: ConsoleCtx): Promise<Array<readonly [string, string]>> {
  const roots = await x.api('GET', '/v1/ledger/units');
  if (roots.status !== 200) return [];
  const out = new Map<string, string>();
  let level: Array<{ id: string; name: string }> = roots.body.items ?? [];
  while (level.length && out.size < MAX_UNITS) {
    for (const u of level) out.set(u.id, u.name);
    const reads = await Promise.all(level.map((u) => x.api('GET', `/v1/ledger/units/${encodeURIComponent(u.id)}`)));
    level = reads.flatMap((r) => (r.status === 200 ? (r.body.children as Array<{ id: string; name: string }>) : [])).filter((u) => !out.has(u.id));
  }
  return [...out].slice(0, MAX_UNITS);
}

const cashActions: Action[] = [
  {
    id: 'deposit',
    title: t('收入缴存', 'Deposit revenue'),
    hint: t('按资金性质存入单位的收入账户，当晚逐级归集。', 'Into the unit’s revenue account by fund nature; swept up level by level tonight.'),
    roles: WRITERS,
    method: 'POST',
    api: '/v1/ledger/deposits',
    input: depositInput,
    generated: ['id'],
    choices: async (x) => ({ unit: await visibleUnits(x) }),
    show: (x, body) => <EntryReceipts x={x} body={body} />,
  },
  {
    id: 'bank-fee',
    title: t('银行手续费', 'Bank fee'),
    roles: WRITERS,
    method: 'POST',
    api: '/v1/ledger/bank-fees',
    input: bankFeeInput,
    generated: ['id'],
    choices: async (x) => ({ unit: await visibleUnits(x) }),
    show: (x, body) => <EntryReceipts x={x} body={body} />,
  },
  {
    id: 'expected',
    title: t('应缴收入', 'Expected revenue'),
    hint: t('日终对账按此比较应缴与实缴。', 'The nightly reconciliation compares paid-in with this.'),
    roles: WRITERS,
    method: 'POST',
    api: '/v1/ledger/expected',
    input: expectedSchema,
    choices: async (x) => ({ unit: await visibleUnits(x) }),
    show: (x, e) => (
      <p>
        {e.date} · {x.label('fundNature', e.fundNature)} · {yuan(e.amount)}
      </p>
    ),
  },
  {
    id: 'pricing',
    title: t('内部计价', 'Internal pricing'),
    hint: t('上存资金计息、透支计费；自下一营业日起按日计提。', 'Interest on funds swept up and on overdrafts; accrued daily from the next business day.'),
    roles: ADMIN,
    method: 'PUT',
    api: '/v1/ledger/pricing',
    current: '/v1/ledger/pricing',
    input: pricingSchema,
    show: (x, p) => (
      <p>
        {p.lendRate} · {p.borrowRate} · {x.label('dayCount', p.dayCount)}
      </p>
    ),
  },
];

type Row = { unit: string; fundNature: string; expected: string; actual: string; difference: string };

async function reconciliation(x: ConsoleCtx, date: string) {
  const res = await x.api('GET', `/v1/ledger/reconciliation/${encodeURIComponent(date)}`);
  const names = new Map(await visibleUnits(x));
  return { res, rows: (res.status === 200 ? res.body.differences : []) as Row[], names };
}

async function reconciliationPage(x: ConsoleCtx) {
  const date = x.c.req.query('date') || DateTime.now().setZone(x.zone).minus({ days: 1 }).toISODate()!;
  const { res, rows, names } = await reconciliation(x, date);
  return x.page(
    x.t('reconciliation'),
    <>
      <form method="get" class="card">
        <Field name="date" label={x.t('businessDate')} type="date" value={date} />
        <button type="submit">{x.t('filter')}</button>
      </form>
      {res.status === 404 && <p class="muted">{x.t('noReconciliation')}</p>}
      {res.status !== 200 && res.status !== 404 && <ProblemBox problem={res.body} />}
      {res.status === 200 && (
        <>
          <p>
            {x.t('unitsCompared')} {res.body.units} · {x.t('differences')} {rows.length} ·{' '}
            <a href={`/console/ledger/reconciliation/${encodeURIComponent(date)}/csv`}>{x.t('export')}</a>
          </p>
          <table>
            <tr>
              <th>{x.t('unit')}</th>
              <th>{x.label('field', 'fundNature')}</th>
              <th class="n">{x.t('expectedAmount')}</th>
              <th class="n">{x.t('actualAmount')}</th>
              <th class="n">{x.t('difference')}</th>
            </tr>
            {rows.map((r) => (
              <tr>
                <td>{names.get(r.unit) ?? r.unit}</td>
                <td>{x.label('fundNature', r.fundNature)}</td>
                <td class="n">{yuan(r.expected)}</td>
                <td class="n">{yuan(r.actual)}</td>
                <td class="n">{yuan(r.difference)}</td>
              </tr>
            ))}
          </table>
        </>
      )}
    </>,
  );
}

async function reconciliationCsv(x: ConsoleCtx) {
  const date = x.c.req.param('date') ?? '';
  const { res, rows, names } = await reconciliation(x, date);
  if (res.status !== 200) return NotFoundPage(x);
  return csvResponse(
    `reconciliation-${date}.csv`,
    [x.t('unit'), x.t('unitName'), x.label('field', 'fundNature'), x.t('expectedAmount'), x.t('actualAmount'), x.t('difference')],
    rows.map((r) => [r.unit, names.get(r.unit) ?? '', x.label('fundNature', r.fundNature), r.expected, r.actual, r.difference]),
  );
}

/** A unit's sub-ledgers (the sweep's result by fund nature and unit below) as rows. */
async function subLedgersCsv(x: ConsoleCtx) {
  const unit = x.c.req.param('unit') ?? '';
  const res = await x.api('GET', `/v1/ledger/units/${encodeURIComponent(unit)}/sub-ledgers`);
  if (res.status !== 200) return NotFoundPage(x);
  const names = new Map(await visibleUnits(x));
  const word = (code: string) => names.get(code) ?? x.label('fundNature', code);
  const tree = res.body.tree as Record<string, { total: string; items: Record<string, string> }>;
  return csvResponse(
    `sub-ledgers-${unit}.csv`,
    [x.label('subLedgerLevel', res.body.levels[0]), x.label('subLedgerLevel', res.body.levels[1]), x.t('balance')],
    Object.entries(tree).flatMap(([key, node]) => [[word(key), '', node.total], ...Object.entries(node.items).map(([k, v]) => [word(key), word(k), v])]),
  );
}

export const cashWorkPages: ReadonlyArray<ConsolePage<CashServices>> = [
  ...actionPage<CashServices>({
    path: '/ledger/cash',
    title: t('资金业务', 'Cash operations'),
    nav: { label: t('资金业务', 'Cash operations'), order: 60.5 },
    actions: cashActions,
  }),
  { path: '/ledger/reconciliation', roles: READERS, nav: { label: t('应缴实缴对账', 'Reconciliation'), order: 60.6 }, handler: reconciliationPage },
  { path: '/ledger/reconciliation/:date/csv', roles: READERS, handler: reconciliationCsv },
  { path: '/ledger/sub-ledgers/:unit/csv', roles: READERS, handler: subLedgersCsv },
];
