/**
 * Property office screens: the desk's phone intake (find the household by
 * phone or room, then file any request type for its person), a team's task
 * list with its promises counting down, and billing at the counter (arrears,
 * taking a payment, the receipt). Each screen is open to the roles its API
 * calls allow.
 */

import { BarChart, PALETTE } from '../../kit/console/charts.tsx';
import { type ApiResult, type ConsoleCtx, Hidden, OnceKey, onceHeaders } from '../../kit/console/context.tsx';
import { when, yuan } from '../../kit/console/format.ts';
import { errorsByField, Field, type FieldErrors, flatValues, formToBody, type JsonSchema, SchemaFields, single } from '../../kit/console/forms.tsx';
import { NotFoundPage as notFound, ProblemBox } from '../../kit/console/layout.tsx';
import { pageSet } from '../../kit/console/pages.ts';
import type { PropertyServices } from './office.ts';
import { DESK, DESK_READ } from './roles.ts';

type Text = { zh: string; en: string };
const word = (x: ConsoleCtx, t: Text) => (x.lang === 'zh' ? t.zh : t.en);
const W = {
  desk: { zh: '服务台受理', en: 'Desk intake' },
  find: { zh: '查找住户', en: 'Find the household' },
  phone: { zh: '来电号码', en: 'Caller’s phone' },
  household: { zh: '房号（楼-单元-室）', en: 'Household (building-unit-room)' },
  person: { zh: '报事人', en: 'Who is asking' },
  channel: { zh: '受理渠道', en: 'Channel' },
  file: { zh: '登记受理', en: 'File it' },
  area: { zh: '面积', en: 'Area' },
  tasks: { zh: '我的任务', en: 'My tasks' },
  mine: { zh: '派给我的', en: 'Assigned to me' },
  teamWork: { zh: '班组其他任务', en: 'The rest of the team’s work' },
  left: { zh: '剩余', en: 'left' },
  overdueBy: { zh: '已超时', en: 'overdue by' },
  billing: { zh: '收费', en: 'Billing' },
  arrears: { zh: '欠费', en: 'Arrears' },
  takePayment: { zh: '收款', en: 'Take a payment' },
  amount: { zh: '金额', en: 'Amount' },
  method: { zh: '付款方式', en: 'Method' },
  paid: { zh: '已收款', en: 'Paid' },
  receipt: { zh: '收据', en: 'Receipt' },
  statement: { zh: '对账单', en: 'Statement' },
  due: { zh: '应缴', en: 'Due' },
  month: { zh: '月份', en: 'Month' },
  owing: { zh: '欠缴', en: 'Owing' },
  none: { zh: '无', en: 'None' },
  satisfaction: { zh: '满意度与时效', en: 'Satisfaction and service levels' },
  type: { zh: '事项', en: 'Type' },
  ended: { zh: '办结', en: 'Ended' },
  rated: { zh: '评价数', en: 'Rated' },
  average: { zh: '平均评分', en: 'Mean rating' },
  inTime: { zh: '按时办结率', en: 'Resolved in time' },
  breached: { zh: '超时', en: 'Breached' },
  rooms: { zh: '会议室', en: 'Meeting rooms' },
  date: { zh: '日期', en: 'Date' },
  show: { zh: '查看', en: 'Show' },
  free: { zh: '空闲', en: 'Free all day' },
  incident: { zh: '事件通知', en: 'Incident' },
  deskTeam: { zh: '服务台', en: 'Desk' },
  renovation: { zh: '装修档案', en: 'Renovation file' },
  contractor: { zh: '施工单位', en: 'Contractor' },
  plan: { zh: '图纸与资料', en: 'Plan documents' },
  approval: { zh: '审批', en: 'Approval' },
  permit: { zh: '施工许可', en: 'Permit' },
  deposit: { zh: '押金', en: 'Deposit' },
  kept: { zh: '扣留', en: 'Kept' },
  refunded: { zh: '退还', en: 'Returned' },
  inspections: { zh: '检查记录', en: 'Inspections' },
  passed: { zh: '合格', en: 'Passed' },
  failed: { zh: '不合格', en: 'Failed' },
} as const;

/** How long until a promise is due, or how long it is overdue, in words. */
export function countdown(x: ConsoleCtx, dueIso: string, now = Date.now()): { text: string; overdue: boolean; soon: boolean } {
  const ms = Date.parse(dueIso) - now;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const span =
    minutes >= 60 * 24
      ? `${Math.floor(minutes / 1440)}d ${Math.floor((minutes % 1440) / 60)}h`
      : minutes >= 60
        ? `${Math.floor(minutes / 60)}h ${minutes % 60}m`
        : `${minutes}m`;
  return ms < 0
    ? { text: `${word(x, W.overdueBy)} ${span}`, overdue: true, soon: false }
    : { text: `${word(x, W.left)} ${span}`, overdue: false, soon: ms < 60 * 60_000 };
}

/** The incidents in progress, above a working screen: the desk and the teams know before the calls come. */
async function IncidentBanner({ x }: { x: ConsoleCtx }) {
  const res = await x.api('GET', '/v1/property/incidents');
  const items = (res.body.items ?? []) as Array<{ id: string; title: string; buildings: string[]; expectedEnd?: string }>;
  if (items.length === 0) return null;
  return (
    <div class="card" role="alert" aria-label={word(x, W.incident)} style="border-left:4px solid #a1121e">
      {items.map((i) => (
        <p>
          <strong>{word(x, W.incident)}</strong> {i.title} · {i.buildings.join(', ')}
          {i.expectedEnd ? ` · ${when(i.expectedEnd, x.zone, x.lang)}` : ''}
        </p>
      ))}
    </div>
  );
}

interface CaseTypeInfo {
  type: string;
  title: string;
  intakeRoles: string[];
  intakeSchema: JsonSchema;
}
interface Person {
  id: string;
  name: string;
  role: string;
  phone: string;
  movedOutAt?: string;
}
interface HouseholdView {
  household: { id: string; building: string; unit?: string; room: string; area: string; propertyType: string };
  people: Person[];
  person?: Person;
}

/** The intake schema without what the household gives: the desk names it outside the form, and a repair's place is the household's. */
const withoutHousehold = (s: JsonSchema): JsonSchema => {
  const { household: _h, location: _l, ...properties } = (s.properties ?? {}) as Record<string, JsonSchema>;
  return { ...s, properties, required: (s.required ?? []).filter((r) => r !== 'household' && r !== 'location') };
};

export function propertyPages() {
  const app = pageSet<PropertyServices>();

  // ------------------------------------------------------ the desk's phone intake
  const deskPage = async (
    x: ConsoleCtx,
    q: { phone?: string; household?: string; type?: string },
    failed?: { body: { detail?: string; errors?: Array<{ field: string; message: string }> }; values: Record<string, string> },
  ) => {
    const types = ((await x.api('GET', '/v1/case-types')).body.items ?? []) as CaseTypeInfo[];
    const fileable = types.filter((t) => t.intakeRoles.includes('desk-agent'));
    let found: HouseholdView | undefined;
    let lookupProblem: unknown;
    if (q.phone || q.household) {
      const res = q.phone
        ? await x.api('GET', `/v1/property/households/lookup?phone=${encodeURIComponent(q.phone)}`)
        : await x.api('GET', `/v1/property/households/${encodeURIComponent(q.household ?? '')}`);
      if (res.status === 200) found = res.body as HouseholdView;
      else lookupProblem = res.body;
    }
    const chosen = fileable.find((t) => t.type === q.type) ?? fileable[0];
    const errors: FieldErrors = failed ? errorsByField(failed.body) : {};
    const living = found?.people.filter((p) => !p.movedOutAt) ?? [];
    return x.page(
      word(x, W.desk),
      <>
        <IncidentBanner x={x} />
        <form method="get" action="/console/property/desk" class="card" aria-label={word(x, W.find)}>
          <h2>{word(x, W.find)}</h2>
          <div class="grid">
            <Field name="phone" label={word(x, W.phone)} type="tel" value={q.phone} />
            <Field name="household" label={word(x, W.household)} value={q.household} placeholder="1-1-101" />
          </div>
          <button type="submit">{word(x, W.find)}</button>
        </form>
        {lookupProblem ? <ProblemBox problem={lookupProblem as never} /> : null}
        {found && chosen && (
          <section class="card" aria-label={found.household.id}>
            <h2>
              {found.household.id} · {x.label('propertyType', found.household.propertyType)} · {word(x, W.area)} {found.household.area} m²
            </h2>
            <p>
              {fileable.map((t) => (
                <a
                  href={`/console/property/desk?${new URLSearchParams({ household: found.household.id, type: t.type })}`}
                  style="margin-right:1rem"
                  aria-current={t.type === chosen.type ? 'page' : undefined}
                >
                  {t.title}
                </a>
              ))}
            </p>
            {failed && <ProblemBox problem={failed.body} />}
            <form method="post" action={`/console/property/desk?${new URLSearchParams({ household: found.household.id, type: chosen.type })}`}>
              <Hidden csrf={x.csrf} />
              <OnceKey />
              <div class="grid">
                <Field
                  name="person"
                  label={word(x, W.person)}
                  value={failed?.values.person ?? found.person?.id}
                  options={living.map((p) => [p.id, `${p.name}（${x.label('householdRole', p.role)}）${p.phone}`] as const)}
                />
                <Field
                  name="channel"
                  label={word(x, W.channel)}
                  value={failed?.values.channel ?? 'phone'}
                  options={[
                    ['phone', x.lang === 'zh' ? '电话' : 'Phone'],
                    ['walk-in', x.lang === 'zh' ? '来访' : 'Walk-in'],
                  ]}
                />
              </div>
              <h3>{chosen.title}</h3>
              <SchemaFields schema={withoutHousehold(chosen.intakeSchema)} prefix="input" errors={errors} values={failed?.values ?? {}} />
              <button type="submit">{word(x, W.file)}</button>
            </form>
          </section>
        )}
      </>,
      failed ? 400 : lookupProblem ? 404 : 200,
    );
  };

  app.get('/property/desk', DESK, (x) => deskPage(x, x.c.req.query()), { label: W.desk, order: 5 });
  app.post('/property/desk', DESK, async (x) => {
    const q = x.c.req.query();
    const types = ((await x.api('GET', '/v1/case-types')).body.items ?? []) as CaseTypeInfo[];
    const chosen = types.find((t) => t.type === q.type);
    if (!chosen || !q.household) return notFound(x);
    const form = await x.form();
    const values = single(form);
    const res = await x.api(
      'POST',
      '/v1/property/requests',
      {
        type: chosen.type,
        household: q.household,
        ...(values.person ? { person: values.person } : {}),
        channel: values.channel || 'phone',
        input: formToBody(form, withoutHousehold(chosen.intakeSchema), 'input'),
      },
      onceHeaders(form),
    );
    if (res.status === 201) return x.c.redirect(`/console/cases/${res.body.id}`, 303);
    return deskPage(x, q, { body: res.body, values: flatValues(form) });
  });

  // ------------------------------------------------------ a team's tasks
  app.get(
    '/property/tasks',
    { 'team-member': 'team', 'team-lead': 'team' },
    async (x) => {
      const teams = x.viewer.scopes?.team ?? [];
      const lists = await Promise.all(teams.map((team) => x.api('GET', `/v1/cases?${new URLSearchParams({ team, limit: '100' })}`)));
      type Item = {
        id: string;
        type: string;
        stateLabel: string;
        slaDueAt: string;
        assignee?: string;
        priority: string;
        data: Record<string, unknown>;
        team?: string;
      };
      const open = lists.flatMap((r) => (r.body.items ?? []) as Item[]).filter((i, n, all) => all.findIndex((j) => j.id === i.id) === n);
      open.sort((a, b) => (a.slaDueAt < b.slaDueAt ? -1 : 1));
      const mine = open.filter((i) => i.assignee === x.viewer.sub);
      const rest = open.filter((i) => i.assignee !== x.viewer.sub);
      const rows = (items: Item[]) => (
        <table>
          {items.map((i) => {
            const due = countdown(x, i.slaDueAt);
            return (
              <tr class={due.overdue ? 'overdue' : due.soon ? 'due-soon' : ''}>
                <td>
                  <a href={`/console/cases/${i.id}`}>
                    {x.label('caseType', i.type)} · {i.id.slice(-6)}
                  </a>
                  <div class="muted">
                    <bdi>{String(i.data.description ?? i.data.detail ?? '')}</bdi>
                  </div>
                </td>
                <td>{x.caption(i.stateLabel)}</td>
                <td>{x.label('urgency', i.priority)}</td>
                <td>
                  {when(i.slaDueAt, x.zone, x.lang)} <span class={due.overdue ? 'overdue-tag' : 'muted'}>{due.text}</span>
                </td>
              </tr>
            );
          })}
          {items.length === 0 && (
            <tr>
              <td>{word(x, W.none)}</td>
            </tr>
          )}
        </table>
      );
      return x.page(
        word(x, W.tasks),
        <>
          <IncidentBanner x={x} />
          <h2>{word(x, W.mine)}</h2>
          {rows(mine)}
          <h2>{word(x, W.teamWork)}</h2>
          {rows(rest)}
        </>,
      );
    },
    { label: W.tasks, order: 1 },
  );

  // ------------------------------------------------------ billing at the counter
  const billingPage = async (x: ConsoleCtx, outcome?: ApiResult & { values: Record<string, string> }) => {
    const res = await x.api('GET', '/v1/property/arrears?limit=50');
    const failed = outcome && outcome.status >= 400 ? outcome : undefined;
    const errs: FieldErrors = failed ? errorsByField(failed.body) : {};
    const items = (res.body.items ?? []) as Array<{ household: string; month: string; source?: string; total: string; owing: string; dueOn: string }>;
    return x.page(
      word(x, W.billing),
      <>
        {outcome && !failed && (
          <p class="ok" role="status">
            {word(x, W.paid)} {yuan(outcome.body.amount)} · {x.label('paymentMethod', outcome.body.method)} ·{' '}
            <a href={`/console/property/households/${encodeURIComponent(outcome.body.household)}/payments/${encodeURIComponent(outcome.body.id)}/receipt`}>
              {word(x, W.receipt)}
            </a>
          </p>
        )}
        <form method="post" action="/console/property/billing" class="card" aria-label={word(x, W.takePayment)}>
          <h2>{word(x, W.takePayment)}</h2>
          <Hidden csrf={x.csrf} />
          <OnceKey />
          {failed && <ProblemBox problem={failed.body} />}
          <div class="grid">
            <Field name="household" label={word(x, W.household)} value={failed?.values.household} errors={errs} required />
            <Field name="amount" label={word(x, W.amount)} value={failed?.values.amount} errors={errs} required />
            <Field
              name="method"
              label={word(x, W.method)}
              value={failed?.values.method ?? 'wechat'}
              errors={errs}
              options={['cash', 'wechat', 'alipay', 'card', 'transfer'].map((m) => [m, x.label('paymentMethod', m)] as const)}
            />
          </div>
          <button type="submit">{word(x, W.takePayment)}</button>
        </form>
        <h2>{word(x, W.arrears)}</h2>
        {res.status !== 200 && <ProblemBox problem={res.body} />}
        <table>
          <tr>
            <th>{word(x, W.household)}</th>
            <th>{word(x, W.month)}</th>
            <th>{word(x, W.owing)}</th>
            <th>{word(x, W.due)}</th>
          </tr>
          {items.map((b) => (
            <tr>
              <td>
                <a href={`/console/property/households/${encodeURIComponent(b.household)}`}>{b.household}</a>
              </td>
              <td>
                {b.month}
                {b.source ? ` · ${b.source}` : ''}
              </td>
              <td class="n">{yuan(b.owing)}</td>
              <td>{b.dueOn}</td>
            </tr>
          ))}
        </table>
      </>,
      failed ? 400 : 200,
    );
  };

  app.get('/property/billing', DESK, (x) => billingPage(x), { label: W.billing, order: 30 });
  app.post('/property/billing', DESK, async (x) => {
    const form = await x.form();
    const values = single(form);
    const household = values.household ?? '';
    // The form's one-time key is the payment's id: a resubmitted form pays nothing twice.
    const res = await x.api('POST', `/v1/property/households/${encodeURIComponent(household)}/payments`, {
      id: `desk-${values._key ?? ''}`.slice(0, 64),
      amount: values.amount,
      method: values.method,
    });
    return billingPage(x, { ...res, values });
  });
  app.get('/property/households/:id', DESK_READ, async (x) => {
    const id = x.c.req.param('id') ?? '';
    const res = await x.api('GET', `/v1/property/households/${encodeURIComponent(id)}/statement`);
    if (res.status !== 200) return notFound(x);
    const s = res.body as {
      bills: Array<{ month: string; source?: string; total: string; paid: string; status: string }>;
      payments: Array<{ id: string; amount: string; method: string; at: string }>;
      due: string;
    };
    return x.page(
      `${word(x, W.statement)} · ${id}`,
      <>
        <p>
          <strong>
            {word(x, W.due)} {yuan(s.due)}
          </strong>
        </p>
        <table>
          {s.bills.map((b) => (
            <tr>
              <td>
                {b.month}
                {b.source ? ` · ${b.source}` : ''}
              </td>
              <td class="n">{yuan(b.total)}</td>
              <td class="n">{yuan(b.paid)}</td>
            </tr>
          ))}
        </table>
        <h2>{word(x, W.paid)}</h2>
        <table>
          {s.payments.map((p) => (
            <tr>
              <td>{when(p.at, x.zone, x.lang)}</td>
              <td class="n">{yuan(p.amount)}</td>
              <td>{x.label('paymentMethod', p.method)}</td>
              <td>
                <a href={`/console/property/households/${encodeURIComponent(id)}/payments/${encodeURIComponent(p.id)}/receipt`}>{word(x, W.receipt)}</a>
              </td>
            </tr>
          ))}
        </table>
      </>,
    );
  });
  app.get('/property/households/:id/payments/:payment/receipt', DESK_READ, async (x) => {
    const res = await x.api(
      'GET',
      `/v1/property/households/${encodeURIComponent(x.c.req.param('id') ?? '')}/payments/${encodeURIComponent(x.c.req.param('payment') ?? '')}/receipt`,
    );
    return res.status === 200 ? x.c.html(String(res.body)) : notFound(x);
  });

  // ------------------------------------------------------ satisfaction and service levels
  app.get(
    '/property/satisfaction',
    DESK_READ,
    async (x) => {
      const month = /^\d{4}-\d{2}$/.test(x.c.req.query('month') ?? '') ? x.c.req.query('month')! : new Date().toISOString().slice(0, 7);
      const res = await x.api('GET', `/v1/cases/report?month=${month}`);
      type Row = {
        type: string;
        team: string;
        ended: number;
        abandoned: number;
        rated: number;
        averageRating: number | null;
        resolved: number;
        resolvedInTime: number;
        breached: number;
        attainment: number | null;
      };
      const rows = ((res.body.rows ?? []) as Row[]).sort((a, b) => (a.type + a.team < b.type + b.team ? -1 : 1));
      const who = (r: Row) => `${x.label('caseType', r.type)} · ${r.team === '-' ? word(x, W.deskTeam) : x.label('team', r.team)}`;
      return x.page(
        word(x, W.satisfaction),
        <>
          <form method="get" class="card">
            <Field name="month" label={word(x, W.month)} type="month" value={month} />
            <button type="submit">{word(x, W.show)}</button>
          </form>
          {res.status !== 200 && <ProblemBox problem={res.body} />}
          {rows.length > 0 && (
            <BarChart
              lang={x.lang}
              title={`${word(x, W.average)} / ${word(x, W.inTime)} ${month}`}
              labels={rows.map(who)}
              series={[
                { name: word(x, W.average), color: PALETTE[0]!, values: rows.map((r) => String(r.averageRating ?? 0)) },
                { name: `${word(x, W.inTime)} ÷ 20`, color: PALETTE[1]!, values: rows.map((r) => String((r.attainment ?? 0) / 20)) },
              ]}
            />
          )}
          <table>
            <tr>
              <th>{word(x, W.type)}</th>
              <th>{word(x, W.ended)}</th>
              <th>{word(x, W.rated)}</th>
              <th>{word(x, W.average)}</th>
              <th>{word(x, W.inTime)}</th>
              <th>{word(x, W.breached)}</th>
            </tr>
            {rows.map((r) => (
              <tr>
                <td>{who(r)}</td>
                <td class="n">{r.ended}</td>
                <td class="n">{r.rated}</td>
                <td class="n">{r.averageRating ?? '—'}</td>
                <td class="n">{r.attainment === null ? '—' : `${r.attainment}%`}</td>
                <td class="n">{r.breached}</td>
              </tr>
            ))}
          </table>
        </>,
      );
    },
    { label: W.satisfaction, order: 40 },
  );

  // ------------------------------------------------------ the meeting rooms' day
  app.get(
    '/property/rooms',
    DESK_READ,
    async (x) => {
      const date = /^\d{4}-\d{2}-\d{2}$/.test(x.c.req.query('date') ?? '') ? x.c.req.query('date')! : new Date().toISOString().slice(0, 10);
      const rooms = ((await x.api('GET', '/v1/property/rooms')).body.items ?? []) as Array<{
        id: string;
        name: string;
        capacity: number;
        opens: string;
        closes: string;
      }>;
      const days = await Promise.all(rooms.map((r) => x.api('GET', `/v1/property/rooms/${encodeURIComponent(r.id)}/days/${date}`)));
      return x.page(
        word(x, W.rooms),
        <>
          <form method="get" class="card">
            <Field name="date" label={word(x, W.date)} type="date" value={date} />
            <button type="submit">{word(x, W.show)}</button>
          </form>
          {rooms.map((r, n) => {
            const bookings = (days[n]?.body.bookings ?? []) as Array<{ caseId: string; from: string; to: string; purpose: string }>;
            return (
              <section class="card">
                <h2>
                  {r.name} · {r.capacity} · {r.opens}–{r.closes}
                </h2>
                <table>
                  {[...bookings]
                    .sort((a, b) => (a.from < b.from ? -1 : 1))
                    .map((b) => (
                      <tr>
                        <td>
                          {b.from}–{b.to}
                        </td>
                        <td>
                          <a href={`/console/cases/${b.caseId}`}>{b.purpose}</a>
                        </td>
                      </tr>
                    ))}
                  {bookings.length === 0 && (
                    <tr>
                      <td>{word(x, W.free)}</td>
                    </tr>
                  )}
                </table>
              </section>
            );
          })}
        </>,
      );
    },
    { label: W.rooms, order: 35 },
  );

  // ------------------------------------------------------ a renovation's file
  app.get('/property/renovations/:id', DESK_READ, async (x) => {
    const res = await x.api('GET', `/v1/cases/${encodeURIComponent(x.c.req.param('id') ?? '')}`);
    if (res.status !== 200 || res.body.type !== 'renovation') return notFound(x);
    const c = res.body as {
      id: string;
      stateLabel: string;
      data: {
        household?: string;
        description: string;
        contractor: { name: string; phone?: string };
        startOn: string;
        endOn: string;
        documents: Array<{ title: string; ref: string }>;
        approval?: { by: string; at: string; conditions?: string };
        permit?: { number: string; validFrom: string; validTo: string };
        deposit?: { amount: string; method: string; status: string; kept?: string; refunded?: string };
        inspections?: Array<{ stage: string; at: string; by: string; passed: boolean; findings: string }>;
      };
    };
    const d = c.data;
    return x.page(
      `${word(x, W.renovation)} · ${d.household ?? ''} · ${c.id.slice(-6)}`,
      <>
        <section class="card">
          <p>
            <strong>{x.caption(c.stateLabel)}</strong> · <a href={`/console/cases/${c.id}`}>{c.id}</a>
          </p>
          <p>
            <bdi>{d.description}</bdi>
          </p>
          <p>
            {word(x, W.contractor)}: {d.contractor.name} · {d.startOn} – {d.endOn}
          </p>
          <h2>{word(x, W.plan)}</h2>
          <ul>
            {d.documents.map((doc) => (
              <li>
                {doc.title} <span class="muted">{doc.ref}</span>
              </li>
            ))}
          </ul>
          {d.approval && (
            <p>
              {word(x, W.approval)}: {d.approval.by} · {when(d.approval.at, x.zone, x.lang)}
              {d.approval.conditions ? ` · ${d.approval.conditions}` : ''}
            </p>
          )}
          {d.permit && (
            <p>
              {word(x, W.permit)}: <strong>{d.permit.number}</strong> · {d.permit.validFrom} – {d.permit.validTo}
            </p>
          )}
          {d.deposit && (
            <p>
              {word(x, W.deposit)}: {yuan(d.deposit.amount)} · {x.label('paymentMethod', d.deposit.method)} ·{' '}
              <strong>{x.label('depositStatus', d.deposit.status)}</strong>
              {d.deposit.kept ? ` · ${word(x, W.kept)} ${yuan(d.deposit.kept)}` : ''}
              {d.deposit.refunded ? ` · ${word(x, W.refunded)} ${yuan(d.deposit.refunded)}` : ''}
            </p>
          )}
        </section>
        <h2>{word(x, W.inspections)}</h2>
        <table>
          {(d.inspections ?? []).map((i) => (
            <tr>
              <td>{when(i.at, x.zone, x.lang)}</td>
              <td>{i.stage === 'final' ? (x.lang === 'zh' ? '竣工验收' : 'Final') : x.lang === 'zh' ? '中期检查' : 'Mid-way'}</td>
              <td>{i.passed ? word(x, W.passed) : word(x, W.failed)}</td>
              <td>{i.findings}</td>
            </tr>
          ))}
          {(d.inspections ?? []).length === 0 && (
            <tr>
              <td>{word(x, W.none)}</td>
            </tr>
          )}
        </table>
      </>,
    );
  });

  return app.pages;
}
