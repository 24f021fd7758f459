/**
 * Community station screens: the people registered (found by identity
 * number through its blind index, or listed page by page), a person's page
 * as each department sees it — the shared core, the one document check,
 * their own section, the tasks and the cases filed for them — with clear
 * values only after a reveal that states its purpose; each one's work (a
 * department's queue, a collector's visits due); the figures per area with
 * their charts and CSV; the access log for auditors. Each screen is open to
 * the roles its API calls allow.
 */

import { BarChart, PALETTE } from '../../kit/console/charts.tsx';
import { type ConsoleCtx, Hidden } from '../../kit/console/context.tsx';
import { when } from '../../kit/console/format.ts';
import { Field, type JsonSchema, single } from '../../kit/console/forms.tsx';
import { NotFoundPage as notFound, ProblemBox } from '../../kit/console/layout.tsx';
import { pageSet } from '../../kit/console/pages.ts';
import type { CommunityServices } from './office.ts';
import { ADMIN, AREA_WORK, STATION_READ } from './roles.ts';

type Text = { zh: string; en: string };
const word = (x: ConsoleCtx, t: Text) => (x.lang === 'zh' ? t.zh : t.en);
const W = {
  persons: { zh: '登记人员', en: 'Registered people' },
  byId: { zh: '按身份证号查找', en: 'Find by identity number' },
  idNumber: { zh: '公民身份号码', en: 'Identity number' },
  find: { zh: '查找', en: 'Find' },
  name: { zh: '姓名', en: 'Name' },
  filter: { zh: '本页按姓名筛选', en: 'Filter this page by name' },
  area: { zh: '片区', en: 'Area' },
  state: { zh: '状态', en: 'State' },
  verified: { zh: '证件查验', en: 'Document check' },
  next: { zh: '下一页', en: 'Next page' },
  none: { zh: '无', en: 'None' },
  register: { zh: '登记流动人口', en: 'Register a person' },
  core: { zh: '基本信息', en: 'Shared record' },
  section: { zh: '本部门信息', en: 'My department’s section' },
  tasks: { zh: '各部门办理', en: 'Departments' },
  cases: { zh: '相关办件', en: 'Cases filed for them' },
  act: { zh: '办理', en: 'Act on it' },
  reveal: { zh: '查看完整信息', en: 'Show in full' },
  purpose: { zh: '查看事由', en: 'Purpose' },
  revealed: { zh: '以下为完整信息，仅本次显示，查看已记录。', en: 'Shown in full for this page view only; the read is recorded.' },
  house: { zh: '出租房屋', en: 'Rented house' },
  residents: { zh: '住户', en: 'Residents' },
  room: { zh: '房间', en: 'Room' },
  lease: { zh: '租期至', en: 'Lease until' },
  work: { zh: '我的工作', en: 'My work' },
  visits: { zh: '待核查走访', en: 'Visits due' },
  lastChecked: { zh: '上次查验', en: 'Last checked' },
  dueBy: { zh: '应于', en: 'Due by' },
  queue: { zh: '待办', en: 'To do' },
  month: { zh: '本月工作量', en: 'This month’s work' },
  who: { zh: '人员', en: 'Who' },
  registered: { zh: '登记', en: 'Registered' },
  reverified: { zh: '核查', en: 'Re-verified' },
  deregistered: { zh: '注销', en: 'Deregistered' },
  statistics: { zh: '统计', en: 'Figures' },
  residentsCount: { zh: '在册人数', en: 'Residents' },
  csv: { zh: '导出 CSV', en: 'Export CSV' },
  province: { zh: '户籍省份', en: 'Origin province' },
  ageBand: { zh: '年龄段', en: 'Age band' },
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
  houses: { zh: '出租房屋', en: 'Rented houses' },
  rented: { zh: '住出租房', en: 'In rented housing' },
  permits: { zh: '已发证', en: 'Permits issued' },
  visitsDue: { zh: '待核查', en: 'Visits due' },
  overdue: { zh: '逾期', en: 'Overdue' },
  accessLog: { zh: '查阅记录', en: 'Access log' },
  user: { zh: '用户', en: 'User' },
  subject: { zh: '登记编号', en: 'Registration' },
  show: { zh: '查询', en: 'Show' },
  at: { zh: '时间', en: 'When' },
  action: { zh: '操作', en: 'Action' },
  reason: { zh: '事由', en: 'Purpose' },
  fields: { zh: '字段', en: 'Fields' },
} as const;

const DEPARTMENT_ROLES = ['police', 'family-planning', 'governance'] as const;
const FINDERS = { ...STATION_READ, collector: 'area' };

interface CaseTypeInfo {
  type: string;
  title: string;
  intakeSchema: JsonSchema;
}
interface Registration {
  id: string;
  type: string;
  state: string;
  stateLabel: string;
  actions: string[];
  sealedFields: string[];
  tasks: Array<{ team: string; title: string; status: string; doneBy?: string; doneAt?: string }>;
  data: Record<string, unknown> & {
    name: string;
    area: string;
    verification?: { document: string; by: string; at: string };
    lodging?: { house: string; room: string; leaseUntil?: string };
  };
}

/** The title a field carries in the intake form ("姓名 Name"), in the viewer's language. */
function fieldTitle(x: ConsoleCtx, schema: JsonSchema | undefined, key: string): string {
  const title = (schema?.properties as Record<string, { title?: string }> | undefined)?.[key]?.title;
  return title ? x.caption(title) : x.label('field', key);
}

/** A value as a clerk reads it: codes in words, places joined, nothing as JSON. */
function shown(x: ConsoleCtx, key: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (key === 'origin' && typeof v === 'object') return Object.values(v as Record<string, string>).join(' ');
  if (key === 'marital') return x.label('marital', String(v));
  if (key === 'sex') return x.label('sex', String(v));
  if (key === 'area') return x.label('area', String(v));
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).join(' · ');
  return String(v);
}

const CORE = ['name', 'idNumber', 'sex', 'birthDate', 'phone', 'origin', 'address', 'area', 'arrivedOn', 'intendedStayMonths', 'occupation', 'marital'];

export function communityPages() {
  const app = pageSet<CommunityServices>();

  // ------------------------------------------------------ people: find and list
  const personsPage = async (x: ConsoleCtx, q: { q?: string; cursor?: string }, problem?: unknown) => {
    const res = await x.api('GET', `/v1/cases?${new URLSearchParams({ queue: 'station', limit: '50', ...(q.cursor ? { cursor: q.cursor } : {}) })}`);
    const all = ((res.body.items ?? []) as Registration[]).filter((r) => r.type === 'registration');
    const rows = q.q ? all.filter((r) => r.data.name.includes(q.q!)) : all;
    const mayRegister = x.viewer.roles.some((r) => r === 'collector' || r === 'station');
    return x.page(
      word(x, W.persons),
      <>
        <form method="post" action="/console/community/persons" class="card" aria-label={word(x, W.byId)}>
          <Hidden csrf={x.csrf} />
          <h2>{word(x, W.byId)}</h2>
          <Field name="idNumber" label={word(x, W.idNumber)} required />
          <button type="submit">{word(x, W.find)}</button>
        </form>
        {problem ? <ProblemBox problem={problem as never} /> : null}
        {mayRegister && (
          <p>
            <a href="/console/cases/new?type=registration">{word(x, W.register)}</a>
          </p>
        )}
        <form method="get" action="/console/community/persons" class="card" aria-label={word(x, W.filter)}>
          <Field name="q" label={word(x, W.filter)} value={q.q} />
          <button type="submit">{word(x, W.show)}</button>
        </form>
        <div class="scroll">
          <table>
            <tr>
              <th>{word(x, W.name)}</th>
              <th>{word(x, W.area)}</th>
              <th>{word(x, W.state)}</th>
              <th>{word(x, W.verified)}</th>
            </tr>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/console/community/persons/${r.id}`}>{r.data.name}</a>
                </td>
                <td>{x.label('area', r.data.area)}</td>
                <td>{x.caption(r.stateLabel)}</td>
                <td>{r.data.verification ? when(r.data.verification.at, x.zone, x.lang) : '—'}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td>{word(x, W.none)}</td>
              </tr>
            )}
          </table>
        </div>
        {res.body.nextCursor && (
          <p>
            <a href={`/console/community/persons?${new URLSearchParams({ cursor: res.body.nextCursor, ...(q.q ? { q: q.q } : {}) })}`}>{word(x, W.next)}</a>
          </p>
        )}
      </>,
      problem ? 404 : 200,
    );
  };
  app.get('/community/persons', FINDERS, (x) => personsPage(x, x.c.req.query()), { label: W.persons, order: 1 });
  app.post('/community/persons', FINDERS, async (x) => {
    const values = single(await x.form());
    const res = await x.api('POST', '/v1/community/persons/lookup', { idNumber: values.idNumber ?? '' });
    if (res.status === 200) return x.c.redirect(`/console/community/persons/${res.body.registration}`, 303);
    return personsPage(x, {}, res.body);
  });

  // ------------------------------------------------------ a person, as the viewer's department sees them
  const personPage = async (x: ConsoleCtx, id: string, clear?: Record<string, unknown>, problem?: unknown) => {
    const [res, linked, types] = await Promise.all([
      x.api('GET', `/v1/cases/${encodeURIComponent(id)}`),
      x.api('GET', `/v1/community/persons/${encodeURIComponent(id)}/cases`),
      x.api('GET', '/v1/case-types'),
    ]);
    if (res.status !== 200 || res.body.type !== 'registration') return notFound(x);
    const r = res.body as Registration;
    const schema = ((types.body.items ?? []) as CaseTypeInfo[]).find((t) => t.type === 'registration')?.intakeSchema;
    const mine = DEPARTMENT_ROLES.filter((d) => x.viewer.roles.includes(d) && r.data[d]);
    const value = (key: string) => (clear && key in clear ? clear[key] : r.data[key]);
    const mayReveal = r.sealedFields.length > 0 && x.viewer.roles.some((role) => ['collector', 'station', ...DEPARTMENT_ROLES].includes(role));
    return x.page(
      `${r.data.name} · ${x.caption(r.stateLabel)}`,
      <>
        {clear && (
          <p class="ok" role="status">
            {word(x, W.revealed)}
          </p>
        )}
        {problem ? <ProblemBox problem={problem as never} /> : null}
        <section class="card" aria-label={word(x, W.core)}>
          <h2>{word(x, W.core)}</h2>
          <table>
            {CORE.filter((k) => r.data[k] !== undefined).map((k) => (
              <tr>
                <th>{fieldTitle(x, schema, k)}</th>
                <td data-field={k}>{shown(x, k, value(k))}</td>
              </tr>
            ))}
            {r.data.verification && (
              <tr>
                <th>{word(x, W.verified)}</th>
                <td>
                  {x.label('document', r.data.verification.document)} · {r.data.verification.by} · {when(r.data.verification.at, x.zone, x.lang)}
                </td>
              </tr>
            )}
            {r.data.lodging && (
              <tr>
                <th>{word(x, W.house)}</th>
                <td>
                  <a href={`/console/community/houses/${r.data.lodging.house}`}>{r.data.lodging.house.slice(-6)}</a> · {word(x, W.room)} {r.data.lodging.room}
                  {r.data.lodging.leaseUntil && ` · ${word(x, W.lease)} ${r.data.lodging.leaseUntil}`}
                </td>
              </tr>
            )}
          </table>
          {mayReveal && !clear && (
            <form method="post" action={`/console/community/persons/${r.id}/reveal`} aria-label={word(x, W.reveal)}>
              <Hidden csrf={x.csrf} />
              <Field name="reason" label={word(x, W.purpose)} required />
              <button type="submit">{word(x, W.reveal)}</button>
            </form>
          )}
        </section>
        {mine.map((d) => (
          <section class="card" aria-label={word(x, W.section)}>
            <h2>
              {word(x, W.section)} · {x.label('department', d)}
            </h2>
            <table>
              {Object.entries(r.data[d] as Record<string, unknown>).map(([k, v]) => (
                <tr>
                  <th>{x.label('section-field', k)}</th>
                  <td>
                    {k === 'at'
                      ? when(String(v), x.zone, x.lang)
                      : k === 'certificate'
                        ? x.label('certificate', String(v))
                        : k === 'risk'
                          ? x.label('risk', String(v))
                          : shown(x, k, v)}
                  </td>
                </tr>
              ))}
            </table>
          </section>
        ))}
        <section class="card" aria-label={word(x, W.tasks)}>
          <h2>{word(x, W.tasks)}</h2>
          <ul>
            {r.tasks.map((t) => (
              <li>
                {x.label('department', t.team)} — {x.label('task-status', t.status)}
                {t.doneAt && ` · ${when(t.doneAt, x.zone, x.lang)}`}
              </li>
            ))}
          </ul>
          <p>
            <a href={`/console/cases/${r.id}`}>{word(x, W.act)}</a>
          </p>
        </section>
        {linked.status === 200 && (
          <section class="card" aria-label={word(x, W.cases)}>
            <h2>{word(x, W.cases)}</h2>
            <ul>
              {((linked.body.items ?? []) as Array<{ caseId: string; type: string; at: string }>).map((l) => (
                <li>
                  <a href={`/console/cases/${l.caseId}`}>{x.label('caseType', l.type)}</a> · {when(l.at, x.zone, x.lang)}
                </li>
              ))}
              {(linked.body.items ?? []).length === 0 && <li>{word(x, W.none)}</li>}
            </ul>
          </section>
        )}
      </>,
      problem ? 403 : 200,
    );
  };
  app.get('/community/persons/:id', FINDERS, (x) => personPage(x, x.c.req.param('id')!));
  app.post('/community/persons/:id/reveal', FINDERS, async (x) => {
    const id = x.c.req.param('id')!;
    const values = single(await x.form());
    const res = await x.api('POST', `/v1/cases/${encodeURIComponent(id)}/reveal`, { reason: values.reason ?? '' });
    x.c.header('Cache-Control', 'no-store');
    if (res.status === 200) return personPage(x, id, res.body.fields as Record<string, unknown>);
    if (res.status === 404) return notFound(x);
    return personPage(x, id, undefined, res.body);
  });

  // ------------------------------------------------------ a rented house and who lives there
  app.get('/community/houses/:id', { ...FINDERS, ...AREA_WORK }, async (x) => {
    const id = x.c.req.param('id')!;
    const res = await x.api('GET', `/v1/community/houses/${encodeURIComponent(id)}/residents`);
    if (res.status !== 200) return notFound(x);
    const items = res.body.items as Array<{ room: string; person: string; name: string; from: string; until?: string }>;
    return x.page(
      `${word(x, W.house)} · ${id.slice(-6)}`,
      <>
        <p>
          <a href={`/console/cases/${id}`}>{word(x, W.act)}</a>
        </p>
        <h2>{word(x, W.residents)}</h2>
        <table>
          <tr>
            <th>{word(x, W.room)}</th>
            <th>{word(x, W.name)}</th>
            <th>{word(x, W.lease)}</th>
          </tr>
          {items.map((o) => (
            <tr>
              <td>{o.room}</td>
              <td>
                <a href={`/console/community/persons/${o.person}`}>{o.name}</a>
              </td>
              <td>{o.until ?? '—'}</td>
            </tr>
          ))}
        </table>
      </>,
    );
  });

  // ------------------------------------------------------ each one's work
  app.get(
    '/community/work',
    { collector: 'area', police: 'tenant', 'family-planning': 'tenant', governance: 'tenant', station: 'tenant' },
    async (x) => {
      const departments = DEPARTMENT_ROLES.filter((d) => x.viewer.roles.includes(d));
      const areas = x.viewer.roles.includes('collector') ? (x.viewer.scopes?.area ?? []) : [];
      // Registrations waiting for the department's own record (its task list), and the permits and rights cases in its queues.
      const queueNames = [
        ...(departments.some((d) => d === 'police' || d === 'family-planning') ? ['permits'] : []),
        ...(departments.includes('governance') ? ['governance'] : []),
      ];
      const [queues, visits, month] = await Promise.all([
        Promise.all([
          ...departments.map((team) => x.api('GET', `/v1/cases?${new URLSearchParams({ team, limit: '100' })}`)),
          ...queueNames.map((queue) => x.api('GET', `/v1/cases?${new URLSearchParams({ queue, limit: '100' })}`)),
        ]),
        Promise.all(areas.map((area) => x.api('GET', `/v1/community/areas/${encodeURIComponent(area)}/visits?limit=100`))),
        x.viewer.roles.includes('station') ? x.api('GET', `/v1/community/work/${new Date().toISOString().slice(0, 7)}`) : undefined,
      ]);
      type Item = Registration & { type: string };
      const waiting = (i: Item) =>
        i.type === 'registration'
          ? i.state === 'sharing' && departments.some((d) => !i.data[d])
          : !['issued', 'refused', 'expired', 'closed'].includes(i.state);
      const open = queues.flatMap((r) => (r.body.items ?? []) as Item[]).filter((i, n, all) => waiting(i) && all.findIndex((j) => j.id === i.id) === n);
      return x.page(
        word(x, W.work),
        <>
          {departments.length > 0 && (
            <section class="card" aria-label={word(x, W.queue)}>
              <h2>{word(x, W.queue)}</h2>
              <table>
                {open.map((i) => (
                  <tr>
                    <td>
                      <a href={i.type === 'registration' ? `/console/community/persons/${i.id}` : `/console/cases/${i.id}`}>
                        {x.label('caseType', i.type)} · {i.data.name}
                      </a>
                    </td>
                    <td>{x.label('area', i.data.area)}</td>
                    <td>{x.caption(i.stateLabel)}</td>
                  </tr>
                ))}
                {open.length === 0 && (
                  <tr>
                    <td>{word(x, W.none)}</td>
                  </tr>
                )}
              </table>
            </section>
          )}
          {areas.map((area, n) => {
            const items = (visits[n]?.body.items ?? []) as Array<{ caseId: string; name: string; address: string; dueAt?: string; lastVerifiedAt: string }>;
            return (
              <section class="card" aria-label={`${word(x, W.visits)} ${x.label('area', area)}`}>
                <h2>
                  {word(x, W.visits)} · {x.label('area', area)}
                </h2>
                <table>
                  {items.map((v) => (
                    <tr>
                      <td>
                        <a href={`/console/community/persons/${v.caseId}`}>{v.name}</a>
                        <div class="muted">{v.address}</div>
                      </td>
                      <td>
                        {word(x, W.lastChecked)} {when(v.lastVerifiedAt, x.zone, x.lang)}
                      </td>
                      <td>{v.dueAt && `${word(x, W.dueBy)} ${when(v.dueAt, x.zone, x.lang)}`}</td>
                    </tr>
                  ))}
                  {items.length === 0 && (
                    <tr>
                      <td>{word(x, W.none)}</td>
                    </tr>
                  )}
                </table>
              </section>
            );
          })}
          {month?.status === 200 && (
            <section class="card" aria-label={word(x, W.month)}>
              <h2>{word(x, W.month)}</h2>
              <table>
                <tr>
                  <th>{word(x, W.who)}</th>
                  <th>{word(x, W.registered)}</th>
                  <th>{word(x, W.reverified)}</th>
                  <th>{word(x, W.deregistered)}</th>
                </tr>
                {(month.body.items as Array<{ who: string; registered: number; reverified: number; deregistered: number }>).map((m) => (
                  <tr>
                    <td>{m.who}</td>
                    <td class="n">{m.registered}</td>
                    <td class="n">{m.reverified}</td>
                    <td class="n">{m.deregistered}</td>
                  </tr>
                ))}
              </table>
            </section>
          )}
        </>,
      );
    },
    { label: W.work, order: 0 },
  );

  // ------------------------------------------------------ figures
  interface Figures {
    area: string;
    residents: number;
    byProvince: Record<string, number>;
    byAgeBand: Record<string, number>;
    bySex: { male: number; female: number };
    housing: { houses: number; rooms: number; residentsRented: number; residentsOther: number };
    permits: Record<string, number>;
    deregistered: number;
    visits: { due: number; overdue: number };
  }
  app.get(
    '/community/statistics',
    STATION_READ,
    async (x) => {
      const res = await x.api('GET', '/v1/community/statistics');
      const items = (res.body.items ?? []) as Figures[];
      const bands = ['0-17', '18-34', '35-49', '50-59', '60+'];
      const provinces = [...new Set(items.flatMap((f) => Object.keys(f.byProvince)))].sort();
      return x.page(
        word(x, W.statistics),
        <>
          <p>
            <a href="/console/community/statistics.csv">{word(x, W.csv)}</a>
          </p>
          <div class="scroll">
            <table>
              <tr>
                <th>{word(x, W.area)}</th>
                <th>{word(x, W.residentsCount)}</th>
                <th>{word(x, W.male)}</th>
                <th>{word(x, W.female)}</th>
                <th>{word(x, W.houses)}</th>
                <th>{word(x, W.rented)}</th>
                <th>{word(x, W.permits)}</th>
                <th>{word(x, W.visitsDue)}</th>
                <th>{word(x, W.overdue)}</th>
              </tr>
              {items.map((f) => (
                <tr>
                  <td>{x.label('area', f.area)}</td>
                  <td class="n">{f.residents}</td>
                  <td class="n">{f.bySex.male}</td>
                  <td class="n">{f.bySex.female}</td>
                  <td class="n">{f.housing.houses}</td>
                  <td class="n">{f.housing.residentsRented}</td>
                  <td class="n">{Object.values(f.permits).reduce((a, b) => a + b, 0)}</td>
                  <td class="n">{f.visits.due}</td>
                  <td class="n">{f.visits.overdue}</td>
                </tr>
              ))}
            </table>
          </div>
          {items.length > 0 && (
            <>
              <BarChart
                lang={x.lang}
                title={word(x, W.ageBand)}
                labels={bands}
                series={items.map((f, n) => ({
                  name: x.label('area', f.area),
                  color: PALETTE[n % PALETTE.length]!,
                  values: bands.map((b) => String(f.byAgeBand[b] ?? 0)),
                }))}
              />
              <BarChart
                lang={x.lang}
                title={word(x, W.province)}
                labels={provinces}
                series={items.map((f, n) => ({
                  name: x.label('area', f.area),
                  color: PALETTE[n % PALETTE.length]!,
                  values: provinces.map((p) => String(f.byProvince[p] ?? 0)),
                }))}
              />
            </>
          )}
        </>,
      );
    },
    { label: W.statistics, order: 3 },
  );
  app.get('/community/statistics.csv', STATION_READ, async (x) => {
    const res = await x.api('GET', '/v1/community/statistics?format=csv');
    return x.c.body(String(res.body), res.status as 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="community.csv"',
    });
  });

  // ------------------------------------------------------ who read what
  app.get(
    '/community/access-log',
    { ...ADMIN, auditor: 'tenant' },
    async (x) => {
      const q = x.c.req.query();
      const res =
        q.user || q.subject ? await x.api('GET', `/v1/access-log?${new URLSearchParams(q.user ? { user: q.user } : { subject: q.subject ?? '' })}`) : undefined;
      const items = (res?.body.items ?? []) as Array<{ at: string; actor: string; action: string; reason: string; caseId: string; fields: string[] }>;
      return x.page(
        word(x, W.accessLog),
        <>
          <form method="get" action="/console/community/access-log" class="card" aria-label={word(x, W.accessLog)}>
            <div class="grid">
              <Field name="user" label={word(x, W.user)} value={q.user} />
              <Field name="subject" label={word(x, W.subject)} value={q.subject} />
            </div>
            <button type="submit">{word(x, W.show)}</button>
          </form>
          {res && res.status !== 200 && <ProblemBox problem={res.body} />}
          <div class="scroll">
            <table>
              <tr>
                <th>{word(x, W.at)}</th>
                <th>{word(x, W.user)}</th>
                <th>{word(x, W.action)}</th>
                <th>{word(x, W.reason)}</th>
                <th>{word(x, W.fields)}</th>
              </tr>
              {items.map((e) => (
                <tr>
                  <td>{when(e.at, x.zone, x.lang)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <a href={`/console/cases/${e.caseId}`}>{x.label('access', e.action)}</a>
                  </td>
                  <td>{e.reason}</td>
                  <td>{e.fields.map((f) => x.label('sealed-field', f)).join('、')}</td>
                </tr>
              ))}
            </table>
          </div>
        </>,
      );
    },
    { label: W.accessLog, order: 9 },
  );

  return app.pages;
}
