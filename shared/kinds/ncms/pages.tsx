/**
 * NCMS screens: admissions and bill lines at the hospital, pre-settlement
 * and discharge settlement with the calculation trace, the what-if quote,
 * and the office's period statements and report.
 */
import type { FC } from 'hono/jsx';
import { DateTime } from 'luxon';
import { rolesOf } from '../../kit/access.ts';
import { type ApiResult, type ConsoleCtx, Hidden } from '../../kit/console/context.tsx';
import { when, yuan } from '../../kit/console/format.ts';
import { errorsByField, Field, type FieldErrors, single } from '../../kit/console/forms.tsx';
import { NotFoundPage as notFound, ProblemBox } from '../../kit/console/layout.tsx';
import { pageSet } from '../../kit/console/pages.ts';
import type { NcmsServices } from './office.ts';
import { CATEGORIES, HOSPITAL_LEVELS } from './policy/policy.ts';
import { HOSPITAL_READERS, HOSPITAL_SIDE, OFFICE, READERS, REVEALERS } from './roles.ts';
import { w } from './words.ts';

interface TraceStep {
  step: string;
  zh: string;
  en: string;
  amount?: string;
}

interface Settlement {
  ncms: string;
  assistance: string;
  selfPay: string;
  totalCost: string;
  eligibleCost: string;
  policyVersion: number;
  dischargedOn: string;
  trace: TraceStep[];
  entryIds: string[];
  settledAt: string;
}

interface Stay {
  id: string;
  hospitalId: string;
  hospitalLevel: string;
  patient: { name: string; idNumber: string };
  category: string;
  admittedOn: string;
  status: string;
  settlement?: Settlement;
  billLines?: Array<{ code: string; description: string; quantity: string; unitPrice: string; amount: string; eligible: boolean }>;
}

type Problem = { detail?: string; errors?: Array<{ field: string; message: string }> };

const Trace: FC<{ trace: TraceStep[]; lang: 'zh' | 'en' }> = ({ trace, lang }) => (
  <table class="trace" aria-label="trace">
    {trace.map((s) => (
      <tr>
        <td>{lang === 'zh' ? s.zh : s.en}</td>
        <td class="n">{s.amount !== undefined ? yuan(s.amount) : ''}</td>
      </tr>
    ))}
  </table>
);

const Outcome: FC<{ x: ConsoleCtx; result: { ncms: string; assistance: string; selfPay: string } }> = ({ x, result }) => (
  <table>
    <tr>
      <th>{w(x, 'ncmsPaid')}</th>
      <th>{w(x, 'assistancePaid')}</th>
      <th>{w(x, 'selfPay')}</th>
    </tr>
    <tr>
      <td class="n">{yuan(result.ncms)}</td>
      <td class="n">{yuan(result.assistance)}</td>
      <td class="n">{yuan(result.selfPay)}</td>
    </tr>
  </table>
);

const today = (x: ConsoleCtx) => DateTime.now().setZone(x.zone).toISODate()!;

async function hospitalsFor(x: ConsoleCtx): Promise<Array<{ id: string; name: string }>> {
  const all = ((await x.api('GET', '/v1/ncms/hospitals')).body.items ?? []) as Array<{ id: string; name: string }>;
  const scoped = x.viewer.scopes.hospital;
  return scoped?.length ? all.filter((h) => scoped.includes(h.id)) : all;
}

const STAYS = rolesOf(HOSPITAL_READERS);
/** Who may print a patient's settlement with their name and number in full: the treating hospital and the office. */
const PATIENT_REVEALERS = ['ncms-office', 'hospital-operator'];
const STAFF = rolesOf(READERS);
const nav = (zh: string, en: string, order: number) => ({ label: { zh, en }, order });

/** Who may open each screen: the roles its API calls allow. */
const ROLES: Record<string, readonly string[]> = {
  '/ncms/stays': STAYS,
  '/ncms/stays/:id': STAYS,
  '/ncms/stays/:id/lines': rolesOf(HOSPITAL_SIDE),
  '/ncms/stays/:id/discharge': rolesOf(HOSPITAL_SIDE),
  '/ncms/quote': ['ncms-office', 'hospital-operator'],
  '/ncms/periods': STAFF,
  '/ncms/periods/:period/report.csv': STAFF,
  '/ncms/catalogue': rolesOf(OFFICE),
  '/ncms/applications/:id/form': STAFF,
};

export function ncmsPages() {
  const app = pageSet<NcmsServices>();
  const staysPage = async (x: ConsoleCtx, errors: FieldErrors = {}, values: Record<string, string> = {}, problem?: Problem, idNumber?: string) => {
    const hospitals = await hospitalsFor(x);
    const hospital = values.hospitalId || x.c.req.query('hospital') || hospitals[0]?.id || '';
    const cursor = x.c.req.query('cursor');
    const query = new URLSearchParams({ hospital, ...(cursor && !idNumber ? { cursor } : {}) });
    // The identity number searched for goes in a header, never in a URL.
    const res = hospital
      ? await x.api('GET', `/v1/ncms/stays?${query}`, undefined, idNumber ? { 'x-patient-id-number': idNumber } : {})
      : { status: 200, body: { items: [] } };
    const stays = (res.body.items ?? []) as Stay[];
    const next =
      !idNumber && typeof res.body.nextCursor === 'string'
        ? `/console/ncms/stays?${new URLSearchParams({ hospital, cursor: res.body.nextCursor })}`
        : undefined;
    const admits = x.viewer.roles.some((r) => ['hospital-operator', 'ncms-office', 'tenant-admin'].includes(r));
    return x.page(
      w(x, 'ncmsStays'),
      <>
        <form method="get" class="card">
          <Field name="hospital" label={w(x, 'hospital')} value={hospital} options={hospitals.map((h) => [h.id, h.name] as const)} />
          <button type="submit">{x.t('filter')}</button>
        </form>
        <form method="post" action="/console/ncms/stays/find" class="card" aria-label={w(x, 'findPatient')}>
          <Hidden csrf={x.csrf} />
          <input type="hidden" name="hospital" value={hospital} />
          {idNumber !== undefined && res.status !== 200 && <ProblemBox problem={res.body} />}
          <Field
            name="idNumber"
            label={w(x, 'findPatient')}
            value={idNumber ?? ''}
            placeholder={w(x, 'idNumber')}
            errors={idNumber !== undefined ? errorsByField(res.body) : errors.idNumber ? { idNumber: errors.idNumber } : {}}
          />
          <button type="submit">{x.t('search')}</button>
        </form>
        {admits && (
          <form method="post" action="/console/ncms/stays" class="card">
            <h2>{w(x, 'admit')}</h2>
            <Hidden csrf={x.csrf} />
            <input type="hidden" name="hospitalId" value={hospital} />
            {problem && <ProblemBox problem={problem} />}
            <div class="grid">
              <Field name="patient.name" label={w(x, 'patientName')} value={values['patient.name']} errors={errors} required />
              <Field name="patient.idNumber" label={w(x, 'idNumber')} value={values['patient.idNumber']} errors={errors} required />
              <Field name="admittedOn" label={w(x, 'admittedOn')} type="date" value={values.admittedOn ?? today(x)} errors={errors} required />
            </div>
            <button type="submit">{w(x, 'admit')}</button>
          </form>
        )}
        {res.status !== 200 && <ProblemBox problem={res.body} />}
        <table>
          <tr>
            <th>{w(x, 'patientName')}</th>
            <th>{w(x, 'category')}</th>
            <th>{w(x, 'admittedOn')}</th>
            <th>{x.t('state')}</th>
            <th class="n">{w(x, 'selfPay')}</th>
          </tr>
          {stays.map((s) => (
            <tr>
              <td>
                <a href={`/console/ncms/stays/${s.id}`}>{s.patient.name}</a>
              </td>
              <td>{x.label('category', s.category)}</td>
              <td>{s.admittedOn}</td>
              <td>{x.label('stayStatus', s.status)}</td>
              <td class="n">{s.settlement ? yuan(s.settlement.selfPay) : '—'}</td>
            </tr>
          ))}
        </table>
        {next && (
          <p>
            <a href={next}>{x.t('nextPage')}</a>
          </p>
        )}
      </>,
      problem || res.status === 400 ? 400 : 200,
    );
  };

  app.get('/ncms/stays', ROLES['/ncms/stays']!, (x) => staysPage(x), nav('住院结算', 'Inpatient settlement', 20));
  app.post('/ncms/stays/find', ROLES['/ncms/stays']!, async (x) => {
    const form = single(await x.form());
    // Typed with a Chinese input method the digits may be full-width: read as the digits they are.
    const idNumber = (form.idNumber ?? '').trim().replace(/[０-９Ｘｘ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
    if (!idNumber) return x.c.redirect(`/console/ncms/stays?hospital=${encodeURIComponent(form.hospital ?? '')}`, 303);
    if (!/^\d{17}[\dXx]$/.test(idNumber)) return staysPage(x, { idNumber: w(x, 'idNumberFormat') }, { hospitalId: form.hospital ?? '' });
    return staysPage(x, {}, { hospitalId: form.hospital ?? '' }, undefined, idNumber);
  });
  app.post('/ncms/stays', ROLES['/ncms/stays']!, async (x) => {
    const form = single(await x.form());
    const res = await x.api('POST', '/v1/ncms/stays', {
      hospitalId: form.hospitalId,
      patient: { name: form['patient.name'], idNumber: form['patient.idNumber'] },
      admittedOn: form.admittedOn,
    });
    if (res.status === 201) return x.c.redirect(`/console/ncms/stays/${res.body.id}`, 303);
    return staysPage(x, errorsByField(res.body), form, res.body);
  });

  const stayPage = async (x: ConsoleCtx, id: string, failed?: { form: string; problem: Problem; values: Record<string, string> }) => {
    const res = await x.api('GET', `/v1/ncms/stays/${encodeURIComponent(id)}`);
    if (res.status !== 200) return notFound(x);
    const stay = res.body as Stay;
    const open = stay.status === 'admitted';
    const pre = open ? await x.api('GET', `/v1/ncms/stays/${encodeURIComponent(id)}/pre-settlement`) : undefined;
    const errs = (form: string) => (failed?.form === form ? errorsByField(failed.problem) : {});
    const vals = (form: string) => (failed?.form === form ? failed.values : {});
    return x.page(
      `${stay.patient.name} · ${stay.hospitalId}`,
      <>
        <section class="card">
          <p>
            {w(x, 'category')} <strong>{x.label('category', stay.category)}</strong> · {w(x, 'admittedOn')} {stay.admittedOn} ·{' '}
            {x.label('hospitalLevel', stay.hospitalLevel)} · {x.t('state')} <strong>{x.label('stayStatus', stay.status)}</strong>
          </p>
          <h2>{w(x, 'billLines')}</h2>
          <table>
            <tr>
              <th>{w(x, 'itemCode')}</th>
              <th>{w(x, 'description')}</th>
              <th class="n">{x.t('quantity')}</th>
              <th class="n">{x.t('unitPrice')}</th>
              <th class="n">{x.t('amount')}</th>
              <th>{w(x, 'eligible')}</th>
            </tr>
            {(stay.billLines ?? []).map((l) => (
              <tr>
                <td>{l.code}</td>
                <td>
                  <bdi>{l.description}</bdi>
                </td>
                <td class="n">{l.quantity}</td>
                <td class="n">{yuan(l.unitPrice)}</td>
                <td class="n">{yuan(l.amount)}</td>
                <td>{l.eligible ? '✓' : '✗'}</td>
              </tr>
            ))}
          </table>
        </section>
        {open && (
          <form method="post" action={`/console/ncms/stays/${stay.id}/lines`} class="card">
            <h2>{w(x, 'addLine')}</h2>
            <Hidden csrf={x.csrf} />
            {failed?.form === 'lines' && <ProblemBox problem={failed.problem} />}
            <div class="grid">
              <Field name="lines.0.code" label={w(x, 'itemCode')} value={vals('lines')['lines.0.code']} errors={errs('lines')} required placeholder="D0001" />
              <Field name="lines.0.description" label={w(x, 'description')} value={vals('lines')['lines.0.description']} errors={errs('lines')} required />
              <Field name="lines.0.quantity" label={x.t('quantity')} value={vals('lines')['lines.0.quantity'] ?? '1'} errors={errs('lines')} required />
              <Field
                name="lines.0.unitPrice"
                label={x.t('unitPrice')}
                value={vals('lines')['lines.0.unitPrice']}
                errors={errs('lines')}
                required
                placeholder="120.00"
              />
            </div>
            <button type="submit">{w(x, 'addLine')}</button>
          </form>
        )}
        {pre?.status === 200 && (
          <section class="card">
            <h2>
              {w(x, 'preSettlement')} · {pre.body.asOf}
            </h2>
            <Outcome x={x} result={pre.body} />
            <details>
              <summary>{w(x, 'trace')}</summary>
              <Trace trace={pre.body.trace ?? []} lang={x.lang} />
            </details>
          </section>
        )}
        {open && (
          <form method="post" action={`/console/ncms/stays/${stay.id}/discharge`} class="card">
            <h2>{w(x, 'discharge')}</h2>
            <Hidden csrf={x.csrf} />
            {failed?.form === 'discharge' && <ProblemBox problem={failed.problem} />}
            <Field
              name="dischargedOn"
              label={w(x, 'dischargedOn')}
              type="date"
              value={vals('discharge').dischargedOn ?? today(x)}
              errors={errs('discharge')}
              required
            />
            <button type="submit">{w(x, 'discharge')}</button>
          </form>
        )}
        {stay.settlement && (
          <section class="card" aria-label={w(x, 'settlement')}>
            <h2>
              {w(x, 'settlement')} · {stay.settlement.dischargedOn} · {w(x, 'policy')} v{stay.settlement.policyVersion}
            </h2>
            <p>
              {x.t('total')} {yuan(stay.settlement.totalCost)} · {w(x, 'eligible')} {yuan(stay.settlement.eligibleCost)}
            </p>
            <Outcome x={x} result={stay.settlement} />
            <p>
              <a href={`/console/ncms/stays/${encodeURIComponent(stay.id)}/print`}>{w(x, 'printSettlement')}</a>
            </p>
            <h2>{w(x, 'trace')}</h2>
            <Trace trace={stay.settlement.trace} lang={x.lang} />
            <p class="muted">
              {x.t('postings')}: {stay.settlement.entryIds.join(', ')}
            </p>
            {x.viewer.roles.some((r) => r in OFFICE) && (
              // A wrong settlement is voided with its reason: its ledger entries reversed, the year's usage given back.
              <form method="post" action={`/console/ncms/stays/${stay.id}/void`}>
                <Hidden csrf={x.csrf} />
                {failed?.form === 'void' && <ProblemBox problem={failed.problem} />}
                <Field name="reason" label={w(x, 'voidReason')} value={vals('void').reason} errors={errs('void')} required />
                <button type="submit" class="secondary">
                  {w(x, 'void')}
                </button>
              </form>
            )}
          </section>
        )}
      </>,
      failed ? 400 : 200,
    );
  };

  app.get('/ncms/stays/:id', ROLES['/ncms/stays/:id']!, (x) => stayPage(x, x.c.req.param('id')!));
  // The statement the patient takes home: what the stay cost, what each fund paid, what is theirs to pay, and how it was worked out.
  const printSheet = async (x: ConsoleCtx, clear?: { name: string; idNumber: string }, problem?: Problem) => {
    const id = x.c.req.param('id')!;
    const res = await x.api('GET', `/v1/ncms/stays/${encodeURIComponent(id)}`);
    if (res.status !== 200) return notFound(x);
    const stay = res.body as Stay;
    if (!stay.settlement) return notFound(x);
    const hospitals = await hospitalsFor(x);
    const s = stay.settlement;
    return x.page(
      w(x, 'settlementSheet'),
      <section class="card">
        <h2>
          {hospitals.find((h) => h.id === stay.hospitalId)?.name ?? stay.hospitalId} · {w(x, 'settlementSheet')}
        </h2>
        <table class="data">
          <tr>
            <th>{w(x, 'patient')}</th>
            <td>
              <bdi>{clear?.name ?? stay.patient.name}</bdi> · {clear?.idNumber ?? stay.patient.idNumber}
            </td>
          </tr>
          <tr>
            <th>{w(x, 'category')}</th>
            <td>{x.label('category', stay.category)}</td>
          </tr>
          <tr>
            <th>{w(x, 'admittedOn')}</th>
            <td>{stay.admittedOn}</td>
          </tr>
          <tr>
            <th>{w(x, 'dischargedOn')}</th>
            <td>{s.dischargedOn}</td>
          </tr>
          <tr>
            <th>{x.t('total')}</th>
            <td class="n">{yuan(s.totalCost)}</td>
          </tr>
          <tr>
            <th>{w(x, 'eligible')}</th>
            <td class="n">{yuan(s.eligibleCost)}</td>
          </tr>
        </table>
        <Outcome x={x} result={s} />
        <h2>{w(x, 'trace')}</h2>
        <Trace trace={s.trace} lang={x.lang} />
        <p class="muted">
          {w(x, 'policy')} v{s.policyVersion} · {w(x, 'settledAt')} {when(s.settledAt, x.zone, x.lang)} · {x.t('postings')}: {s.entryIds.join(', ')}
        </p>
        {!clear && x.viewer.roles.some((r) => PATIENT_REVEALERS.includes(r)) && (
          // The patient's own copy carries their name and number: shown in full after the purpose is stated and the read recorded.
          <form method="post" action={`/console/ncms/stays/${encodeURIComponent(id)}/print`}>
            <Hidden csrf={x.csrf} />
            {problem && <ProblemBox problem={problem} />}
            <Field name="reason" label={x.t('revealPurpose')} value={w(x, 'printPurpose')} errors={errorsByField(problem)} required />
            <button type="submit">{w(x, 'printInClear')}</button>
          </form>
        )}
        {clear && <p class="muted">{x.t('revealed')}</p>}
      </section>,
      problem ? 400 : 200,
    );
  };
  app.get('/ncms/stays/:id/print', ROLES['/ncms/stays/:id']!, (x) => printSheet(x));
  app.post('/ncms/stays/:id/print', PATIENT_REVEALERS, async (x) => {
    const form = single(await x.form());
    const res = await x.api('POST', `/v1/ncms/stays/${encodeURIComponent(x.c.req.param('id')!)}/patient`, { reason: form.reason ?? '' });
    if (res.status === 404) return notFound(x);
    x.c.header('cache-control', 'no-store');
    return res.status === 200 ? printSheet(x, res.body) : printSheet(x, undefined, res.body);
  });
  app.post('/ncms/stays/:id/lines', ROLES['/ncms/stays/:id/lines']!, async (x) => {
    const id = x.c.req.param('id')!;
    const form = single(await x.form());
    const line = {
      code: form['lines.0.code'],
      description: form['lines.0.description'],
      quantity: form['lines.0.quantity'],
      unitPrice: form['lines.0.unitPrice'],
    };
    const res = await x.api('POST', `/v1/ncms/stays/${encodeURIComponent(id)}/bill-lines`, { lines: [line] });
    if (res.status === 201) return x.c.redirect(`/console/ncms/stays/${id}`, 303);
    if (res.status === 404) return notFound(x);
    return stayPage(x, id, { form: 'lines', problem: res.body, values: form });
  });
  app.post('/ncms/stays/:id/discharge', ROLES['/ncms/stays/:id/discharge']!, async (x) => {
    const id = x.c.req.param('id')!;
    const form = single(await x.form());
    const res = await x.api('POST', `/v1/ncms/stays/${encodeURIComponent(id)}/discharge`, { dischargedOn: form.dischargedOn });
    if (res.status === 200) return x.c.redirect(`/console/ncms/stays/${id}`, 303);
    if (res.status === 404) return notFound(x);
    return stayPage(x, id, { form: 'discharge', problem: res.body, values: form });
  });

  app.post('/ncms/stays/:id/void', rolesOf(OFFICE), async (x) => {
    const id = x.c.req.param('id')!;
    const form = single(await x.form());
    const res = await x.api('POST', `/v1/ncms/stays/${encodeURIComponent(id)}/void`, { reason: form.reason ?? '' });
    if (res.status === 200) return x.c.redirect(`/console/ncms/stays/${id}`, 303);
    if (res.status === 404) return notFound(x);
    return stayPage(x, id, { form: 'void', problem: res.body, values: form });
  });

  const quotePage = async (x: ConsoleCtx, values: Record<string, string> = {}, result?: ApiResult) =>
    x.page(
      w(x, 'ncmsQuote'),
      <>
        <form method="post" action="/console/ncms/quote" class="card">
          <Hidden csrf={x.csrf} />
          {result && result.status !== 200 && <ProblemBox problem={result.body} />}
          <div class="grid">
            <Field
              name="category"
              label={w(x, 'category')}
              value={values.category}
              options={CATEGORIES.map((c) => [c, x.label('category', c)] as const)}
              errors={result?.status === 200 ? {} : errorsByField(result?.body)}
            />
            <Field
              name="hospitalLevel"
              label={w(x, 'hospitalLevel')}
              value={values.hospitalLevel}
              options={HOSPITAL_LEVELS.map((l) => [l, x.label('hospitalLevel', l)] as const)}
            />
            <Field
              name="totalCost"
              label={x.t('total')}
              value={values.totalCost}
              required
              placeholder="12000.00"
              errors={result?.status === 200 ? {} : errorsByField(result?.body)}
            />
            <Field
              name="eligibleCost"
              label={w(x, 'eligible')}
              value={values.eligibleCost}
              errors={result?.status === 200 ? {} : errorsByField(result?.body)}
            />
            <Field
              name="ncmsPaidThisYear"
              label={w(x, 'ncmsPaidThisYear')}
              value={values.ncmsPaidThisYear ?? '0.00'}
              errors={result?.status === 200 ? {} : errorsByField(result?.body)}
            />
            <Field
              name="assistancePaidThisYear"
              label={w(x, 'assistancePaidThisYear')}
              value={values.assistancePaidThisYear ?? '0.00'}
              errors={result?.status === 200 ? {} : errorsByField(result?.body)}
            />
          </div>
          <button type="submit">{w(x, 'ncmsQuote')}</button>
        </form>
        {result?.status === 200 && (
          <section class="card">
            <Outcome x={x} result={result.body} />
            <Trace trace={result.body.trace} lang={x.lang} />
          </section>
        )}
      </>,
      result && result.status !== 200 ? 400 : 200,
    );
  app.get('/ncms/quote', ROLES['/ncms/quote']!, (x) => quotePage(x), nav('补偿试算', 'Settlement quote', 21));
  app.post('/ncms/quote', ROLES['/ncms/quote']!, async (x) => {
    const form = single(await x.form());
    const { _csrf, eligibleCost, ...rest } = form;
    const res = await x.api('POST', '/v1/ncms/settlement-quotes', { ...rest, ...(eligibleCost ? { eligibleCost } : {}) });
    return quotePage(x, form, res);
  });

  const periodsPage = async (x: ConsoleCtx, period: string, problem?: Problem) => {
    const [statements, report] = await Promise.all([x.api('GET', `/v1/ncms/periods/${period}/statements`), x.api('GET', `/v1/ncms/reports/${period}`)]);
    const office = x.viewer.roles.some((r) => ['ncms-office', 'tenant-admin'].includes(r));
    const items = (statements.body.items ?? []) as Array<{
      hospitalId: string;
      stays: number;
      totalCost: string;
      ncms: string;
      assistance: string;
      selfPay: string;
      status: string;
    }>;
    const action = (path: string, label: string) => (
      <form method="post" action={`/console/ncms/periods/${period}/${path}`} style="display:inline">
        <Hidden csrf={x.csrf} />
        <button type="submit" style="margin:0 .3rem 0 0;padding:.2rem .6rem">
          {label}
        </button>
      </form>
    );
    return x.page(
      `${w(x, 'ncmsPeriods')} · ${period}`,
      <>
        <form method="get" class="card">
          <Field name="period" label={x.t('period')} type="month" value={period} />
          <button type="submit">{x.t('filter')}</button>
        </form>
        {problem && <ProblemBox problem={problem} />}
        {office && action('build', w(x, 'buildStatements'))}
        <table>
          <tr>
            <th>{w(x, 'hospital')}</th>
            <th class="n">{w(x, 'stays')}</th>
            <th class="n">{x.t('total')}</th>
            <th class="n">{w(x, 'ncmsPaid')}</th>
            <th class="n">{w(x, 'assistancePaid')}</th>
            <th class="n">{w(x, 'selfPay')}</th>
            <th>{x.t('state')}</th>
          </tr>
          {items.map((s) => (
            <tr>
              <td>{s.hospitalId}</td>
              <td class="n">{s.stays}</td>
              <td class="n">{yuan(s.totalCost)}</td>
              <td class="n">{yuan(s.ncms)}</td>
              <td class="n">{yuan(s.assistance)}</td>
              <td class="n">{yuan(s.selfPay)}</td>
              <td>
                {x.label('statementStatus', s.status)} {office && s.status === 'draft' && action(`statements/${s.hospitalId}/approve`, w(x, 'approve'))}
                {office && s.status === 'approved' && action(`statements/${s.hospitalId}/pay`, w(x, 'pay'))}
              </td>
            </tr>
          ))}
        </table>
        {report.status === 200 && (
          <>
            <h2>{w(x, 'report')}</h2>
            <table>
              <tr>
                <th>{w(x, 'category')}</th>
                <th class="n">{w(x, 'stays')}</th>
                <th class="n">{x.t('total')}</th>
                <th class="n">{w(x, 'ncmsPaid')}</th>
                <th class="n">{w(x, 'assistancePaid')}</th>
                <th class="n">{w(x, 'compensationRatio')}</th>
              </tr>
              {[...report.body.byCategory, report.body.totals].map(
                (r: { key: string; stays: number; totalCost: string; ncms: string; assistance: string; compensationRatio: string }) => (
                  <tr>
                    <td>{r.key}</td>
                    <td class="n">{r.stays}</td>
                    <td class="n">{yuan(r.totalCost)}</td>
                    <td class="n">{yuan(r.ncms)}</td>
                    <td class="n">{yuan(r.assistance)}</td>
                    <td class="n">{r.compensationRatio}%</td>
                  </tr>
                ),
              )}
            </table>
            <a href={`/console/ncms/periods/${period}/report.csv`}>CSV</a>
          </>
        )}
      </>,
      problem ? 400 : 200,
    );
  };
  app.get(
    '/ncms/periods',
    ROLES['/ncms/periods']!,
    (x) => periodsPage(x, x.c.req.query('period') || DateTime.now().setZone(x.zone).toFormat('yyyy-MM')),
    nav('周期结算', 'Period statements', 22),
  );
  app.get('/ncms/periods/:period/report.csv', ROLES['/ncms/periods/:period/report.csv']!, async (x) => {
    const res = await x.api('GET', `/v1/ncms/reports/${encodeURIComponent(x.c.req.param('period')!)}?format=csv`);
    if (res.status !== 200) return notFound(x);
    return x.c.body(res.body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="ncms-${x.c.req.param('period')}.csv"`,
    });
  });
  const periodAction = (apiPath: (p: Record<string, string>) => string) => async (x: ConsoleCtx) => {
    await x.form();
    const params = x.c.req.param() as Record<string, string>;
    const res = await x.api('POST', apiPath(params));
    if (res.status === 200) return x.c.redirect(`/console/ncms/periods?period=${params.period}`, 303);
    return periodsPage(x, params.period!, res.body);
  };
  const cataloguePage = (x: ConsoleCtx, result?: ApiResult) =>
    x.page(
      w(x, 'catalogue'),
      <>
        {result?.status === 200 && (
          <div class={result.body.errors.length ? 'problem' : 'ok'} role="status">
            <p>
              {w(x, 'imported')}: {result.body.imported} · {w(x, 'rejectedRows')}: {result.body.errors.length}
            </p>
            <ul>
              {(result.body.errors as Array<{ row: number; message: string }>).map((e) => (
                <li>
                  #{e.row}: {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {result && result.status !== 200 && <ProblemBox problem={result.body} />}
        <form method="post" action="/console/ncms/catalogue" enctype="multipart/form-data" class="card">
          <Hidden csrf={x.csrf} />
          <Field name="file" label={w(x, 'csvFile')} type="file" />
          <label for="f-csv">{w(x, 'orPaste')}</label>
          <textarea id="f-csv" name="csv" rows={6} placeholder="code,name,kind,eligible"></textarea>
          <button type="submit">{w(x, 'importCsv')}</button>
        </form>
      </>,
      result && result.status !== 200 ? 400 : 200,
    );
  app.get('/ncms/catalogue', ROLES['/ncms/catalogue']!, (x) => cataloguePage(x), nav('目录导入', 'Catalogue import', 23));
  app.post('/ncms/catalogue', ROLES['/ncms/catalogue']!, async (x) => {
    const form = await x.form();
    const file = (form as Record<string, unknown>).file;
    const csv = file instanceof File && file.size > 0 ? await file.text() : String(form.csv ?? '');
    return cataloguePage(x, await x.api('POST', '/v1/ncms/catalogue/import', { csv }));
  });

  // The form prints masked; those who may see the household in clear state why first, and the read is recorded.
  const formPage = (x: ConsoleCtx, id: string, problem?: unknown) =>
    x.page(
      w(x, 'approvalForm'),
      <>
        <p>
          <a href={`/console/ncms/applications/${encodeURIComponent(id)}/form?masked=1`}>{w(x, 'printMasked')}</a>
        </p>
        <form method="post" action={`/console/ncms/applications/${encodeURIComponent(id)}/form`} class="card">
          <Hidden csrf={x.csrf} />
          {problem ? <ProblemBox problem={problem as never} /> : null}
          <Field name="reason" label={x.t('revealPurpose')} required errors={errorsByField(problem as never)} />
          <button type="submit">{w(x, 'printInClear')}</button>
        </form>
      </>,
      problem ? 400 : 200,
    );
  app.get('/ncms/applications/:id/form', ROLES['/ncms/applications/:id/form']!, async (x) => {
    const id = x.c.req.param('id')!;
    const mayReveal = x.viewer.roles.some((r) => r in REVEALERS);
    if (mayReveal && !x.c.req.query('masked')) {
      const exists = await x.api('GET', `/v1/cases/${encodeURIComponent(id)}`);
      return exists.status === 200 ? formPage(x, id) : notFound(x);
    }
    const res = await x.api('GET', `/v1/ncms/applications/${encodeURIComponent(id)}/form`);
    return res.status === 200 ? x.c.html(res.body as string) : notFound(x);
  });
  app.post('/ncms/applications/:id/form', rolesOf(REVEALERS), async (x) => {
    const id = x.c.req.param('id')!;
    const form = single(await x.form());
    const res = await x.api('POST', `/v1/ncms/applications/${encodeURIComponent(id)}/form`, { reason: form.reason ?? '' });
    x.c.header('Cache-Control', 'no-store');
    if (res.status === 200) return x.c.html(res.body as string);
    return res.status === 404 ? notFound(x) : formPage(x, id, res.body);
  });

  app.post(
    '/ncms/periods/:period/build',
    rolesOf(OFFICE),
    periodAction((p) => `/v1/ncms/periods/${p.period}/statements`),
  );
  app.post(
    '/ncms/periods/:period/statements/:hospital/:action{approve|pay}',
    rolesOf(OFFICE),
    periodAction((p) => `/v1/ncms/periods/${p.period}/statements/${p.hospital}/${p.action}`),
  );
  return app.pages;
}
