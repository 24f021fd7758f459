/**
 * The office's and civil affairs' money and lists on screen: funds received
 * (the county's NCMS funding, civil affairs' assistance pre-funding) with
 * the month's reconciliation between them; the register of beneficiaries
 * (花名册) browsed by township and exported; the county's townships that
 * applications are filed under.
 */
import { DateTime } from 'luxon';
import { actionPage, EntryReceipts } from '../../kit/console/actions.tsx';
import type { ConsoleCtx } from '../../kit/console/context.tsx';
import { csvResponse } from '../../kit/console/csv.ts';
import { yuan } from '../../kit/console/format.ts';
import { Field } from '../../kit/console/forms.tsx';
import { NotFoundPage, ProblemBox } from '../../kit/console/layout.tsx';
import type { ConsolePage } from '../../kit/plugin.ts';
import { townshipsInput } from './config.ts';
import type { RegisterRow } from './eligibility/register.ts';
import type { NcmsServices } from './office.ts';
import { fundingInput } from './periods/funding.ts';
import { OFFICE, READERS } from './roles.ts';
import { w } from './words.ts';

const t = (zh: string, en: string) => ({ zh, en });
/** A month's reconciliation as the two parties read it, each figure in yuan. */
async function reconciliation(x: ConsoleCtx) {
  const period = x.c.req.query('period') || DateTime.now().setZone(x.zone).toFormat('yyyy-MM');
  const res = await x.api('GET', `/v1/ncms/periods/${encodeURIComponent(period)}/assistance-reconciliation`);
  const rows = [
    ['advanced', w(x, 'advanced')],
    ['funded', w(x, 'funded')],
    ['paidToHospitals', w(x, 'paidToHospitals')],
    ['fundBalance', w(x, 'fundBalance')],
    ['unfundedAdvances', w(x, 'unfundedAdvances')],
  ] as const;
  return (
    <section class="card">
      <h2>{w(x, 'assistanceReconciliation')}</h2>
      <form method="get">
        <Field name="period" label={x.t('period')} type="month" value={period} />
        <button type="submit">{x.t('filter')}</button>
      </form>
      {res.status === 200 ? (
        <table>
          {rows.map(([key, words]) => (
            <tr>
              <th>{words}</th>
              <td class="n">{yuan(res.body[key])}</td>
            </tr>
          ))}
        </table>
      ) : (
        <ProblemBox problem={res.body} />
      )}
    </section>
  );
}

/** How many pages of the register one export reads: a county's roll is a few thousand people. */
const EXPORT_PAGES = 50;

async function townshipNames(x: ConsoleCtx): Promise<Map<string, string>> {
  const res = await x.api('GET', '/v1/ncms/townships');
  return new Map(((res.body.townships ?? []) as Array<{ id: string; name: string }>).map((tw) => [tw.id, x.caption(tw.name)]));
}

const registerQuery = (township: string, cursor?: string) =>
  new URLSearchParams({ limit: '100', ...(township ? { township } : {}), ...(cursor ? { cursor } : {}) });

async function registerPage(x: ConsoleCtx) {
  const township = x.c.req.query('township') ?? '';
  const cursor = x.c.req.query('cursor');
  const [res, names] = await Promise.all([x.api('GET', `/v1/ncms/register?${registerQuery(township, cursor)}`), townshipNames(x)]);
  if (res.status !== 200) return x.page(w(x, 'register'), <ProblemBox problem={res.body} />, res.status);
  const rows = res.body.items as RegisterRow[];
  return x.page(
    w(x, 'register'),
    <>
      <form method="get" class="card">
        <Field name="township" label={w(x, 'township')} value={township} options={[['', x.t('all')], ...names]} />
        <button type="submit">{x.t('filter')}</button>
        <p>
          <a href={`/console/ncms/register/csv?${new URLSearchParams(township ? { township } : {})}`}>{x.t('export')}</a>
        </p>
      </form>
      <table>
        <tr>
          <th>{w(x, 'township')}</th>
          <th>{w(x, 'application')}</th>
          <th>{w(x, 'member')}</th>
          <th>{w(x, 'category')}</th>
          <th>{w(x, 'validPeriod')}</th>
          <th>{x.t('state')}</th>
        </tr>
        {rows.map((r) => (
          <tr>
            <td>{names.get(r.township) ?? r.township}</td>
            <td>
              <a href={`/console/cases/${encodeURIComponent(r.applicationId)}`}>{r.applicationId.slice(-8)}</a>
            </td>
            <td>{r.member === 1 ? w(x, 'householdHead') : (r.member ?? '—')}</td>
            <td>{x.label('category', r.category)}</td>
            <td>
              {r.validFrom} – {r.validTo}
            </td>
            <td>{x.label('registerStatus', r.status)}</td>
          </tr>
        ))}
      </table>
      {res.body.nextCursor && (
        <p>
          <a href={`/console/ncms/register?${registerQuery(township, res.body.nextCursor)}`}>{x.t('nextPage')}</a>
        </p>
      )}
    </>,
  );
}

async function registerCsv(x: ConsoleCtx) {
  const township = x.c.req.query('township') ?? '';
  const names = await townshipNames(x);
  const rows: RegisterRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < EXPORT_PAGES; page++) {
    const res = await x.api('GET', `/v1/ncms/register?${registerQuery(township, cursor)}`);
    if (res.status !== 200) return NotFoundPage(x);
    rows.push(...(res.body.items as RegisterRow[]));
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  // A file that silently stops short is worse than none: past the limit, the export is asked for by township.
  if (cursor) return x.page(w(x, 'register'), <p class="problem">{w(x, 'exportByTownship')}</p>, 400);
  return csvResponse(
    `register${township ? `-${township}` : ''}.csv`,
    [w(x, 'township'), w(x, 'application'), w(x, 'member'), w(x, 'category'), w(x, 'validFrom'), w(x, 'validTo'), x.t('state')],
    rows.map((r) => [
      names.get(r.township) ?? r.township,
      r.applicationId,
      r.member ?? '',
      x.label('category', r.category),
      r.validFrom,
      r.validTo,
      x.label('registerStatus', r.status),
    ]),
  );
}

export const ncmsWorkPages: ReadonlyArray<ConsolePage<NcmsServices>> = [
  ...actionPage<NcmsServices>({
    path: '/ncms/funds',
    title: t('资金到位与对账', 'Funding and reconciliation'),
    nav: { label: t('资金到位与对账', 'Funding'), order: 24 },
    actions: [
      {
        id: 'ncms',
        title: t('新农合基金到位', 'NCMS fund received'),
        hint: t('县财政拨付的新农合基金。', 'Paid in by the county’s finance bureau.'),
        roles: OFFICE,
        method: 'POST',
        api: '/v1/ncms/ncms-funding',
        input: fundingInput,
        generated: ['id'],
        show: (x, body) => <EntryReceipts x={x} body={body} />,
      },
      {
        id: 'assistance',
        title: t('民政预拨救助资金', 'Assistance pre-funding received'),
        hint: t('民政部门预拨的大病医疗救助垫付资金。', 'Civil affairs pre-funds the assistance hospitals advance.'),
        roles: { 'civil-affairs': 'tenant', 'tenant-admin': 'tenant' },
        method: 'POST',
        api: '/v1/ncms/assistance-funding',
        input: fundingInput,
        generated: ['id'],
        show: (x, body) => <EntryReceipts x={x} body={body} />,
      },
    ],
    body: { roles: READERS, render: reconciliation },
  }),
  {
    path: '/ncms/register',
    roles: ['ncms-office', 'civil-affairs', 'tenant-admin', 'auditor'],
    nav: { label: t('救助对象花名册', 'Register'), order: 25 },
    handler: registerPage,
  },
  { path: '/ncms/register/csv', roles: ['ncms-office', 'civil-affairs', 'tenant-admin', 'auditor'], handler: registerCsv },
  ...actionPage<NcmsServices>({
    path: '/ncms/townships',
    title: t('乡镇', 'Townships'),
    nav: { label: t('乡镇设置', 'Townships'), order: 28 },
    actions: [
      {
        id: 'townships',
        title: t('本县乡镇', 'The county’s townships'),
        hint: t(
          '申请须选本县乡镇之一；代码即乡镇审核员的权限范围，改动代码前请先调整审核员权限。',
          'An application names one of these; the code is what township reviewers are scoped to, so change reviewers’ scopes before a code.',
        ),
        roles: OFFICE,
        method: 'PUT',
        api: '/v1/ncms/townships',
        current: '/v1/ncms/townships',
        input: townshipsInput,
        show: (x, body) => <p>{(body.townships as Array<{ name: string }>).map((tw) => x.caption(tw.name)).join('、')}</p>,
      },
    ],
  }),
];
