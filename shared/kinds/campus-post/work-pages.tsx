/**
 * The counter's other work, each an API operation on a card: a parcel's own
 * page (door delivery booked and proved), mail batches and periodical
 * issues, rental returns, the directory, and the roster with the pay rates.
 */
import { z } from 'zod';
import { parcelRecord } from '../../capabilities/parcel-custody/index.ts';
import { type Action, actionPage } from '../../kit/console/actions.tsx';
import type { ConsoleCtx } from '../../kit/console/context.tsx';
import { when, yuan } from '../../kit/console/format.ts';
import { ProblemBox } from '../../kit/console/layout.tsx';
import { lookupQuery, personInput } from './directory/directory.ts';
import { issueInput, issueParams, mailBatchInput, subscriptionInput } from './mail/mail.entity.ts';
import type { CampusServices } from './office.ts';
import { doorBookingInput, doorDeliveryInput } from './parcels/door.ts';
import { payrollInput } from './payroll/payroll.ts';
import { COUNTER, ROSTER, ROSTER_READERS, STAFF_READ, SUPERVISE } from './roles.ts';
import { workerInput } from './roster/roster.ts';
import { workerRecord } from './roster/worker.entity.ts';
import { w } from './words.ts';

const t = (zh: string, en: string) => ({ zh, en });
// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by a page that knows its shape
type Json = any;

const orderIdParam = z.object({ id: z.string().max(64).meta({ title: '单号 Order number' }) });
const workerIdParam = z.object({ id: z.string().max(100).meta({ title: '登录账号 Sign-in account' }) });

/** A recipient as the counter sees them: the phone masked, as the directory keeps it. */
const PersonCard = ({ x, p }: { x: ConsoleCtx; p: Json }) => (
  <p>
    <strong>
      <bdi>{p.name}</bdi>
    </strong>{' '}
    · {w(x, 'studentNumber')} {p.number} · {w(x, 'phone')} {p.phone} · {w(x, 'mailbox')} <bdi>{p.mailbox}</bdi> ·{' '}
    {x.label('preferredDelivery', p.preferredDelivery)}
  </p>
);

const Batch = ({ x, b }: { x: ConsoleCtx; b: Json }) => (
  <p>
    {w(x, 'batchSorted')}: {b.items?.length ?? 0} {w(x, 'mailPieces')} · {b.mailboxes} {w(x, 'mailboxes')} · {when(b.sortedAt, x.zone, x.lang)}
  </p>
);

export function campusWorkPages() {
  const parcelActions: Action[] = [
    {
      id: 'book-door',
      title: t('预约送货上门', 'Book door delivery'),
      hint: t('每个时段名额有限，满额的时段会被拒绝。', 'Each slot takes a limited number; a full slot is refused.'),
      roles: { ...COUNTER, customer: 'requester' },
      method: 'POST',
      api: '/v1/campus/parcels/:id/door-booking',
      input: doorBookingInput,
      show: (x, p) => (
        <p>
          {x.label('parcelStatus', p.status)} · {p.door?.date} {p.door?.slot}
        </p>
      ),
    },
    {
      id: 'deliver',
      title: t('送达签收', 'Proof of door delivery'),
      hint: t('送到后登记签收人；计入送货员的计件。', 'Record who received it at the door; it counts as the worker’s piece.'),
      roles: COUNTER,
      method: 'POST',
      api: '/v1/campus/parcels/:id/door-delivery',
      input: doorDeliveryInput,
      show: (x, p) => <p>{x.label('parcelStatus', p.status)}</p>,
    },
  ];

  const parcelPage = actionPage<CampusServices>({
    path: '/campus/parcels/:id',
    title: t('包裹', 'Parcel'),
    actions: parcelActions,
    body: {
      roles: { ...STAFF_READ, customer: 'requester' },
      async render(x) {
        const res = await x.api('GET', `/v1/campus/parcels/${encodeURIComponent(x.c.req.param('id') ?? '')}`);
        if (res.status !== 200) return <ProblemBox problem={res.body} />;
        const p: Json = res.body;
        const staff = parcelRecord.safeParse(p);
        return (
          <section class="card">
            <h2>
              {p.carrier} {p.tracking}
            </h2>
            <table class="data">
              <tr>
                <th>{x.t('state')}</th>
                <td>{x.label('parcelStatus', p.status)}</td>
              </tr>
              {p.recipientName && (
                <tr>
                  <th>{x.t('recipient')}</th>
                  <td>
                    <bdi>{p.recipientName}</bdi>
                  </td>
                </tr>
              )}
              {p.shelf && (
                <tr>
                  <th>{w(x, 'shelf')}</th>
                  <td>{p.shelf}</td>
                </tr>
              )}
              {p.size && (
                <tr>
                  <th>{w(x, 'size')}</th>
                  <td>{x.label('parcelSize', p.size)}</td>
                </tr>
              )}
              <tr>
                <th>{w(x, 'checkedIn')}</th>
                <td>{when(p.checkedInAt, x.zone, x.lang)}</td>
              </tr>
              {p.door && (
                <tr>
                  <th>{w(x, 'doorSlot')}</th>
                  <td>
                    {p.door.date} {p.door.slot}
                  </td>
                </tr>
              )}
              {p.storageFee && p.storageFee !== '0.00' && (
                <tr>
                  <th>{w(x, 'storageFee')}</th>
                  <td>{yuan(p.storageFee)}</td>
                </tr>
              )}
            </table>
            {staff.success && (
              <>
                <h2>{w(x, 'custody')}</h2>
                <ol class="timeline">
                  {staff.data.custody.map((e) => (
                    <li>
                      {when(e.at, x.zone, x.lang)} · {x.label('custody', e.action)} · <bdi>{e.by}</bdi>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
        );
      },
    },
  });

  const mailPage = actionPage<CampusServices>({
    path: '/campus/mail',
    title: t('邮件与报刊', 'Mail and periodicals'),
    nav: { label: t('邮件与报刊', 'Mail and periodicals'), order: 24 },
    actions: [
      {
        id: 'sort',
        title: t('插箱投递', 'Sort into mailboxes'),
        hint: t('一批一登记：每行一件（或同一信箱的一捆）。', 'One record per batch: a row per piece, or per bundle for one mailbox.'),
        roles: COUNTER,
        method: 'POST',
        api: '/v1/campus/mail-batches',
        input: mailBatchInput,
        once: true,
        show: (x, b) => <Batch x={x} b={b} />,
      },
      {
        id: 'subscribe',
        title: t('报刊订阅', 'Subscribe to a periodical'),
        hint: t('按学期在柜台收款；每到一期自动插入订阅人信箱。', 'Paid at the counter for a term; each issue goes into the subscriber’s mailbox.'),
        roles: COUNTER,
        method: 'POST',
        api: '/v1/campus/subscriptions',
        input: subscriptionInput,
        once: true,
        show: (x, r) => (
          <p>
            <bdi>{r.subscription.mailbox}</bdi> · {x.t('total')} {yuan(r.order.total)} · {x.label('payment', r.order.payment)} ·{' '}
            <a href={`/console/campus/orders/${encodeURIComponent(r.order.id)}/receipt`}>{x.t('receipt')}</a>
          </p>
        ),
      },
      {
        id: 'issue',
        title: t('新一期到达', 'An issue arrived'),
        hint: t('为每位订阅人插箱一份，作为一批登记。', 'A copy goes into every subscriber’s mailbox, recorded as one batch.'),
        roles: COUNTER,
        method: 'POST',
        api: '/v1/campus/subscriptions/:itemId/:term/issues',
        params: issueParams,
        input: issueInput,
        show: (x, b) => <Batch x={x} b={b} />,
      },
    ],
  });

  const returnsPage = actionPage<CampusServices>({
    path: '/campus/returns',
    title: t('租借归还', 'Rental returns'),
    nav: { label: t('租借归还', 'Rental returns'), order: 25 },
    actions: [
      {
        id: 'return',
        title: t('登记归还', 'Record a return'),
        hint: t('按租借单号登记；逾期天数按服务公告的逾期费收取。', 'By the rental’s order number; late days are charged at the board’s late fee.'),
        roles: COUNTER,
        method: 'POST',
        api: '/v1/campus/orders/:id/return',
        params: orderIdParam,
        show: (x, r) => (
          <p>
            {w(x, 'returnedAt')} {when(r.order.returnedAt, x.zone, x.lang)} ·{' '}
            {r.lateFee ? (
              <>
                {w(x, 'lateFee')} {yuan(r.lateFee.total)} · <a href={`/console/campus/orders/${encodeURIComponent(r.lateFee.id)}/receipt`}>{x.t('receipt')}</a>
              </>
            ) : (
              w(x, 'onTime')
            )}
          </p>
        ),
      },
    ],
  });

  const directoryPage = actionPage<CampusServices>({
    path: '/campus/directory',
    title: t('收件人名录', 'Recipient directory'),
    nav: { label: t('收件人名录', 'Directory'), order: 26 },
    actions: [
      {
        id: 'lookup',
        title: t('查找收件人', 'Find a recipient'),
        hint: t('输入完整手机号或学号/工号。', 'Type the full phone or student/staff number.'),
        roles: STAFF_READ,
        method: 'GET',
        api: '/v1/campus/directory/lookup',
        input: lookupQuery,
        verb: t('查找', 'Find'),
        show: (x, p) => <PersonCard x={x} p={p} />,
      },
      {
        id: 'add',
        title: t('登记收件人', 'Add a recipient'),
        roles: SUPERVISE,
        method: 'POST',
        api: '/v1/campus/directory',
        input: personInput,
        show: (x, p) => <PersonCard x={x} p={p} />,
      },
    ],
  });

  const rosterPage = actionPage<CampusServices>({
    path: '/campus/roster',
    title: t('勤工人员与计酬', 'Student workers and pay rates'),
    nav: { label: t('勤工人员', 'Student workers'), order: 27 },
    actions: [
      {
        id: 'worker',
        title: t('登记或修改学生员工', 'Add or change a worker'),
        hint: t('上岗须完成培训并考核合格，合同在有效期内。', 'A worker must be trained, pass the exam and be under contract to work.'),
        roles: ROSTER,
        method: 'PUT',
        api: '/v1/campus/workers/:id',
        params: workerIdParam,
        input: workerInput.omit({ sub: true }),
        show: (x, r) => (
          <p>
            <bdi>{r.name}</bdi> · {w(x, 'contractUntil')} {r.contractUntil}
          </p>
        ),
      },
      {
        id: 'rates',
        title: t('基本工资与计件单价', 'Base wage and piece rates'),
        hint: t('自下一次月末结算起生效。', 'Applies from the next month-end settlement.'),
        roles: SUPERVISE,
        method: 'PUT',
        api: '/v1/campus/payroll-config',
        current: '/v1/campus/payroll-config',
        input: payrollInput,
        show: (x, r) => (
          <p>
            {w(x, 'baseWage')} {yuan(r.baseWage)}
          </p>
        ),
      },
    ],
    body: {
      roles: ROSTER_READERS,
      async render(x) {
        const res = await x.api('GET', '/v1/campus/workers');
        if (res.status !== 200) return <ProblemBox problem={res.body} />;
        const workers = z.array(workerRecord).parse(res.body.items ?? []);
        return (
          <>
            <h2>{w(x, 'roster')}</h2>
            <table>
              <tr>
                <th>{w(x, 'worker')}</th>
                <th>{w(x, 'signIn')}</th>
                <th>{w(x, 'qualified')}</th>
                <th>{w(x, 'contractUntil')}</th>
              </tr>
              {workers.map((k) => (
                <tr>
                  <td>
                    <a
                      href={`/console/campus/roster?${new URLSearchParams({ 'worker.path.id': k.sub, 'worker.name': k.name, 'worker.trainingDone': String(k.trainingDone), 'worker.examPassed': String(k.examPassed), 'worker.contractFrom': k.contractFrom, 'worker.contractUntil': k.contractUntil })}#worker`}
                    >
                      <bdi>{k.name}</bdi>
                    </a>
                  </td>
                  <td>{k.sub}</td>
                  <td>{k.trainingDone && k.examPassed ? x.t('yes') : x.t('no')}</td>
                  <td>{k.contractUntil}</td>
                </tr>
              ))}
            </table>
          </>
        );
      },
    },
  });

  return [...parcelPage, ...mailPage, ...returnsPage, ...directoryPage, ...rosterPage];
}
