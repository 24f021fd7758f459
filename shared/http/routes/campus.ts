/**
 * Campus post office routes: the public board, directory, worker roster,
 * parcels, mailbox delivery, subscriptions, counter orders, payslips.
 * Students and teachers see their own parcels; staff see the counter's.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DateTime } from 'luxon';
import { html } from '../../kernel/html.ts';
import { payslip } from '../../modules/campus-post/daily.ts';
import { publicBoard } from '../../modules/campus-post/board.ts';
import { payrollSchema, personSchema, SLOTS, workerSchema, type CampusService, type Parcel } from '../../modules/campus-post/service.ts';
import type { Platform } from '../../platform/services.ts';
import { problems } from '../../kernel/problems.ts';
import { TENANT_ID_PATTERN } from '../../store/schema.ts';
import type { AppEnv } from '../../kit/env.ts';
import { commonErrors, guard, idempotencyHeader, json, writeErrors } from '../../kit/schemas.ts';

const SUPERVISE = ['supervisor', 'tenant-admin'];
const COUNTER = ['student-worker', 'supervisor', 'tenant-admin'];
const STAFF_READ = ['student-worker', 'supervisor', 'tenant-admin', 'auditor'];
const ROSTER = ['student-union', 'supervisor', 'tenant-admin'];
const anyJson = z.record(z.string(), z.unknown());
const IdParam = z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' } }) });
const payment = z.enum(['cash', 'wechat', 'alipay', 'card']);

/** What a recipient sees of their parcel: no chain of custody detail beyond what concerns them. */
const forRecipient = (p: Parcel) => ({ id: p.id, tracking: p.tracking, carrier: p.carrier, shelf: p.shelf, status: p.status, code: p.status === 'waiting' ? p.code : undefined, checkedInAt: p.checkedInAt, door: p.door, storageFee: p.storageFee });

export function campusRoutes(platform: Platform, campus: CampusService) {
  const app = new OpenAPIHono<AppEnv>();
  const t = (c: { get: (k: 'tenant') => AppEnv['Variables']['tenant'] }) => c.get('tenant')!.id;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/public/boards/{tenantId}',
      summary: 'The public service board: service lines with items and prices, opening hours, phones (no sign-in)',
      tags: ['campus'],
      request: { params: z.object({ tenantId: z.string().regex(TENANT_ID_PATTERN).openapi({ param: { name: 'tenantId', in: 'path' } }) }) },
      responses: { 200: json(anyJson, 'The board'), 404: commonErrors[404] },
    }),
    async (c) => {
      const tenantId = c.req.valid('param').tenantId;
      const tenant = await platform.tenants.get(tenantId);
      if (!tenant || tenant.kind !== 'campus-post') throw problems.notFound(`Board of ${tenantId}`);
      c.header('Cache-Control', 'public, max-age=60');
      return c.json(publicBoard(await campus.board(tenantId), new Date().toISOString()) as never, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/campus/board', summary: 'The board as stored: every item with its price history, withdrawn items included', ...guard('campus', SUPERVISE), responses: { 200: json(anyJson, 'Board'), ...commonErrors } }),
    async (c) => c.json((await campus.board(t(c))) as never, 200),
  );

  app.openapi(
    createRoute({ method: 'put', path: '/campus/board', summary: 'Replace the board (prices carry their effective times)', ...guard('campus', SUPERVISE), request: { body: { content: { 'application/json': { schema: anyJson } }, required: true } }, responses: { 200: json(anyJson, 'Board'), ...writeErrors } }),
    async (c) => c.json((await campus.putBoard(t(c), c.req.valid('json'))) as never, 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: '/campus/directory', summary: 'Add a person to the campus directory (phone kept masked; found by a blind index)', ...guard('campus', SUPERVISE), request: { body: { content: { 'application/json': { schema: personSchema } }, required: true } }, responses: { 201: json(anyJson, 'Person'), ...writeErrors } }),
    async (c) => c.json((await campus.addPerson(t(c), c.req.valid('json'))) as never, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campus/directory/lookup',
      summary: 'Find a recipient by phone or student/staff number',
      ...guard('campus', STAFF_READ),
      request: { query: z.object({ phone: z.string().max(20).optional().openapi({ param: { name: 'phone', in: 'query' } }), number: z.string().max(20).optional().openapi({ param: { name: 'number', in: 'query' } }) }) },
      responses: { 200: json(anyJson, 'Person'), ...commonErrors },
    }),
    async (c) => {
      const person = await campus.findPerson(t(c), c.req.valid('query'));
      if (!person) throw problems.notFound('Person');
      return c.json(person as never, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'put', path: '/campus/workers/{id}', summary: 'Put a student worker on the roster (training, exam, contract)', ...guard('campus', ROSTER), request: { params: IdParam, body: { content: { 'application/json': { schema: workerSchema.omit({ sub: true }) } }, required: true } }, responses: { 200: json(anyJson, 'Worker'), ...writeErrors } }),
    async (c) => c.json((await campus.putWorker(t(c), { ...c.req.valid('json'), sub: c.req.valid('param').id })) as never, 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/campus/workers', summary: 'The student-worker roster', ...guard('campus', [...ROSTER, 'auditor']), responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Roster'), ...commonErrors } }),
    async (c) => c.json({ items: (await campus.workers(t(c))) as never[] }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/parcels',
      summary: 'Check in a parcel: recipient from the directory, a pickup code issued, the recipient notified',
      ...guard('campus', COUNTER),
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                tracking: z.string().regex(/^[A-Za-z0-9]{6,30}$/, 'a carrier tracking number'),
                carrier: z.string().trim().min(1).max(30),
                recipient: z.strictObject({ phone: z.string().regex(/^1[3-9]\d{9}$/).optional(), number: z.string().max(20).optional() }).refine((r) => r.phone || r.number, 'give the phone or the student/staff number'),
                shelf: z.string().trim().min(1).max(20),
                size: z.enum(['small', 'medium', 'large']).default('small'),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(anyJson, 'Parcel'), ...writeErrors },
    }),
    async (c) => c.json((await campus.checkIn(t(c), c.get('actor')!, c.req.valid('json'))) as never, 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/parcels/release',
      summary: 'Release a parcel: pickup code + last four phone digits, optionally to an authorised proxy',
      ...guard('campus', COUNTER),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ code: z.string().max(10), last4: z.string().regex(/^\d{4}$/), proxy: z.strictObject({ name: z.string().trim().min(1).max(50), authorization: z.string().trim().min(1).max(100) }).optional() }) } }, required: true } },
      responses: { 200: json(anyJson, 'Released'), ...writeErrors },
    }),
    async (c) => c.json((await campus.release(t(c), c.get('actor')!, c.req.valid('json'))) as never, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/campus/parcels', summary: 'Parcels waiting at the counter (uncollected, unclaimed, locked, to return)', ...guard('campus', STAFF_READ), responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Parcels'), ...commonErrors } }),
    async (c) => c.json({ items: (await campus.uncollected(t(c))) as never[] }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/campus/my/parcels', summary: 'Your parcels, newest first', ...guard('campus', ['customer']), responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Parcels'), ...commonErrors } }),
    async (c) => {
      const person = await campus.personOfSub(t(c), c.get('actor')!.sub);
      return c.json({ items: person ? ((await campus.parcelsOf(t(c), person.id)).map(forRecipient) as never[]) : [] }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/campus/parcels/{id}', summary: 'A parcel with its chain of custody (staff), or its status (its recipient)', ...guard('campus', [...STAFF_READ, 'customer']), request: { params: IdParam }, responses: { 200: json(anyJson, 'Parcel'), ...commonErrors } }),
    async (c) => {
      const parcel = await campus.parcel(t(c), c.req.valid('param').id);
      const actor = c.get('actor')!;
      if (actor.roles.some((r) => STAFF_READ.includes(r))) return c.json(parcel as never, 200);
      const me = await campus.personOfSub(t(c), actor.sub);
      if (!me || me.id !== parcel.recipientId) throw problems.notFound(`Parcel ${parcel.id}`);
      return c.json(forRecipient(parcel) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/parcels/{id}/door-booking',
      summary: `Book door delivery in a slot (${SLOTS.join(', ')}); full slots are refused`,
      ...guard('campus', [...COUNTER, 'customer']),
      request: { params: IdParam, body: { content: { 'application/json': { schema: z.strictObject({ date: z.iso.date(), slot: z.string().max(20) }) } }, required: true } },
      responses: { 200: json(anyJson, 'Booked'), ...writeErrors },
    }),
    async (c) => {
      const actor = c.get('actor')!;
      if (!actor.roles.some((r) => COUNTER.includes(r))) {
        const me = await campus.personOfSub(t(c), actor.sub);
        const parcel = await campus.parcel(t(c), c.req.valid('param').id);
        if (!me || me.id !== parcel.recipientId) throw problems.notFound(`Parcel ${parcel.id}`);
      }
      const { date, slot } = c.req.valid('json');
      const booked = await campus.bookDoorDelivery(t(c), c.req.valid('param').id, date, slot);
      return c.json((actor.roles.includes('customer') ? forRecipient(booked) : booked) as never, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/campus/parcels/{id}/door-delivery', summary: 'Proof of door delivery', ...guard('campus', COUNTER), request: { params: IdParam, body: { content: { 'application/json': { schema: z.strictObject({ receivedBy: z.string().trim().min(1).max(50), note: z.string().max(200).optional() }) } }, required: true } }, responses: { 200: json(anyJson, 'Delivered'), ...writeErrors } }),
    async (c) => c.json((await campus.deliverToDoor(t(c), c.get('actor')!, c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/mail-batches',
      summary: 'Record a batch of letters, periodicals and printed matter sorted into mailboxes (插箱投递)',
      ...guard('campus', COUNTER),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ items: z.array(z.strictObject({ kind: z.enum(['letter', 'periodical', 'printed']), mailbox: z.string().trim().min(1).max(40), title: z.string().max(100).optional() })).min(1).max(2000) }) } }, required: true } },
      responses: { 201: json(anyJson, 'Batch'), ...writeErrors },
    }),
    async (c) => c.json((await campus.sortMail(t(c), c.get('actor')!, c.req.valid('json').items)) as never, 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/subscriptions',
      summary: 'Subscribe a student to a periodical for a term (paid at the counter)',
      ...guard('campus', COUNTER),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ personId: z.string().max(40), itemId: z.string().max(40), term: z.string().regex(/^\d{4}-(spring|autumn)$/, 'a term such as 2026-autumn'), payment }) } }, required: true } },
      responses: { 201: json(anyJson, 'Subscribed'), ...writeErrors },
    }),
    async (c) => c.json((await campus.subscribe(t(c), c.get('actor')!, c.req.valid('json'))) as never, 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/subscriptions/{itemId}/{term}/issues',
      summary: 'An issue arrived: sort a copy into every subscriber’s mailbox',
      ...guard('campus', COUNTER),
      request: { params: z.object({ itemId: z.string().max(40).openapi({ param: { name: 'itemId', in: 'path' } }), term: z.string().max(20).openapi({ param: { name: 'term', in: 'path' } }) }), body: { content: { 'application/json': { schema: z.strictObject({ issue: z.string().trim().min(1).max(40) }) } }, required: true } },
      responses: { 201: json(anyJson, 'Batch'), ...writeErrors },
    }),
    async (c) => c.json((await campus.issueArrived(t(c), c.get('actor')!, c.req.valid('param').itemId, c.req.valid('param').term, c.req.valid('json').issue)) as never, 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/orders',
      summary: 'A counter order at today’s board prices (stamps, albums, postcards, books and discs for sale or rent, top-ups, tickets)',
      ...guard('campus', COUNTER),
      request: {
        headers: idempotencyHeader(false),
        body: { content: { 'application/json': { schema: z.strictObject({ customer: z.string().max(40).optional(), lines: z.array(z.strictObject({ itemId: z.string().max(40), quantity: z.number().int().min(1).max(999) })).min(1).max(50), payment }) } }, required: true },
      },
      responses: { 201: json(anyJson, 'Order'), ...writeErrors },
    }),
    async (c) => {
      const out = await campus.order(t(c), c.get('actor')!, c.req.valid('json'), c.req.valid('header')['idempotency-key']);
      if (out.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(out.body as never, 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/campus/orders/{id}', summary: 'An order', ...guard('campus', STAFF_READ), request: { params: IdParam }, responses: { 200: json(anyJson, 'Order'), ...commonErrors } }),
    async (c) => c.json((await campus.getOrder(t(c), c.req.valid('param').id)) as never, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/campus/orders/{id}/receipt', summary: 'A printable receipt', ...guard('campus', STAFF_READ), request: { params: IdParam }, responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Receipt' }, ...commonErrors } }),
    async (c) => {
      const o = await campus.getOrder(t(c), c.req.valid('param').id);
      const board = await campus.board(t(c));
      const rows = o.lines.map((l) => html`<tr><td>${l.name}</td><td>${l.quantity}</td><td>¥${l.unitPrice}</td><td>¥${l.amount}</td><td>${l.dueOn ?? ''}</td></tr>`);
      const paidAt = DateTime.fromISO(o.paidAt).setZone(c.get('tenant')!.calendar.timeZone).toFormat('yyyy-MM-dd HH:mm');
      return c.html(
        html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>收据 ${o.id}</title><style>body{font:14px system-ui,sans-serif;max-width:560px;margin:1rem auto}table{width:100%;border-collapse:collapse}td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left}</style></head><body><h1>${board.title.zh} 收据 Receipt</h1><p>${o.id} · ${paidAt} · ${o.payment}</p><table><tr><th>项目 Item</th><th>数量 Qty</th><th>单价 Price</th><th>金额 Amount</th><th>归还 Due</th></tr>${rows}</table><p><strong>合计 Total ¥${o.total}</strong></p><p>服务电话 ${board.phones.service} · 监督电话 ${board.phones.supervision}</p></body></html>`,
        200,
      );
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/campus/orders/{id}/return', summary: 'Return a rental; late days are charged', ...guard('campus', COUNTER), request: { params: IdParam }, responses: { 200: json(anyJson, 'Returned'), ...writeErrors } }),
    async (c) => c.json((await campus.returnRental(t(c), c.get('actor')!, c.req.valid('param').id)) as never, 200),
  );

  app.openapi(
    createRoute({ method: 'put', path: '/campus/payroll-config', summary: 'Base wage and piece rates per work type', ...guard('campus', SUPERVISE), request: { body: { content: { 'application/json': { schema: payrollSchema } }, required: true } }, responses: { 200: json(anyJson, 'Config'), ...writeErrors } }),
    async (c) => c.json((await campus.setPayrollConfig(t(c), c.req.valid('json'))) as never, 200),
  );

  const slipParams = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ param: { name: 'month', in: 'path' } }), worker: z.string().max(100).openapi({ param: { name: 'worker', in: 'path' } }) });
  const mayReadSlip = (c: { get: (k: 'actor') => AppEnv['Variables']['actor'] }, worker: string) => {
    const actor = c.get('actor')!;
    if (actor.sub !== worker && !actor.roles.some((r) => [...ROSTER, 'auditor'].includes(r))) throw problems.notFound(`Payslip of ${worker}`);
  };

  app.openapi(
    createRoute({ method: 'get', path: '/campus/payslips/{month}/{worker}', summary: 'A worker’s payslip: base wage and every counted piece', ...guard('campus', [...ROSTER, 'student-worker', 'auditor']), request: { params: slipParams }, responses: { 200: json(anyJson, 'Payslip'), ...commonErrors } }),
    async (c) => {
      const { month, worker } = c.req.valid('param');
      mayReadSlip(c, worker);
      return c.json((await payslip(campus.m, t(c), month, worker)) as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campus/payslips/{month}/{worker}/disputes',
      summary: 'Dispute a payslip line',
      ...guard('campus', ['student-worker', ...ROSTER]),
      request: { params: slipParams, body: { content: { 'application/json': { schema: z.strictObject({ line: z.number().int().min(0), reason: z.string().trim().min(2).max(500) }) } }, required: true } },
      responses: { 201: json(anyJson, 'Dispute'), ...writeErrors },
    }),
    async (c) => {
      const { month, worker } = c.req.valid('param');
      mayReadSlip(c, worker);
      const dispute = { ...c.req.valid('json'), by: c.get('actor')!.sub, at: new Date().toISOString(), status: 'open' };
      await campus.m.store.put({ ...campus.m.key(t(c), ['DISPUTES', month, worker], `${dispute.at}#${dispute.line}`), entity: 'campus-dispute', dispute });
      return c.json(dispute as never, 201);
    },
  );

  return app;
}
