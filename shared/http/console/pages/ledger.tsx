/**
 * Ledger screens every tenant has: finding an account, its statement,
 * transfers with their receipts, and the settlement runs with their
 * progress. (Postal cash management adds the unit tree and sub-ledgers.)
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { DateTime } from 'luxon';
import { actionPage } from '../../../kit/console/actions.tsx';
import { CaseData } from '../../../kit/console/case-data.tsx';
import { type ConsoleCtx, Hidden } from '../../../kit/console/context.tsx';
import { csvResponse } from '../../../kit/console/csv.ts';
import { when, yuan } from '../../../kit/console/format.ts';
import { errorsByField, Field, single } from '../../../kit/console/forms.tsx';
import { ProblemBox } from '../../../kit/console/layout.tsx';
import { accountRulesSchema } from '../../../ledger/index.ts';
import type { WithCtx } from '../frame.ts';
import { notFound } from './cases.tsx';

type Problem = { detail?: string; errors?: Array<{ field: string; message: string }> };
/** An account's limits and allotment: set by the tenant's admin, or by finance for the units below their own. */
/** Whether the viewer may set an account's rules: the admin any; finance those of the units below their own (a unit's parent sets its rules). */
function setsRules(x: ConsoleCtx, unit: string | undefined): boolean {
  if (x.viewer.roles.includes('tenant-admin')) return true;
  return x.viewer.roles.includes('finance') && unit !== undefined && !(x.viewer.scopes.unit ?? []).includes(unit);
}

const rulesPages = actionPage<undefined>({
  path: '/ledger/accounts/:id/rules',
  title: (x) => `${x.t('limits')} · ${x.c.req.param('id') ?? ''}`,
  actions: [
    {
      id: 'rules',
      title: { zh: '限额与预算额度', en: 'Limits and allotment' },
      hint: {
        zh: '金额留空即不设限；保存后替换该账户的全部规则。',
        en: 'Leave an amount empty for no limit; saving replaces all of the account’s rules.',
      },
      roles: { 'tenant-admin': 'tenant', finance: 'unit-below' },
      method: 'PUT',
      api: '/v1/ledger/accounts/:id/rules',
      current: '/v1/ledger/accounts/:id',
      currentAt: 'account.rules',
      input: accountRulesSchema,
      show: (x) => <p>{x.t('saved')}</p>,
    },
  ],
});

export function ledgerPages(app: Hono, withCtx: WithCtx) {
  for (const page of rulesPages) {
    app.on(
      (page.method ?? 'get').toUpperCase(),
      page.path,
      withCtx((x) => (x.viewer.roles.some((r) => page.roles.includes(r)) ? page.handler(x, undefined) : notFound(x))),
    );
  }

  /** Find an account by id, and move money between two accounts. */
  const accountsPage = (x: ConsoleCtx, transfer?: { problem?: Problem; values: Record<string, string>; done?: string }) => {
    const writer = x.viewer.roles.some((r) => ['tenant-admin', 'finance'].includes(r));
    const errors = errorsByField(transfer?.problem);
    return x.page(
      x.t('accounts'),
      <>
        <form method="get" action="/console/ledger/accounts" class="card">
          <Field name="id" label={x.t('account')} required placeholder="fund:ncms" />
          <button type="submit">{x.t('search')}</button>
        </form>
        {writer && (
          <form method="post" action="/console/ledger/transfers" class="card">
            <h2>{x.t('transfer')}</h2>
            <Hidden csrf={x.csrf} />
            {/* The id is fixed when the form is drawn: submitting it twice makes one transfer. */}
            <input type="hidden" name="id" value={transfer?.values.id ?? `console-${randomUUID()}`} />
            {transfer?.done && (
              <p class="ok" role="status">
                {x.t('saved')} · <a href={`/console/ledger/transfers/${encodeURIComponent(transfer.done)}/receipt`}>{x.t('receipt')}</a>
              </p>
            )}
            {transfer?.problem && <ProblemBox problem={transfer.problem} />}
            <div class="grid">
              <Field name="debit" label={x.t('debit')} value={transfer?.values.debit} errors={errors} required />
              <Field name="credit" label={x.t('credit')} value={transfer?.values.credit} errors={errors} required />
              <Field name="amount" label={x.t('amount')} value={transfer?.values.amount} errors={errors} required placeholder="100.00" />
              <Field name="memo" label={x.t('memo')} value={transfer?.values.memo} errors={errors} required />
            </div>
            <button type="submit">{x.t('transfer')}</button>
          </form>
        )}
      </>,
      transfer?.problem ? 400 : 200,
    );
  };
  app.post(
    '/ledger/transfers',
    withCtx(async (x) => {
      const form = single(await x.form());
      const res = await x.api('POST', '/v1/ledger/transfers', { id: form.id, debit: form.debit, credit: form.credit, amount: form.amount, memo: form.memo });
      if (res.status === 201 || res.status === 200) return accountsPage(x, { values: {}, done: form.id });
      return accountsPage(x, { problem: res.body, values: form });
    }),
  );

  app.get(
    '/ledger/accounts',
    withCtx((x) => {
      const id = x.c.req.query('id');
      if (id) return x.c.redirect(`/console/ledger/accounts/${encodeURIComponent(id)}`);
      return accountsPage(x);
    }),
  );

  app.get(
    '/ledger/accounts/:id',
    withCtx(async (x) => {
      const id = x.c.req.param('id')!;
      const now = DateTime.now().setZone(x.zone);
      const from = x.c.req.query('from') || now.startOf('month').toISODate()!;
      const to = x.c.req.query('to') || now.toISODate()!;
      const res = await x.api('GET', `/v1/ledger/accounts/${encodeURIComponent(id)}/statement?from=${from}&to=${to}`);
      if (res.status === 404) return notFound(x);
      if (res.status !== 200) return x.page(id, <ProblemBox problem={res.body} />, res.status);
      const s = res.body as {
        account: { id: string; name: string; kind: string; unit?: string };
        opening: { net: string };
        closing: { net: string };
        postings: Array<{ entryId: string; date: string; side: string; amount: string; phase: string; memo?: string; seq: number }>;
      };
      return x.page(
        `${s.account.name} · ${s.account.id}`,
        <>
          <form method="get" class="card">
            <div class="grid">
              <Field name="from" label={x.t('from')} type="date" value={from} />
              <Field name="to" label={x.t('to')} type="date" value={to} />
            </div>
            <button type="submit">{x.t('filter')}</button>
          </form>
          <p>
            {x.t('opening')} <strong>{yuan(s.opening.net)}</strong> · {x.t('closingBalance')} <strong>{yuan(s.closing.net)}</strong> ·{' '}
            <a href={`/console/ledger/accounts/${encodeURIComponent(id)}/csv?from=${from}&to=${to}`}>{x.t('export')}</a>
            {setsRules(x, s.account.unit) && (
              <>
                {' · '}
                <a href={`/console/ledger/accounts/${encodeURIComponent(id)}/rules`}>{x.t('limits')}</a>
              </>
            )}
          </p>
          <table>
            <tr>
              <th>#</th>
              <th>{x.t('date')}</th>
              <th>{x.t('memo')}</th>
              <th class="n">{x.t('debit')}</th>
              <th class="n">{x.t('credit')}</th>
              <th></th>
            </tr>
            {s.postings.map((p) => (
              <tr>
                <td>{p.seq}</td>
                <td>{p.date}</td>
                <td>
                  {p.memo ?? ''} <span class="muted">{p.phase !== 'posted' ? p.phase : ''}</span>
                </td>
                <td class="n">{p.side === 'debit' ? yuan(p.amount) : ''}</td>
                <td class="n">{p.side === 'credit' ? yuan(p.amount) : ''}</td>
                <td>
                  <a href={`/console/ledger/transfers/${encodeURIComponent(p.entryId)}/receipt`}>{x.t('receipt')}</a>
                </td>
              </tr>
            ))}
          </table>
        </>,
      );
    }),
  );

  // The statement as a spreadsheet: one row per posting, amounts as the decimal strings the ledger keeps.
  app.get(
    '/ledger/accounts/:id/csv',
    withCtx(async (x) => {
      const id = x.c.req.param('id')!;
      const from = x.c.req.query('from') ?? '';
      const to = x.c.req.query('to') ?? '';
      const res = await x.api('GET', `/v1/ledger/accounts/${encodeURIComponent(id)}/statement?${new URLSearchParams({ from, to })}`);
      if (res.status !== 200) return res.status === 404 ? notFound(x) : x.page(id, <ProblemBox problem={res.body} />, res.status);
      const postings = res.body.postings as Array<{ seq: number; date: string; entryId: string; side: string; amount: string; phase: string; memo?: string }>;
      return csvResponse(
        `statement-${id}-${from}-${to}.csv`,
        ['#', x.t('date'), x.t('memo'), x.t('debit'), x.t('credit'), x.t('balance'), x.t('state'), x.t('entry')],
        [
          ['', from, x.t('opening'), '', '', res.body.opening.net, '', ''],
          ...postings.map((p) => [
            p.seq,
            p.date,
            p.memo ?? '',
            p.side === 'debit' ? p.amount : '',
            p.side === 'credit' ? p.amount : '',
            '',
            x.label('phase', p.phase),
            p.entryId,
          ]),
          ['', to, x.t('closingBalance'), '', '', res.body.closing.net, '', ''],
        ],
      );
    }),
  );

  app.get(
    '/ledger/transfers/:id/receipt',
    withCtx(async (x) => {
      const res = await x.api('GET', `/v1/ledger/transfers/${encodeURIComponent(x.c.req.param('id')!)}/receipt`);
      if (res.status !== 200) return notFound(x);
      return x.c.html(res.body as string);
    }),
  );

  // -------------------------------------------------- settlement runs
  app.get(
    '/runs',
    withCtx(async (x) => {
      const res = await x.api('GET', '/v1/settlement-runs');
      if (res.status !== 200) return notFound(x);
      const yesterday = DateTime.now().setZone(x.zone).minus({ days: 1 }).toISODate()!;
      const runs = res.body.items as Array<{ businessDate: string; status: string; trigger: string; attempts: number; startedAt: string; finishedAt?: string }>;
      return x.page(
        x.t('runs'),
        <>
          {x.viewer.roles.some((r) => ['tenant-admin', 'finance'].includes(r)) && (
            <form method="post" action="/console/runs" class="card">
              <Hidden csrf={x.csrf} />
              <Field name="businessDate" label={x.t('businessDate')} type="date" value={yesterday} required />
              <button type="submit">{x.t('run')}</button>
            </form>
          )}
          <table>
            <tr>
              <th>{x.t('businessDate')}</th>
              <th>{x.t('state')}</th>
              <th>{x.t('trigger')}</th>
              <th>{x.t('started')}</th>
              <th>{x.t('finished')}</th>
            </tr>
            {runs.map((r) => (
              <tr>
                <td>
                  <a href={`/console/runs/${r.businessDate}`}>{r.businessDate}</a>
                </td>
                <td>{x.label('runStatus', r.status)}</td>
                <td>
                  {x.label('trigger', r.trigger)} ×{r.attempts}
                </td>
                <td>{when(r.startedAt, x.zone, x.lang)}</td>
                <td>{when(r.finishedAt, x.zone, x.lang)}</td>
              </tr>
            ))}
          </table>
        </>,
      );
    }),
  );

  app.post(
    '/runs',
    withCtx(async (x) => {
      const { businessDate } = single(await x.form());
      // The run is queued for a worker (202) or already finished (200): its progress page follows it to the end.
      const started = await x.api('POST', '/v1/settlement-runs', { businessDate });
      if (started.status !== 200 && started.status !== 202) return x.page(x.t('runs'), <ProblemBox problem={started.body} />, started.status);
      return x.c.redirect(`/console/runs/${businessDate}`, 303);
    }),
  );

  app.get(
    '/runs/:date',
    withCtx(async (x) => {
      const res = await x.api('GET', `/v1/settlement-runs/${encodeURIComponent(x.c.req.param('date')!)}`);
      if (res.status !== 200) return notFound(x);
      const run = res.body as {
        businessDate: string;
        status: string;
        order?: string[];
        steps: Record<string, { status: string; counts?: Record<string, unknown>; error?: string; startedAt?: string; finishedAt?: string }>;
        findings: Record<string, unknown>;
      };
      const steps = (run.order ?? Object.keys(run.steps)).map((name) => [name, run.steps[name] ?? { status: 'pending' }] as const);
      const done = steps.filter(([, s]) => ['done', 'skipped', 'failed'].includes(s.status)).length;
      const running = run.status === 'running' || run.status === 'queued';
      if (running) x.c.header('refresh', '2');
      return x.page(
        `${x.t('runs')} · ${run.businessDate}`,
        <>
          <p>
            {x.t('state')}: <strong>{x.label('runStatus', run.status)}</strong>
          </p>
          <label for="run-progress">{x.t('progress')}</label>
          <progress id="run-progress" max={steps.length} value={done}>
            {done}/{steps.length}
          </progress>
          {running && <p class="muted">{x.t('refreshing')}</p>}
          <table>
            <tr>
              <th>{x.t('step')}</th>
              <th>{x.t('state')}</th>
              <th>{x.t('counts')}</th>
            </tr>
            {steps.map(([name, s]) => (
              <tr>
                <td>{x.label('step', name)}</td>
                <td>{x.label('runStatus', s.status)}</td>
                <td>
                  {s.counts && <CaseData x={x} data={s.counts} />}
                  {s.error && <span class="error"> {s.error}</span>}
                </td>
              </tr>
            ))}
          </table>
          {Object.keys(run.findings ?? {}).length > 0 && (
            <>
              <h2>{x.t('findings')}</h2>
              <CaseData x={x} data={run.findings} />
            </>
          )}
        </>,
      );
    }),
  );
}
