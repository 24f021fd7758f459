/**
 * The campus post office through the HTTP API: the public board, the parcel
 * lifecycle with its refusals, reminders on a controllable clock, door
 * delivery, mailbox delivery and subscriptions, orders whose takings reach
 * the ledger by fund nature, and payroll from counted pieces.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../shared/kernel/money.ts';
import { FUND_NATURE_OF, findItem } from '../../shared/kinds/campus-post/board/board.ts';
import { DEMO_BOARD } from '../../shared/kinds/campus-post/board/demo-board.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

const T = 'demo-campus-post';
let now = new Date('2026-11-02T02:00:00Z'); // a Monday, 10:00 in Shanghai
let t: TestPlatform;
let worker: string;
let supervisor: string;
let student: string;
let trackingSeq = 0;
const tracking = () => `TEST${String(++trackingSeq).padStart(10, '0')}`;

beforeAll(async () => {
  t = await createTestPlatform({ clock: () => now });
  worker = await t.token(T, ['student-worker'], 'worker-01');
  supervisor = await t.token(T, ['supervisor', 'tenant-admin'], 'supervisor');
  student = await t.token(T, ['customer'], 'student-2026001');
});

const checkIn = (body: Record<string, unknown>, token = worker) =>
  t.call('POST', '/v1/campus/parcels', { token, body: { carrier: '顺丰 SF', shelf: 'C-01', size: 'small', ...body } });
const mail = async (recipient: string) => {
  await t.platform.dispatcher.drain(T, 200);
  return (await t.call('GET', `/v1/mailbox?recipient=${encodeURIComponent(recipient)}&limit=100`, { token: supervisor })).body.items as Array<{
    subject: string;
    body: string;
    event: string;
  }>;
};

describe('the public board', () => {
  it('is readable without signing in, in Chinese, with eight service lines and decimal prices', async () => {
    const res = await t.call('GET', `/v1/public/boards/${T}`);
    expect(res.status).toBe(200);
    expect(res.body.title.zh).toBe('内蒙古大学校园邮政一站式服务点');
    expect(res.body.lines.map((l: { id: string }) => l.id)).toEqual([
      'letters',
      'parcels',
      'express',
      'periodicals',
      'savings',
      'philately',
      'delivery',
      'agency',
    ]);
    expect(res.body.lines.find((l: { id: string }) => l.id === 'philately').items[1]).toMatchObject({ name: { zh: '毕业纪念邮册' }, price: '128.00' });
    expect(res.body.phones).toEqual({ service: '0471-4992000', supervision: '0471-11185' });
    expect((await t.call('GET', '/v1/public/boards/demo-ncms')).status).toBe(404);
  });

  it('applies a price change from its effective time, never to an order already taken', async () => {
    const before = await t.call('POST', '/v1/campus/orders', { token: worker, body: { lines: [{ itemId: 'album-grad', quantity: 1 }], payment: 'wechat' } });
    expect(before.body.total).toBe('128.00');
    const board = structuredClone(DEMO_BOARD);
    findItem(board, 'album-grad')!.item.prices.push({ amount: '138.00', from: new Date(now.getTime() + 3600_000).toISOString() });
    expect((await t.call('PUT', '/v1/campus/board', { token: supervisor, body: board })).status).toBe(200);
    expect(
      (await t.call('POST', '/v1/campus/orders', { token: worker, body: { lines: [{ itemId: 'album-grad', quantity: 1 }], payment: 'cash' } })).body.total,
    ).toBe('128.00');
    now = new Date(now.getTime() + 2 * 3600_000);
    expect(
      (await t.call('POST', '/v1/campus/orders', { token: worker, body: { lines: [{ itemId: 'album-grad', quantity: 1 }], payment: 'cash' } })).body.total,
    ).toBe('138.00');
    expect((await t.call('GET', `/v1/campus/orders/${before.body.id}`, { token: supervisor })).body.total).toBe('128.00');
    findItem(board, 'ticket-fee')!.item.withdrawn = true;
    await t.call('PUT', '/v1/campus/board', { token: supervisor, body: board });
    const withdrawn = await t.call('POST', '/v1/campus/orders', { token: worker, body: { lines: [{ itemId: 'ticket-fee', quantity: 1 }], payment: 'cash' } });
    expect([withdrawn.status, withdrawn.body.errors[0].field]).toEqual([422, 'lines.0.itemId']);
  });
});

describe('parcels', () => {
  it('checks in, notifies with the code, and releases against code + last four digits, once', async () => {
    const parcel = await checkIn({ tracking: tracking(), recipient: { number: '2026001' } });
    expect(parcel.status).toBe(201);
    expect(parcel.body).toMatchObject({ status: 'waiting', recipientName: '张晓明' });
    expect(parcel.body.code).toMatch(/^\d{6}$/);
    const inbox = await mail('student-2026001');
    expect(inbox.some((m) => m.body.includes(parcel.body.code) && m.subject.includes('取件码'))).toBe(true);
    expect((await t.call('GET', '/v1/campus/my/parcels', { token: student })).body.items.map((p: { id: string }) => p.id)).toContain(parcel.body.id);

    expect((await t.call('POST', '/v1/campus/parcels/release', { token: worker, body: { code: parcel.body.code, last4: '0000' } })).status).toBe(422);
    const wrongCode = await t.call('POST', '/v1/campus/parcels/release', { token: worker, body: { code: '000000', last4: '1111' } });
    expect([wrongCode.status, wrongCode.body.detail]).toEqual([422, 'No parcel matches this code and verification.']);
    const released = await t.call('POST', '/v1/campus/parcels/release', {
      token: worker,
      body: { code: parcel.body.code, last4: '1111', proxy: { name: '室友 王强', authorization: '短信授权 SMS 11:02' } },
    });
    expect(released.status).toBe(200);
    expect(released.body.custody.at(-1)).toMatchObject({ action: 'released', by: 'worker-01', to: expect.stringContaining('代取') });
    expect((await t.call('POST', '/v1/campus/parcels/release', { token: worker, body: { code: parcel.body.code, last4: '1111' } })).status).toBe(422); // the code is free again
    const detail = await t.call('GET', `/v1/campus/parcels/${parcel.body.id}`, { token: supervisor });
    expect(detail.body.custody.map((c: { action: string }) => c.action)).toEqual(['checked-in', 'release-refused', 'released']);
  });

  it('refuses a duplicate tracking number, a worker without a passed exam, and locks after repeated failures', async () => {
    const number = tracking();
    const first = await checkIn({ tracking: number, recipient: { phone: '13700003333' } });
    const dup = await checkIn({ tracking: number, recipient: { phone: '13700003333' } });
    expect([dup.status, dup.body.type]).toEqual([409, '/problems/duplicate-tracking']);
    expect(dup.body.detail).toContain(first.body.id);
    const unqualified = await t.token(T, ['student-worker'], 'worker-02');
    expect((await checkIn({ tracking: tracking(), recipient: { phone: '13700003333' } }, unqualified)).status).toBe(403);
    // Four wrong tries leave the parcel releasable with the right digits; the fifth locks it.
    const second = await checkIn({ tracking: tracking(), recipient: { phone: '13700003333' } });
    for (let i = 0; i < 4; i++) await t.call('POST', '/v1/campus/parcels/release', { token: worker, body: { code: second.body.code, last4: '9999' } });
    const afterFour = await t.call('POST', '/v1/campus/parcels/release', { token: worker, body: { code: second.body.code, last4: '3333' } });
    expect([afterFour.status, afterFour.body.status]).toEqual([200, 'released']);
    for (let i = 0; i < 5; i++) await t.call('POST', '/v1/campus/parcels/release', { token: worker, body: { code: first.body.code, last4: '9999' } });
    const locked = await t.call('POST', '/v1/campus/parcels/release', { token: worker, body: { code: first.body.code, last4: '3333' } });
    expect([locked.status, locked.body.type]).toEqual([422, '/problems/parcel-locked']);
    expect((await mail('role:supervisor')).some((m) => m.event === 'parcel-locked')).toBe(true);
  });

  it('keeps a parcel for an unknown recipient as unclaimed and asks for a search', async () => {
    const res = await checkIn({ tracking: tracking(), recipient: { phone: '13600009999' } });
    expect([res.body.status, res.body.code]).toEqual(['unclaimed', undefined]);
    expect((await mail('role:supervisor')).some((m) => m.event === 'parcel-unclaimed')).toBe(true);
  });

  it('reminds at the configured ages and flags the parcel for return after the retention limit, each once', async () => {
    const start = new Date('2026-11-10T02:00:00Z');
    now = start;
    const parcel = await checkIn({ tracking: tracking(), recipient: { number: '2026001' } });
    const run = async (days: number) => {
      now = new Date(start.getTime() + days * 86_400_000);
      const date = now.toISOString().slice(0, 10);
      return t.settle(supervisor, date);
    };
    const remindersOf = async () => (await mail('student-2026001')).filter((m) => m.event === 'parcel-reminder' && m.body.includes(parcel.body.tracking));
    await run(1);
    expect(await remindersOf()).toHaveLength(0);
    await run(3);
    await run(4);
    expect(await remindersOf()).toHaveLength(1);
    await run(7);
    await run(14);
    const detail = await t.call('GET', `/v1/campus/parcels/${parcel.body.id}`, { token: supervisor });
    expect(detail.body).toMatchObject({ status: 'return-due', remindedDays: [3, 7] });
    expect((await mail('student-2026001')).filter((m) => m.event === 'parcel-return' && m.body.includes(parcel.body.tracking))).toHaveLength(1);
  }, 60_000);

  it('books door delivery into slots with capacity and records proof of delivery', async () => {
    now = new Date('2026-11-30T02:00:00Z');
    const date = '2026-12-01';
    const parcels = [];
    for (let i = 0; i < 9; i++) parcels.push((await checkIn({ tracking: tracking(), recipient: { phone: '13900002222' } })).body);
    expect(parcels[0].status).toBe('door-pending'); // this recipient prefers door delivery
    for (const p of parcels.slice(0, 8))
      expect((await t.call('POST', `/v1/campus/parcels/${p.id}/door-booking`, { token: worker, body: { date, slot: '18:00-19:00' } })).status).toBe(200);
    const full = await t.call('POST', `/v1/campus/parcels/${parcels[8].id}/door-booking`, { token: worker, body: { date, slot: '18:00-19:00' } });
    expect([full.status, full.body.type]).toEqual([409, '/problems/slot-full']);
    const delivered = await t.call('POST', `/v1/campus/parcels/${parcels[0].id}/door-delivery`, {
      token: worker,
      body: { receivedBy: '李娜', note: '宿舍门口签收' },
    });
    expect(delivered.body).toMatchObject({ status: 'delivered', door: { worker: 'worker-01' } });
    expect((await t.call('GET', `/v1/campus/parcels/${parcels[0].id}`, { token: student })).status).toBe(404); // not the student's parcel
  });
});

describe('mail, subscriptions and orders', () => {
  it('sorts ordinary mail into mailboxes and delivers each issue of a subscription to every subscriber', async () => {
    now = new Date('2026-11-03T02:00:00Z');
    const batch = await t.call('POST', '/v1/campus/mail-batches', {
      token: worker,
      body: {
        items: [
          { kind: 'letter', mailbox: '文科楼信箱17' },
          { kind: 'printed', mailbox: '桃李园A3-101' },
        ],
      },
    });
    expect([batch.status, batch.body.mailboxes]).toEqual([201, 2]);
    for (const personId of ['p-2026001', 'p-2026002']) {
      const sub = await t.call('POST', '/v1/campus/subscriptions', {
        token: worker,
        body: { personId, itemId: 'sub-reader', term: '2026-autumn', payment: 'wechat' },
      });
      expect(sub.body.order.total).toBe('48.00');
    }
    const issue = await t.call('POST', '/v1/campus/subscriptions/sub-reader/2026-autumn/issues', { token: worker, body: { issue: '2026年第22期' } });
    expect(issue.body.items.map((i: { mailbox: string }) => i.mailbox).sort()).toEqual(['桃李园A3-101', '桃李园B1-205']);
  });

  it('records a retried order once, and refuses a second subscription to the same term without charging it', async () => {
    now = new Date('2026-11-04T02:00:00Z');
    const key = `order-${Date.now()}`;
    const body = { lines: [{ itemId: 'stamp-80', quantity: 3 }], payment: 'cash' };
    const first = await t.call('POST', '/v1/campus/orders', { token: worker, body, headers: { 'idempotency-key': key } });
    const again = await t.call('POST', '/v1/campus/orders', { token: worker, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const changed = await t.call('POST', '/v1/campus/orders', { token: worker, body: { ...body, payment: 'card' }, headers: { 'idempotency-key': key } });
    expect(changed.status).toBe(422);

    const slip = async () => (await t.call('GET', '/v1/campus/payslips/2026-11/worker-01', { token: worker })).body.lines.length;
    const pieces = await slip();
    const twice = await t.call('POST', '/v1/campus/subscriptions', {
      token: worker,
      body: { personId: 'p-2026001', itemId: 'sub-reader', term: '2026-autumn', payment: 'wechat' },
    });
    expect([twice.status, twice.body.type]).toEqual([409, '/problems/already-subscribed']);
    expect(await slip()).toBe(pieces); // nothing was written: no order, no piece
  });

  it('charges the late fee of a rental returned after its due date', async () => {
    now = new Date('2026-11-03T02:00:00Z');
    const rent = await t.call('POST', '/v1/campus/orders', {
      token: worker,
      body: { customer: 'p-2026001', lines: [{ itemId: 'book-cet', quantity: 2 }], payment: 'cash' },
    });
    expect(rent.body.lines[0].dueOn).toBe('2026-11-17');
    now = new Date('2026-11-20T02:00:00Z');
    const back = await t.call('POST', `/v1/campus/orders/${rent.body.id}/return`, { token: worker });
    expect(back.body.lateFee.total).toBe('3.00'); // 3 days × 0.50 × 2 books
    const receipt = await t.call('GET', `/v1/campus/orders/${rent.body.id}/receipt`, { token: supervisor });
    expect(receipt.body).toContain('监督电话 0471-11185');
  });

  it('posts each day’s takings to the campus revenue account by fund nature, equal to the orders', async () => {
    const settledDays = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            item: fc.constantFrom('stamp-80', 'album-enrol', 'topup-50', 'sub-english', 'campus-envelope', 'ems-file'),
            qty: fc.integer({ min: 1, max: 5 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 27 }),
        async (orders, day) => {
          now = new Date(`2026-08-${String(day).padStart(2, '0')}T03:00:00Z`);
          const date = now.toISOString().slice(0, 10);
          // A settled day stays settled: each day is used once (whatever fund natures its orders had).
          if (settledDays.has(date)) return;
          settledDays.add(date);
          const expected = new Map<string, Dec>();
          for (const o of orders) {
            const res = await t.call('POST', '/v1/campus/orders', { token: worker, body: { lines: [{ itemId: o.item, quantity: o.qty }], payment: 'cash' } });
            const fund = FUND_NATURE_OF[findItem(DEMO_BOARD, o.item)!.line];
            expected.set(fund, (expected.get(fund) ?? new Dec(0)).plus(res.body.total));
          }
          const run = await t.settle(supervisor, date);
          expect(run.body.status).toBe('succeeded');
          for (const [fund, amount] of expected) {
            const entry = await t.platform.ledger.getEntry(T, `takings:${date}:${fund}`);
            expect([fund, entry?.legs[0]]).toEqual([
              fund,
              expect.objectContaining({ account: 'hhht-xc-campus:revenue', amount: amount.toFixed(2), dims: { [`${fund}|`]: amount.toFixed(2) } }),
            ]);
          }
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);
});

describe('student-worker payroll', () => {
  it('pays base wage plus every counted piece at its rate, posted at month end with a payslip', async () => {
    now = new Date('2026-09-10T02:00:00Z');
    const before = await t.call('GET', '/v1/campus/payslips/2026-09/worker-01', { token: worker });
    expect(before.body.total).toBe('600.00');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('checkin', 'order', 'batch'), { minLength: 1, maxLength: 6 }), async (work) => {
        const slipBefore = (await t.call('GET', '/v1/campus/payslips/2026-09/worker-01', { token: worker })).body;
        for (const w of work) {
          if (w === 'checkin') await checkIn({ tracking: tracking(), recipient: { phone: '13700003333' } });
          if (w === 'order')
            await t.call('POST', '/v1/campus/orders', { token: worker, body: { lines: [{ itemId: 'stamp-80', quantity: 1 }], payment: 'cash' } });
          if (w === 'batch') await t.call('POST', '/v1/campus/mail-batches', { token: worker, body: { items: [{ kind: 'letter', mailbox: 'M' }] } });
        }
        const slip = (await t.call('GET', '/v1/campus/payslips/2026-09/worker-01', { token: worker })).body;
        const rate = { checkin: '0.30', order: '0.50', batch: '2.00' } as const;
        const added = work.reduce((s, w) => s.plus(rate[w]), new Dec(0));
        expect(slip.total).toBe(new Dec(slipBefore.total).plus(added).toFixed(2));
        expect(slip.lines).toHaveLength(slipBefore.lines.length + work.length);
      }),
      { numRuns: 5 },
    );
    const slip = (await t.call('GET', '/v1/campus/payslips/2026-09/worker-01', { token: worker })).body;
    now = new Date('2026-09-30T17:00:00Z');
    await t.settle(supervisor, '2026-09-30');
    const entry = await t.platform.ledger.getEntry(T, 'payroll:2026-09:worker-01');
    expect(entry?.legs.map((l) => [l.account, l.amount])).toEqual([
      ['cost:wages', slip.total],
      ['payable:worker:worker-01', slip.total],
    ]);
    const runRecord = (await t.call('GET', '/v1/settlement-runs/2026-09-30', { token: supervisor })).body;
    expect(runRecord.steps.payroll.counts).toMatchObject({ payslips: 2 }); // both workers under contract this month
    expect((await mail('worker-01')).some((m) => m.event === 'payslip')).toBe(true);
    // Another worker's payslip is not theirs to read; a disputed line is recorded.
    expect((await t.call('GET', '/v1/campus/payslips/2026-09/worker-02', { token: worker })).status).toBe(404);
    expect(
      (await t.call('POST', '/v1/campus/payslips/2026-09/worker-01/disputes', { token: worker, body: { line: 1, reason: '这件不是我签收的' } })).status,
    ).toBe(201);
  }, 120_000);
});
