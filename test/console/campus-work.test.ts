/**
 * The campus counter's work on screen, through the console as a worker, a
 * supervisor and a student would do it: a van's parcels checked in as one
 * batch, a parcel found by phone or shelf, door delivery booked and proved
 * on the parcel's page, mail and periodical issues sorted into mailboxes, a
 * rental returned late, the directory, the roster and the pay rates, and
 * the board's phones and opening hours. Each card posts to the API as the
 * user; what the API refuses comes back beside the field that caused it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { textNodes, Visitor } from '../support/console.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

const T = 'demo-campus-post';
let now = new Date('2026-11-30T02:00:00Z'); // a Monday, 10:00 in Shanghai
let t: TestPlatform;
let worker: Visitor;
let supervisor: Visitor;
let seq = 0;
const tracking = () => `CW${Date.now()}${++seq}`;

beforeAll(async () => {
  t = await createTestPlatform({ clock: () => now });
  worker = new Visitor(t);
  await worker.signIn(T, 'worker-01');
  supervisor = new Visitor(t);
  await supervisor.signIn(T, 'supervisor');
}, 60_000);

const text = (html: string) => textNodes(html).join(' ');

describe('the parcel counter', () => {
  it('checks in a batch line by line, keeps the refused line to fix, and finds parcels by phone, shelf and tracking', async () => {
    const [a, b] = [tracking(), tracking()];
    const res = await worker.submit('/console/campus/parcels', '/console/campus/parcels/check-in-batch', {
      lines: [`${a}, 顺丰 SF, 13900002222, Z-01, medium`, `${b}，圆通 YTO，2026001，Z-02`, 'bad!, 顺丰, 2026001, Z-03'].join('\n'),
    });
    expect(res.status).toBe(200);
    const items = [...res.html.matchAll(/<li class="(ok|problem)">([\s\S]*?)<\/li>/g)].map((m) => [m[1], m[2]]);
    expect(items.map((i) => i[0])).toEqual(['ok', 'ok', 'problem']);
    expect(items[2]![1]).toContain('运单号');
    // Only the refused line stays in the box, to be corrected and sent again.
    expect(/<textarea[^>]*name="lines"[^>]*>([\s\S]*?)<\/textarea>/.exec(res.html)![1]!.trim()).toBe('bad!, 顺丰, 2026001, Z-03');

    const byPhone = await worker.get('/console/campus/parcels?q=13900002222');
    expect(byPhone.html).toContain(a);
    expect(byPhone.html).not.toContain(b);
    const byShelf = await worker.get('/console/campus/parcels?q=z-02');
    expect(byShelf.html).toContain(b);
    expect(byShelf.html).not.toContain(a);
    const byTracking = await worker.get(`/console/campus/parcels?q=${a.slice(-6)}`);
    expect(byTracking.html).toContain(a);
  });

  it('pages the counter’s parcels through the API with a cursor, each once', async () => {
    const token = await t.token(T, ['student-worker'], 'worker-01');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.call('GET', `/v1/campus/parcels?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    const all = (await t.call('GET', '/v1/campus/parcels?limit=100', { token })).body.items.map((p: { id: string }) => p.id);
    expect(seen).toEqual(all);
    expect(pages).toBeGreaterThan(1);
    expect((await t.call('GET', '/v1/campus/parcels?cursor=forged', { token })).status).toBe(400);
  });
});

describe('door delivery on the parcel’s page', () => {
  it('is booked by the student for their own parcel, and proved by the worker with who received it', async () => {
    const token = await t.token(T, ['student-worker'], 'worker-01');
    const p = (
      await t.call('POST', '/v1/campus/parcels', {
        token,
        body: { tracking: tracking(), carrier: '顺丰 SF', shelf: 'D-01', size: 'large', recipient: { number: '2026001' } },
      })
    ).body;
    const student = new Visitor(t);
    await student.signIn(T, 'student-2026001');
    const mine = await student.get('/console/campus/my-parcels');
    expect(mine.html).toContain(`/console/campus/parcels/${p.id}#book-door`);
    const page = `/console/campus/parcels/${p.id}`;
    const own = await student.get(page);
    expect(own.status).toBe(200);
    expect(own.html).toContain('id="book-door"');
    expect(own.html).not.toContain('id="deliver"'); // proof of delivery is the worker's

    const past = await student.submit(page, `${page}/do/book-door`, { date: '2026-11-01', slot: '18:00-19:00' });
    expect(past.status).toBe(400);
    expect(past.html).toContain('id="f-date-error"');
    const booked = await student.submit(page, `${page}/do/book-door`, { date: '2026-12-01', slot: '18:00-19:00' });
    expect(booked.status).toBe(200);
    expect(text(booked.html)).toContain('待送货上门');
    // Moved to another slot, the place it held is given back: the first slot still takes its full eight.
    expect((await student.submit(page, `${page}/do/book-door`, { date: '2026-12-01', slot: '12:00-13:00' })).status).toBe(200);
    for (let i = 0; i < 8; i++) {
      const other = (
        await t.call('POST', '/v1/campus/parcels', {
          token,
          body: { tracking: tracking(), carrier: '顺丰 SF', shelf: 'E-01', size: 'small', recipient: { number: '2026002' } },
        })
      ).body;
      const res = await t.call('POST', `/v1/campus/parcels/${other.id}/door-booking`, { token, body: { date: '2026-12-01', slot: '18:00-19:00' } });
      expect(res.status, `booking ${i + 1} of 8`).toBe(200);
    }
    expect((await student.submit(page, `${page}/do/book-door`, { date: '2026-12-01', slot: '18:00-19:00' })).status).toBe(400); // full
    expect((await student.submit(page, `${page}/do/book-door`, { date: '2026-12-01', slot: '12:00-13:00' })).status).toBe(200); // the same again: unchanged

    // Somebody else's parcel is not theirs to see or book.
    const theirs = (
      await t.call('POST', '/v1/campus/parcels', {
        token,
        body: { tracking: tracking(), carrier: '顺丰 SF', shelf: 'D-02', size: 'small', recipient: { number: 'T1001' } },
      })
    ).body;
    const refused = await student.submit(`/console/campus/parcels/${theirs.id}`, `/console/campus/parcels/${theirs.id}/do/book-door`, {
      date: '2026-12-01',
      slot: '18:00-19:00',
    });
    expect(refused.status).toBe(404);
    expect(refused.html).not.toContain('T1001');

    const empty = await worker.submit(page, `${page}/do/deliver`, { receivedBy: '' });
    expect(empty.status).toBe(400);
    const done = await worker.submit(page, `${page}/do/deliver`, { receivedBy: '张晓明本人', note: '宿舍楼下' });
    expect(done.status).toBe(200);
    const after = await worker.get(page);
    expect(text(after.html)).toContain('已送达');
    const api = await t.call('GET', `/v1/campus/parcels/${p.id}`, { token });
    expect(api.body.status).toBe('delivered');
    expect(api.body.custody.at(-1)).toMatchObject({ action: 'delivered', to: '张晓明本人' });
  });
});

describe('mail and periodicals', () => {
  it('sorts a batch into mailboxes, subscribes a student, and files an arrived issue for every subscriber', async () => {
    const page = '/console/campus/mail';
    const sorted = await worker.submit(page, `${page}/do/sort`, {
      'items.0.kind': 'letter',
      'items.0.mailbox': '文科楼信箱17',
      'items.1.kind': 'printed',
      'items.1.mailbox': '桃李园A3-101',
      'items.1.title': '校报',
    });
    expect(sorted.status).toBe(200);
    expect(text(sorted.html)).toMatch(/已登记投递批次: 2 件 · 2 个信箱/);

    const bad = await worker.submit(page, `${page}/do/subscribe`, { personId: 'p-2026002', itemId: 'sub-english', term: 'autumn', payment: 'cash' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="f-term-error"');
    const sub = await worker.submit(page, `${page}/do/subscribe`, { personId: 'p-2026002', itemId: 'sub-english', term: '2026-autumn', payment: 'cash' });
    expect(sub.status).toBe(200);
    expect(text(sub.html)).toContain('¥36.00');
    expect(sub.html).toMatch(/\/console\/campus\/orders\/[^/]+\/receipt/);

    const issue = await worker.submit(page, `${page}/do/issue`, { 'path.itemId': 'sub-english', 'path.term': '2026-autumn', issue: '第48期' });
    expect(issue.status).toBe(200);
    expect(text(issue.html)).toMatch(/已登记投递批次: 1 件 · 1 个信箱/);
    // The same issue again (a refresh, a second clerk) is refused: nobody gets two copies, nobody is paid twice.
    const twice = await worker.submit(page, `${page}/do/issue`, { 'path.itemId': 'sub-english', 'path.term': '2026-autumn', issue: '第48期' });
    expect(twice.status).toBe(400);
    expect(text(twice.html)).toContain('sub-english 2026-autumn 第48期 已投递过');

    // A counter batch sent twice with its form's key is recorded once.
    const token = await t.token(T, ['student-worker'], 'worker-01');
    const body = { items: [{ kind: 'letter', mailbox: '文科楼信箱17' }] };
    const key = `batch-${Date.now()}`;
    const first = await t.call('POST', '/v1/campus/mail-batches', { token, body, headers: { 'idempotency-key': key } });
    const second = await t.call('POST', '/v1/campus/mail-batches', { token, body, headers: { 'idempotency-key': key } });
    expect([second.status, second.body.id, second.body.detail]).toEqual([201, first.body.id, undefined]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('rental returns', () => {
  it('returns a rental by its order number and charges the late days', async () => {
    const token = await t.token(T, ['student-worker'], 'worker-01');
    const rent = await t.call('POST', '/v1/campus/orders', {
      token,
      body: { customer: 'p-2026001', lines: [{ itemId: 'book-cet', quantity: 1 }], payment: 'cash' },
    });
    expect(rent.status).toBe(201);
    now = new Date('2026-12-16T02:00:00Z'); // due 12-14: two days late
    try {
      const unknown = await worker.submit('/console/campus/returns', '/console/campus/returns/do/return', { 'path.id': 'NO-SUCH-ORDER' });
      expect(unknown.status).toBe(404);
      const back = await worker.submit('/console/campus/returns', '/console/campus/returns/do/return', { 'path.id': rent.body.id });
      expect(back.status).toBe(200);
      expect(text(back.html)).toContain('逾期费 ¥1.00');
    } finally {
      now = new Date('2026-11-30T02:00:00Z');
    }
  });
});

describe('the directory, the roster and the pay rates', () => {
  it('finds a recipient by number for a worker, and lets only the supervisor add one', async () => {
    const found = await worker.submit('/console/campus/directory', '/console/campus/directory/do/lookup', { number: '2026002' });
    expect(found.status).toBe(200);
    expect(found.html).toContain('李娜');
    expect(text(found.html)).toContain('送货上门');
    expect(found.html).not.toContain('13900002222'); // the phone stays masked
    expect((await worker.get('/console/campus/directory')).html).not.toContain('id="add"');

    const added = await supervisor.submit('/console/campus/directory', '/console/campus/directory/do/add', {
      id: 'p-2026777',
      name: '周新生',
      phone: '13600007777',
      number: '2026777',
      mailbox: '桃李园C2-301',
      preferredDelivery: 'pickup',
      'consent.notify': 'true',
    });
    expect(added.status).toBe(200);
    const again = await worker.submit('/console/campus/directory', '/console/campus/directory/do/lookup', { phone: '13600007777' });
    expect(again.html).toContain('周新生');

    // An unticked box is a no: a recipient who declines notices is saved as declining, not given the default.
    const declined = await supervisor.submit('/console/campus/directory', '/console/campus/directory/do/add', {
      id: 'p-2026778',
      name: '吴不扰',
      phone: '13600007778',
      number: '2026778',
      mailbox: '桃李园C2-302',
      preferredDelivery: 'pickup',
    });
    expect(declined.status).toBe(200);
    const token = await t.token(T, ['student-worker'], 'worker-01');
    expect((await t.call('GET', '/v1/campus/directory/lookup?number=2026778', { token })).body.consent).toEqual({ notify: false });
  });

  it('edits a worker from the roster and changes the rates from the ones in force', async () => {
    const roster = await supervisor.get('/console/campus/roster');
    expect(roster.html).toContain('钱工');
    // The rates card starts from the rates in force.
    expect(roster.html).toMatch(/name="baseWage"[^>]*value="600.00"/);
    const rates = await supervisor.submit('/console/campus/roster', '/console/campus/roster/do/rates', {
      baseWage: '650.00',
      'rates.checkin': '0.35',
      'rates.release': '0.20',
      'rates.mail-batch': '2.00',
      'rates.door-delivery': '3.00',
      'rates.counter-order': '0.50',
    });
    expect(rates.status).toBe(200);
    const token = await t.token(T, ['supervisor', 'tenant-admin'], 'supervisor');
    expect((await t.call('GET', '/v1/campus/payroll-config', { token })).body).toMatchObject({ baseWage: '650.00', rates: { checkin: '0.35' } });

    const passed = await supervisor.submit('/console/campus/roster', '/console/campus/roster/do/worker', {
      'path.id': 'worker-02',
      name: '钱工',
      trainingDone: 'true',
      examPassed: 'true',
      contractFrom: '2026-01-01',
      contractUntil: '2026-12-31',
    });
    expect(passed.status).toBe(200);
    const workers = (await t.call('GET', '/v1/campus/workers', { token })).body.items;
    expect(workers.find((w: { sub: string }) => w.sub === 'worker-02')).toMatchObject({ examPassed: true });
    // A worker sees neither card nor the page.
    expect((await worker.get('/console/campus/roster')).status).toBe(404);
  });

  it('changes the board’s phones and opening hours, shown on the public board', async () => {
    const page = await supervisor.get('/console/campus/board');
    const fields = Object.fromEntries(
      [...page.html.matchAll(/<input[^>]*name="((?:hours|phones)\.[^"]+)"[^>]*value="([^"]*)"/g)]
        .filter((m) => !m[0].includes('type="checkbox"'))
        .map((m) => [m[1]!, m[2]!]),
    );
    const saved = await supervisor.post('/console/campus/board', {
      ...Visitor.hidden(page.html, '/console/campus/board'),
      ...fields,
      'phones.service': '0471-6660000',
      'hours.regular.9.days.zh': '周日',
      'hours.regular.9.open': '10:00',
      'hours.regular.9.close': '12:00',
    });
    expect(saved.status).toBe(200);
    const board = await (await t.app.request(`http://x/console/public/campus/boards/${T}`)).text();
    expect(board).toContain('0471-6660000');
    expect(board).toContain('周日 10:00–12:00');
  });
});
