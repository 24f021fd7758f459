/**
 * Campus post screens: the counter (parcel check-in and release), counter
 * sales with their receipts, the board's price editor, and payroll. Each
 * screen is open to the roles its API calls allow.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { parcelRecord } from '../../capabilities/parcel-custody/index.ts';
import { type ConsoleCtx, Hidden, OnceKey, onceHeaders } from '../../kit/console/context.tsx';
import { when, yuan } from '../../kit/console/format.ts';
import { errorsByField, Field, type FieldErrors, single } from '../../kit/console/forms.tsx';
import { NotFoundPage as notFound, ProblemBox } from '../../kit/console/layout.tsx';
import { pageSet } from '../../kit/console/pages.ts';
import type { PublicPage } from '../../kit/plugin.ts';
import { boardRecord } from './board/board.entity.ts';
import { priceAt, publicBoardSchema } from './board/board.ts';
import type { CampusServices } from './office.ts';
import { payslipSchema } from './payroll/payroll.ts';
import { COUNTER, PAYSLIP_READERS, ROSTER_READERS, STAFF_READ, SUPERVISE } from './roles.ts';
import { workerRecord } from './roster/worker.entity.ts';
import { w } from './words.ts';

type Problem = { detail?: string; errors?: Array<{ field: string; message: string }> };
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by a page that knows its shape
type Outcome = { status: number; body: any; values: Record<string, string> };
type Text = { zh: string; en?: string };
type BatchLine = { line: string; ok: boolean; text: string };

/** A batch is read in one request: enough for a van, few enough for one Lambda invocation. */
const BATCH_MAX = 100;

/** A refusal in one line: the problem's detail and each field's label and message. */
const problemText = (p: { title?: string; detail?: string; errors?: Array<{ field: string; label?: string; message: string }> }) =>
  p.errors?.length ? p.errors.map((e) => `${e.label ?? e.field}：${e.message}`).join('；') : (p.detail ?? p.title ?? '');

const nav = (zh: string, en: string, order: number) => ({ label: { zh, en }, order });

export function campusPages() {
  const app = pageSet<CampusServices>();
  const name = (x: ConsoleCtx, n: Text) => (x.lang === 'zh' ? n.zh : (n.en ?? n.zh));

  // ------------------------------------------------------ the parcel counter
  const counter = async (x: ConsoleCtx, outcome?: Outcome & { form: 'checkin' | 'release' }, batch?: BatchLine[]) => {
    const q = x.c.req.query('q')?.trim() ?? '';
    const cursor = x.c.req.query('cursor') ?? '';
    const res = await x.api('GET', `/v1/campus/parcels?${new URLSearchParams({ ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) })}`);
    const parcels = z.array(parcelRecord).parse(res.body.items ?? []);
    const next =
      typeof res.body.nextCursor === 'string'
        ? `/console/campus/parcels?${new URLSearchParams({ ...(q ? { q } : {}), cursor: res.body.nextCursor })}`
        : undefined;
    const failed = outcome && outcome.status >= 400 ? outcome : undefined;
    const errs = (form: string): FieldErrors => (failed?.form === form ? errorsByField(failed.body) : {});
    const vals = (form: string): Record<string, string> => (failed?.form === form ? failed.values : {});
    return x.page(
      w(x, 'parcels'),
      <>
        {outcome && !failed && (
          <p class="ok" role="status">
            {outcome.form === 'checkin' ? w(x, 'checkedIn') : w(x, 'released')}: {outcome.body.tracking} · {outcome.body.recipientName ?? '—'} · {w(x, 'shelf')}{' '}
            {outcome.body.shelf}
            {outcome.body.storageFee && outcome.body.storageFee !== '0.00' && ` · ${w(x, 'storageFee')} ${yuan(outcome.body.storageFee)}`}
          </p>
        )}
        <div class="grid">
          <form method="post" action="/console/campus/parcels/check-in" class="card" aria-label={w(x, 'checkIn')}>
            <h2>{w(x, 'checkIn')}</h2>
            <Hidden csrf={x.csrf} />
            {failed?.form === 'checkin' && <ProblemBox problem={failed.body} />}
            <Field name="tracking" label={w(x, 'tracking')} value={vals('checkin').tracking} errors={errs('checkin')} required />
            <Field name="carrier" label={w(x, 'carrier')} value={vals('checkin').carrier} errors={errs('checkin')} required />
            <Field name="recipient.phone" label={w(x, 'phone')} value={vals('checkin')['recipient.phone']} errors={errs('checkin')} />
            <Field name="recipient.number" label={w(x, 'studentNumber')} value={vals('checkin')['recipient.number']} errors={errs('checkin')} />
            <Field name="shelf" label={w(x, 'shelf')} value={vals('checkin').shelf} errors={errs('checkin')} required />
            <Field
              name="size"
              label={w(x, 'size')}
              value={vals('checkin').size}
              options={['small', 'medium', 'large'].map((size) => [size, x.label('parcelSize', size)] as const)}
              errors={errs('checkin')}
            />
            <button type="submit">{w(x, 'checkIn')}</button>
          </form>
          <form method="post" action="/console/campus/parcels/release" class="card" aria-label={w(x, 'release')}>
            <h2>{w(x, 'release')}</h2>
            <Hidden csrf={x.csrf} />
            {failed?.form === 'release' && <ProblemBox problem={failed.body} />}
            <Field name="code" label={w(x, 'pickupCode')} value={vals('release').code} errors={errs('release')} required />
            <Field name="last4" label={w(x, 'last4')} value={vals('release').last4} errors={errs('release')} required />
            <Field name="proxy.name" label={w(x, 'proxyName')} value={vals('release')['proxy.name']} errors={errs('release')} />
            <Field name="proxy.authorization" label={w(x, 'proxyAuthorization')} value={vals('release')['proxy.authorization']} errors={errs('release')} />
            <button type="submit">{w(x, 'release')}</button>
          </form>
        </div>
        <form method="post" action="/console/campus/parcels/check-in-batch" class="card" aria-label={w(x, 'bulk')}>
          <h2>{w(x, 'bulk')}</h2>
          <Hidden csrf={x.csrf} />
          <p class="muted">{w(x, 'bulkHint')}</p>
          {batch && (
            <ol>
              {batch.map((b) => (
                <li class={b.ok ? 'ok' : 'problem'}>
                  <bdi>{b.line}</bdi> — {b.text}
                </li>
              ))}
            </ol>
          )}
          <label for="f-lines">{w(x, 'bulk')}</label>
          <textarea id="f-lines" name="lines" rows={5} placeholder="SF1234567890, 顺丰, 13800138000, A-03, small">
            {batch
              ?.filter((b) => !b.ok)
              .map((b) => b.line)
              .join('\n')}
          </textarea>
          <button type="submit">{w(x, 'bulk')}</button>
        </form>
        {res.status !== 200 && <ProblemBox problem={res.body} />}
        <h2>{w(x, 'waiting')}</h2>
        <form method="get" class="card" aria-label={x.t('search')}>
          <label for="f-q">{x.t('search')}</label>
          <input id="f-q" name="q" value={q} placeholder={w(x, 'search')} />
          <button type="submit">{x.t('search')}</button>
        </form>
        <table>
          <tr>
            <th>{w(x, 'tracking')}</th>
            <th>{x.t('recipient')}</th>
            <th>{w(x, 'shelf')}</th>
            <th>{x.t('state')}</th>
            <th>{w(x, 'checkedIn')}</th>
          </tr>
          {parcels.map((p) => (
            <tr>
              <td>
                <a href={`/console/campus/parcels/${encodeURIComponent(p.id)}`}>{p.tracking}</a> <span class="muted">{p.carrier}</span>
              </td>
              <td>{p.recipientName ?? '—'}</td>
              <td>{p.shelf}</td>
              <td>{x.label('parcelStatus', p.status)}</td>
              <td>{when(p.checkedInAt, x.zone, x.lang)}</td>
            </tr>
          ))}
        </table>
        {next && (
          <p>
            <a href={next}>{x.t('nextPage')}</a>
          </p>
        )}
      </>,
      failed ? 400 : 200,
    );
  };

  app.get('/campus/parcels', COUNTER, (x) => counter(x), nav('包裹', 'Parcels', 20));
  app.post('/campus/parcels/check-in', COUNTER, async (x) => {
    const form = single(await x.form());
    const recipient = {
      ...(form['recipient.phone'] ? { phone: form['recipient.phone'] } : {}),
      ...(form['recipient.number'] ? { number: form['recipient.number'] } : {}),
    };
    const res = await x.api('POST', '/v1/campus/parcels', {
      tracking: form.tracking,
      carrier: form.carrier,
      recipient,
      shelf: form.shelf,
      size: form.size || 'small',
    });
    return counter(x, { form: 'checkin', ...res, values: form });
  });
  // Parcels come off the van in dozens: one line each, each checked in on its own, each result said.
  app.post('/campus/parcels/check-in-batch', COUNTER, async (x) => {
    const form = single(await x.form());
    const lines = (form.lines ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, BATCH_MAX);
    const results: BatchLine[] = [];
    for (const line of lines) {
      const [tracking = '', carrier = '', who = '', shelf = '', size = ''] = line.split(/\s*[,，\t]\s*/);
      const recipient = /^1\d{10}$/.test(who) ? { phone: who } : { number: who };
      const res = await x.api('POST', '/v1/campus/parcels', { tracking, carrier, recipient, shelf, size: size || 'small' });
      results.push(
        res.status < 300
          ? { line, ok: true, text: `${w(x, 'checkedIn')} · ${res.body.recipientName ?? '—'} · ${w(x, 'shelf')} ${res.body.shelf}` }
          : { line, ok: false, text: problemText(res.body) },
      );
    }
    return counter(x, undefined, results);
  });
  app.post('/campus/parcels/release', COUNTER, async (x) => {
    const form = single(await x.form());
    const proxy =
      form['proxy.name'] || form['proxy.authorization'] ? { proxy: { name: form['proxy.name'] ?? '', authorization: form['proxy.authorization'] ?? '' } } : {};
    const res = await x.api('POST', '/v1/campus/parcels/release', { code: form.code, last4: form.last4, ...proxy });
    return counter(x, { form: 'release', ...res, values: form });
  });

  // ------------------------------------------------------ counter sales
  const ordersPage = async (x: ConsoleCtx, outcome?: Outcome) => {
    const board = await x.api('GET', `/v1/public/boards/${encodeURIComponent(x.viewer.tenant.id)}`);
    const lines = board.status === 200 ? publicBoardSchema.parse(board.body).lines : [];
    const failed = outcome && outcome.status >= 400 ? outcome : undefined;
    return x.page(
      w(x, 'orders'),
      <>
        {outcome && !failed && (
          <p class="ok" role="status">
            {x.t('total')} {yuan(outcome.body.total)} · {outcome.body.payment} ·{' '}
            <a href={`/console/campus/orders/${encodeURIComponent(outcome.body.id)}/receipt`}>{x.t('receipt')}</a>
          </p>
        )}
        {failed && <ProblemBox problem={failed.body} />}
        <form method="post" action="/console/campus/orders" class="card">
          <Hidden csrf={x.csrf} />
          <OnceKey />
          {lines
            .filter((l) => l.items.length > 0)
            .map((l) => (
              <fieldset>
                <legend>{name(x, l.name)}</legend>
                <table>
                  {l.items.map((item) => (
                    <tr>
                      <td>
                        <label for={`q-${item.id}`} style="font-weight:400;margin:0">
                          {name(x, item.name)}
                        </label>
                      </td>
                      <td class="n">{yuan(item.price)}</td>
                      <td style="width:7rem">
                        <input id={`q-${item.id}`} name={`qty.${item.id}`} type="number" min="0" max="999" value={failed?.values[`qty.${item.id}`] ?? ''} />
                      </td>
                    </tr>
                  ))}
                </table>
              </fieldset>
            ))}
          <div class="grid">
            <Field
              name="payment"
              label={w(x, 'payment')}
              value={failed?.values.payment}
              options={['cash', 'wechat', 'alipay', 'card'].map((m) => [m, x.label('paymentMethod', m)] as const)}
            />
            <Field name="customer" label={w(x, 'customer')} value={failed?.values.customer} />
          </div>
          <button type="submit">{w(x, 'placeOrder')}</button>
        </form>
      </>,
      failed ? 400 : 200,
    );
  };

  app.get('/campus/orders', COUNTER, (x) => ordersPage(x), nav('柜台销售', 'Counter sales', 21));
  app.post('/campus/orders', COUNTER, async (x) => {
    const raw = await x.form();
    const form = single(raw);
    const lines = Object.entries(form)
      .filter(([k, v]) => k.startsWith('qty.') && v.trim() !== '' && v.trim() !== '0')
      .map(([k, v]) => ({ itemId: k.slice(4), quantity: Number(v) }));
    const res = await x.api(
      'POST',
      '/v1/campus/orders',
      { lines, payment: form.payment, ...(form.customer ? { customer: form.customer } : {}) },
      onceHeaders(raw),
    );
    return ordersPage(x, { ...res, values: form });
  });
  app.get('/campus/orders/:id/receipt', STAFF_READ, async (x) => {
    const res = await x.api('GET', `/v1/campus/orders/${encodeURIComponent(x.c.req.param('id') ?? '')}/receipt`);
    return res.status === 200 ? x.c.html(String(res.body)) : notFound(x);
  });

  // ------------------------------------------------------ the board's price editor
  const boardPage = async (x: ConsoleCtx, s: CampusServices, problem?: Problem, saved = false) => {
    const res = await x.api('GET', '/v1/campus/board');
    if (res.status !== 200) return notFound(x);
    const board = boardRecord.parse(res.body);
    const now = s.parts.clock();
    const defaultFrom = DateTime.fromJSDate(now).setZone(x.zone).toFormat("yyyy-MM-dd'T'HH:mm");
    // API errors name board paths (lines.2.items.0.prices.1.amount): shown against the item they belong to.
    const itemErrors = new Map<string, string>();
    const fieldErrors = errorsByField(problem);
    for (const e of problem?.errors ?? []) {
      const m = /^lines\.(\d+)\.items\.(\d+)/.exec(e.field);
      const item = m ? board.lines[Number(m[1])]?.items[Number(m[2])] : undefined;
      if (item) itemErrors.set(item.id, e.message);
    }
    return x.page(
      w(x, 'board'),
      <>
        {saved && (
          <p class="ok" role="status">
            {x.t('saved')}
          </p>
        )}
        {problem && <ProblemBox problem={problem} />}
        <form method="post" action="/console/campus/board" class="card">
          <Hidden csrf={x.csrf} />
          <fieldset>
            <legend>{w(x, 'phones')}</legend>
            <Field name="phones.service" label={w(x, 'servicePhone')} value={board.phones.service} errors={fieldErrors} />
            <Field name="phones.supervision" label={w(x, 'supervisionPhone')} value={board.phones.supervision} errors={fieldErrors} />
          </fieldset>
          <fieldset>
            <legend>{w(x, 'openingHours')}</legend>
            <p class="muted">{w(x, 'hoursHint')}</p>
            {[...board.hours.regular, { days: { zh: '', en: '' }, open: '', close: '' }].map((h, i) => (
              <div class="grid">
                <Field name={`hours.regular.${i}.days.zh`} label={`${w(x, 'days')} ${i + 1}`} value={h.days.zh} errors={fieldErrors} />
                <Field name={`hours.regular.${i}.days.en`} label={`${w(x, 'daysEn')} ${i + 1}`} value={h.days.en ?? ''} errors={fieldErrors} />
                <Field name={`hours.regular.${i}.open`} label={w(x, 'opens')} type="time" value={h.open} errors={fieldErrors} />
                <Field name={`hours.regular.${i}.close`} label={w(x, 'closes')} type="time" value={h.close} errors={fieldErrors} />
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>{w(x, 'exceptions')}</legend>
            {[...board.hours.exceptions, { date: '', closed: true, note: { zh: '', en: '' } }].map((e, i) => (
              <div class="grid">
                <Field name={`hours.exceptions.${i}.date`} label={`${x.t('date')} ${i + 1}`} type="date" value={e.date} errors={fieldErrors} />
                <Field name={`hours.exceptions.${i}.note.zh`} label={w(x, 'exceptionNote')} value={e.note?.zh ?? ''} errors={fieldErrors} />
                <div>
                  <label>
                    <input type="checkbox" name={`hours.exceptions.${i}.closed`} value="true" checked={e.closed} /> {w(x, 'closedAllDay')}
                  </label>
                </div>
              </div>
            ))}
          </fieldset>
          {board.lines.map((line) => (
            <fieldset>
              <legend>{name(x, line.name)}</legend>
              <table>
                <tr>
                  <th>{w(x, 'item')}</th>
                  <th class="n">{w(x, 'currentPrice')}</th>
                  <th>{w(x, 'newPrice')}</th>
                  <th>{w(x, 'effectiveFrom')}</th>
                  <th>{w(x, 'withdrawn')}</th>
                </tr>
                {line.items.map((item) => (
                  <tr>
                    <td>
                      {name(x, item.name)}
                      {itemErrors.has(item.id) && <p class="error">{itemErrors.get(item.id)}</p>}
                    </td>
                    <td class="n">{yuan(priceAt(item, now.toISOString()))}</td>
                    <td>
                      <input name={`price.${item.id}`} aria-label={`${w(x, 'newPrice')} ${item.name.zh}`} placeholder="0.00" inputmode="decimal" />
                    </td>
                    <td>
                      <input name={`from.${item.id}`} type="datetime-local" aria-label={`${w(x, 'effectiveFrom')} ${item.name.zh}`} value={defaultFrom} />
                    </td>
                    <td>
                      <input
                        name={`withdrawn.${item.id}`}
                        type="checkbox"
                        value="true"
                        checked={item.withdrawn}
                        aria-label={`${w(x, 'withdrawn')} ${item.name.zh}`}
                      />
                    </td>
                  </tr>
                ))}
              </table>
            </fieldset>
          ))}
          <button type="submit">{w(x, 'save')}</button>
        </form>
      </>,
      problem ? 400 : 200,
    );
  };

  app.get('/campus/board', SUPERVISE, (x, s) => boardPage(x, s), nav('服务公告', 'Service board', 22));
  app.post('/campus/board', SUPERVISE, async (x, s) => {
    const form = single(await x.form());
    const current = await x.api('GET', '/v1/campus/board');
    if (current.status !== 200) return notFound(x);
    const board = boardRecord.parse(current.body);
    for (const line of board.lines) {
      for (const item of line.items) {
        const price = form[`price.${item.id}`]?.trim();
        if (price) {
          const from = DateTime.fromISO(form[`from.${item.id}`] || '', { zone: x.zone });
          item.prices.push({ amount: price, from: (from.isValid ? from : DateTime.fromJSDate(s.parts.clock())).toUTC().toISO() ?? '' });
        }
        item.withdrawn = form[`withdrawn.${item.id}`] === 'true';
      }
    }
    // Phones and hours are replaced only by a form that shows them (an older form, or a script posting prices, leaves them as they are).
    if ('phones.service' in form) {
      board.phones = { service: form['phones.service']?.trim() ?? '', supervision: form['phones.supervision']?.trim() ?? '' };
      const rows = (prefix: string) =>
        [...new Set(Object.keys(form).flatMap((k) => (k.startsWith(prefix) ? [Number(k.slice(prefix.length).split('.')[0])] : [])))]
          .filter((i) => Number.isInteger(i) && i >= 0 && i < 50)
          .sort((a, b) => a - b);
      // A row left empty is a row removed.
      board.hours.regular = rows('hours.regular.')
        .map((i) => ({
          days: { zh: form[`hours.regular.${i}.days.zh`]?.trim() ?? '', en: form[`hours.regular.${i}.days.en`]?.trim() || undefined },
          open: form[`hours.regular.${i}.open`] ?? '',
          close: form[`hours.regular.${i}.close`] ?? '',
        }))
        .filter((h) => h.days.zh || h.open || h.close);
      board.hours.exceptions = rows('hours.exceptions.')
        .map((i) => {
          const note = form[`hours.exceptions.${i}.note.zh`]?.trim();
          return {
            date: form[`hours.exceptions.${i}.date`] ?? '',
            closed: form[`hours.exceptions.${i}.closed`] === 'true',
            ...(note ? { note: { zh: note } } : {}),
          };
        })
        .filter((e) => e.date);
    }
    const res = await x.api('PUT', '/v1/campus/board', board);
    if (res.status === 200) return boardPage(x, s, undefined, true);
    return boardPage(x, s, res.body);
  });

  // ------------------------------------------------------ payroll
  app.get(
    '/campus/payroll',
    PAYSLIP_READERS,
    async (x, s) => {
      const month = x.c.req.query('month') || DateTime.fromJSDate(s.parts.clock()).setZone(x.zone).minus({ months: 1 }).toFormat('yyyy-MM');
      // A student worker cannot read the roster (nor is it asked for): they see their own line only.
      const readsRoster = x.viewer.roles.some((r) => Object.hasOwn(ROSTER_READERS, r));
      const roster = readsRoster ? await x.api('GET', '/v1/campus/workers') : undefined;
      const workers = roster?.status === 200 ? z.array(workerRecord).parse(roster.body.items) : [];
      const mine = x.viewer.roles.includes('student-worker')
        ? [{ sub: x.viewer.sub, name: x.viewer.sub, trainingDone: true, examPassed: true, contractUntil: '' }]
        : [];
      return x.page(
        w(x, 'payroll'),
        <>
          <form method="get" class="card">
            <Field name="month" label={x.t('period')} type="month" value={month} />
            <button type="submit">{x.t('filter')}</button>
          </form>
          <table>
            <tr>
              <th>{w(x, 'worker')}</th>
              <th>{w(x, 'qualified')}</th>
              <th>{w(x, 'contractUntil')}</th>
              <th></th>
            </tr>
            {(workers.length ? workers : mine).map((worker) => (
              <tr>
                <td>{worker.name}</td>
                <td>{worker.trainingDone && worker.examPassed ? '✓' : '✗'}</td>
                <td>{worker.contractUntil}</td>
                <td>
                  <a href={`/console/campus/payroll/${month}/${encodeURIComponent(worker.sub)}`}>{w(x, 'payslip')}</a>
                </td>
              </tr>
            ))}
          </table>
        </>,
      );
    },
    nav('勤工俭学报酬', 'Payroll', 23),
  );
  app.get('/campus/payroll/:month/:worker', PAYSLIP_READERS, async (x) => {
    const month = x.c.req.param('month') ?? '';
    const worker = x.c.req.param('worker') ?? '';
    const res = await x.api('GET', `/v1/campus/payslips/${encodeURIComponent(month)}/${encodeURIComponent(worker)}`);
    if (res.status === 404) return x.page(`${w(x, 'payslip')} · ${worker} · ${month}`, <p class="muted">{w(x, 'noPayslip')}</p>, 404);
    if (res.status !== 200) return x.page(w(x, 'payslip'), <ProblemBox problem={res.body} />, res.status);
    const slip = payslipSchema.parse(res.body);
    return x.page(
      `${w(x, 'payslip')} · ${worker} · ${month}`,
      <>
        <table>
          <tr>
            <th>{w(x, 'item')}</th>
            <th class="n">{x.t('quantity')}</th>
            <th class="n">{x.t('unitPrice')}</th>
            <th class="n">{x.t('amount')}</th>
          </tr>
          <tr>
            <td>{w(x, 'baseWage')}</td>
            <td class="n">1</td>
            <td class="n">{yuan(slip.baseWage)}</td>
            <td class="n">{yuan(slip.baseWage)}</td>
          </tr>
          {Object.entries(slip.byType).map(([type, v]) => (
            <tr>
              <td>{x.label('workType', type)}</td>
              <td class="n">{v.count}</td>
              <td class="n">{yuan(v.rate)}</td>
              <td class="n">{yuan(v.amount)}</td>
            </tr>
          ))}
          <tr>
            <th>{x.t('total')}</th>
            <th></th>
            <th></th>
            <th class="n">{yuan(slip.total)}</th>
          </tr>
        </table>
        <p class="muted">
          {x.t('postings')}: {slip.transferId}
        </p>
        <details>
          <summary>{w(x, 'pieces')}</summary>
          <table>
            {slip.lines.map((l) => (
              <tr>
                <td>{l.n}</td>
                <td>{x.label('workType', l.type)}</td>
                <td>{l.ref}</td>
                <td>{when(l.at, x.zone, x.lang)}</td>
                <td class="n">{yuan(l.rate)}</td>
              </tr>
            ))}
          </table>
        </details>
      </>,
    );
  });

  // ------------------------------------------------------ a student's own parcels
  app.get(
    '/campus/my-parcels',
    ['customer'],
    async (x) => {
      const res = await x.api('GET', '/v1/campus/my/parcels');
      const items = (res.body.items ?? []) as Array<{
        id: string;
        tracking: string;
        carrier: string;
        shelf?: string;
        status: string;
        code?: string;
        checkedInAt: string;
        storageFee?: string;
      }>;
      return x.page(
        w(x, 'myParcels'),
        <>
          {items.length === 0 && <p class="muted">{w(x, 'noParcels')}</p>}
          {items.map((p) => (
            <section class="card">
              <p>
                <strong>{p.carrier}</strong> {p.tracking} · {x.label('parcelStatus', p.status)}
              </p>
              {p.code && p.status === 'waiting' && (
                <p>
                  {w(x, 'pickupCode')} <strong style="font-size:1.6rem;letter-spacing:.2rem">{p.code}</strong>
                  {p.shelf && ` · ${w(x, 'shelf')} ${p.shelf}`}
                </p>
              )}
              <p class="muted">
                {w(x, 'checkedIn')} {when(p.checkedInAt, x.zone, x.lang)}
                {p.storageFee && p.storageFee !== '0.00' && ` · ${w(x, 'storageFee')} ${yuan(p.storageFee)}`}
              </p>
              {(p.status === 'waiting' || p.status === 'door-pending') && (
                <p>
                  <a href={`/console/campus/parcels/${encodeURIComponent(p.id)}#book-door`}>{w(x, 'bookDoor')}</a>
                </p>
              )}
            </section>
          ))}
          <p>
            <a href={`/console/public/campus/boards/${encodeURIComponent(x.viewer.tenant.id)}`}>{w(x, 'board')}</a>
          </p>
        </>,
      );
    },
    nav('我的包裹', 'My parcels', 19),
  );

  return app.pages;
}

/** The service board as the public sees it (a wall screen, a student's phone): lines, current prices, hours, phones. */
export const campusPublicPages: ReadonlyArray<PublicPage<CampusServices>> = [
  {
    path: '/campus/boards/:tenantId',
    async handler(x) {
      const res = await x.api('GET', `/v1/public/boards/${encodeURIComponent(x.c.req.param('tenantId') ?? '')}`);
      if (res.status !== 200)
        return x.page(x.lang === 'zh' ? '未找到' : 'Not found', <p>{x.lang === 'zh' ? '没有这个服务公告。' : 'There is no such board.'}</p>, 404);
      const b = publicBoardSchema.parse(res.body);
      const say = (n: Text) => (x.lang === 'zh' ? n.zh : (n.en ?? n.zh));
      return x.page(
        say(b.title),
        <>
          <section class="card">
            {b.hours.regular.map((h) => (
              <p>
                {say(h.days)} {h.open}–{h.close}
              </p>
            ))}
            <p class="muted">
              ☎ {b.phones.service} · {x.lang === 'zh' ? '监督电话' : 'Supervision'} {b.phones.supervision}
            </p>
          </section>
          {b.lines.map((line) => (
            <section class="card">
              <h2>{say(line.name)}</h2>
              <table>
                {line.items.map((item) => (
                  <tr>
                    <td>{say(item.name)}</td>
                    <td class="n">{yuan(item.price)}</td>
                  </tr>
                ))}
              </table>
            </section>
          ))}
        </>,
      );
    },
  },
];
