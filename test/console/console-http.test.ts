/**
 * The console's protections over plain HTTP (no browser needed): sessions,
 * CSRF, sign-in from another site, double submission, acting on a stale
 * page, security headers — and the case figures its dashboard draws.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Visitor } from '../support/console.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;

const repairForm = { 'input.category': 'electrical', 'input.description': 'corridor light out', 'input.location.building': '7' };

async function desksCases(): Promise<string[]> {
  const res = await t.call('GET', '/v1/cases?limit=100', { token: await t.token(T, ['desk-agent'], 'desk-01') });
  return res.body.items.map((c: { id: string }) => c.id);
}

beforeAll(async () => {
  t = await createTestPlatform();
});

describe('console sessions and forms', () => {
  it('sends visitors without a session to sign in, and / to the console', async () => {
    const v = new Visitor(t);
    expect((await v.get('/')).location).toBe('/console');
    const res = await v.get('/console/cases');
    expect(res.status).toBe(302);
    expect(res.location).toBe('/console/login');
  });

  it('keeps the session in an HttpOnly, SameSite cookie scoped to /console, and refuses sign-in posted from another site', async () => {
    const v = new Visitor(t);
    const refused = await v.post('/console/login', { tenant: T, sub: 'desk-01' }, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers.getSetCookie()).toEqual([]);

    const ok = await v.signIn(T, 'desk-01');
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('onestop_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/console/);
    const page = await v.get('/console/cases');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.html).toContain('desk-01');
  });

  it('refuses a form without its CSRF token and writes nothing', async () => {
    const v = new Visitor(t);
    await v.signIn(T, 'resident-0101');
    const before = (await desksCases()).length;
    const page = await v.get('/console/cases/new?type=repair');
    const { _csrf, _key } = Visitor.hidden(page.html, '/console/cases/new?type=repair');
    expect(_csrf).toBeTruthy();

    expect((await v.post('/console/cases/new?type=repair', { ...repairForm, _key: _key! })).status).toBe(403);
    expect((await v.post('/console/cases/new?type=repair', { ...repairForm, _key: _key!, _csrf: `${_csrf!.slice(0, -2)}xx` })).status).toBe(403);
    expect((await desksCases()).length).toBe(before);
  });

  it('makes one case when the same form is submitted twice', async () => {
    const v = new Visitor(t);
    await v.signIn(T, 'resident-0101');
    const before = await desksCases();
    const fields = Visitor.hidden((await v.get('/console/cases/new?type=repair')).html, '/console/cases/new?type=repair');
    const first = await v.post('/console/cases/new?type=repair', { ...repairForm, ...fields });
    const second = await v.post('/console/cases/new?type=repair', { ...repairForm, ...fields });
    expect(first.status).toBe(303);
    expect(second.location).toBe(first.location);
    const after = await desksCases();
    expect(after.length).toBe(before.length + 1);
  });

  it('refuses an action taken on a page that has gone stale, and says so', async () => {
    const resident = await t.token(T, ['resident'], 'resident-0101');
    const created = await t.call('POST', '/v1/cases', {
      token: resident,
      body: { type: 'repair', input: { category: 'plumbing', description: 'sink blocked up', location: { building: '2' } } },
      headers: { 'idempotency-key': idem() },
    });
    const id = created.body.id as string;
    const v = new Visitor(t);
    await v.signIn(T, 'desk-01');
    const page = await v.get(`/console/cases/${id}`);
    const fields = Visitor.hidden(page.html, `/console/cases/${id}/actions/dispatch`);
    expect(fields._version).toBe('1');

    // Meanwhile the resident withdraws it.
    expect((await t.call('POST', `/v1/cases/${id}/transitions`, { token: resident, body: { action: 'withdraw' } })).status).toBe(200);

    const stale = await v.post(`/console/cases/${id}/actions/dispatch`, { ...fields, 'input.team': 'plumbing' });
    expect(stale.status).toBe(400);
    expect(stale.html).toMatch(/version 2, not 1/);
    const now = await t.call('GET', `/v1/cases/${id}`, { token: resident });
    expect(now.body.state).toBe('cancelled');
  });

  it('switches language and remembers it', async () => {
    const v = new Visitor(t);
    await v.signIn(T, 'desk-01');
    expect((await v.get('/console/cases')).html).toContain('工作队列');
    expect((await v.get('/console/cases?lang=en')).html).toContain('Work queue');
    expect((await v.get('/console/mailbox')).html).toContain('lang="en"');
  });
});

describe('console uploads', () => {
  it('imports an NCMS catalogue from an uploaded CSV file and reports the rows it refused', async () => {
    const v = new Visitor(t);
    await v.signIn('demo-ncms', 'office-01');
    const { _csrf } = Visitor.hidden((await v.get('/console/ncms/catalogue')).html, '/console/ncms/catalogue');
    const body = new FormData();
    body.set('_csrf', _csrf!);
    body.set(
      'file',
      new File(['code,name,kind,eligible\nD0100,阿莫西林 amoxicillin,drug,yes\nX1,bad row,gadget,yes\n'], 'catalogue.csv', { type: 'text/csv' }),
    );
    const res = await v.request('POST', '/console/ncms/catalogue', undefined, {}, body);
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/已导入: 1 · 退回行数: 1/);
    expect(res.html).toMatch(/#3: /);
  });
});

describe('campus counter sales', () => {
  it('takes an order at board prices, links its receipt, and records a resubmitted form once', async () => {
    const v = new Visitor(t);
    await v.signIn('demo-campus-post', 'worker-01');
    const fields = Visitor.hidden((await v.get('/console/campus/orders')).html, '/console/campus/orders');
    const form = { ...fields, 'qty.campus-envelope': '2', 'qty.postcard-custom': '1', payment: 'wechat' };
    const first = await v.post('/console/campus/orders', form);
    expect(first.status).toBe(200);
    expect(first.html).toContain('¥11.00'); // 2 × 3.00 + 5.00
    const receipt = /href="(\/console\/campus\/orders\/[^"]+\/receipt)"/.exec(first.html)![1]!;
    const second = await v.post('/console/campus/orders', form);
    expect(second.html).toContain(`href="${receipt}"`);
    const printed = await v.get(receipt);
    expect(printed.status).toBe(200);
    expect(printed.html).toContain('校园邮资封');

    const none = await v.post('/console/campus/orders', {
      ...Visitor.hidden((await v.get('/console/campus/orders')).html, '/console/campus/orders'),
      payment: 'cash',
    });
    expect(none.status).toBe(400);
    expect(none.html).toContain('role="alert"');
  });
});

describe('campus board editor', () => {
  it('adds a price with its effective time, refuses a malformed one beside its item, and the public board follows', async () => {
    const v = new Visitor(t);
    await v.signIn('demo-campus-post', 'supervisor');
    const page = await v.get('/console/campus/board');
    const { _csrf } = Visitor.hidden(page.html, '/console/campus/board');
    const withdrawn = Object.fromEntries(
      [...page.html.matchAll(/name="(withdrawn\.[\w-]+)" type="checkbox" value="true" checked=""/g)].map((m) => [m[1]!, 'true']),
    );

    const bad = await v.post('/console/campus/board', {
      _csrf: _csrf!,
      ...withdrawn,
      'price.campus-envelope': '3.5x',
      'from.campus-envelope': '2026-01-02T08:00',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/校园邮资封[\s\S]*?class="error"/);

    const ok = await v.post('/console/campus/board', {
      _csrf: _csrf!,
      ...withdrawn,
      'price.campus-envelope': '3.50',
      'from.campus-envelope': '2026-01-02T08:00',
    });
    expect(ok.status).toBe(200);
    const board = await t.call('GET', '/v1/public/boards/demo-campus-post');
    const items = board.body.lines.flatMap((l: { items: Array<{ id: string; price: string }> }) => l.items);
    expect(items.find((i: { id: string }) => i.id === 'campus-envelope').price).toBe('3.50');
    // The earlier price stays in the history: the stored board has both.
    const stored = await t.call('GET', '/v1/campus/board', { token: await t.token('demo-campus-post', ['supervisor'], 'supervisor') });
    const envelope = stored.body.lines.flatMap((l: { items: unknown[] }) => l.items).find((i: { id: string }) => i.id === 'campus-envelope');
    expect(envelope.prices.map((p: { amount: string }) => p.amount)).toEqual(['3.00', '3.50']);
    expect(envelope.prices[1].from).toBe('2026-01-02T00:00:00.000Z'); // 08:00 in Asia/Shanghai
  });
});

describe('dashboard', () => {
  it("charts the day's swept revenue by fund nature, exactly as the ledger has it", async () => {
    const tp = await createTestPlatform();
    const supervisor = await tp.token('demo-campus-post', ['supervisor', 'tenant-admin'], 'supervisor');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const run = await tp.settle(supervisor, today);
    expect(run.body.status).toBe('succeeded');
    const v = new Visitor(tp);
    await v.signIn('demo-campus-post', 'finance-region');
    const page = await v.get('/console?lang=en');
    expect(page.status).toBe(200);
    const row = new RegExp(`<td>${today.slice(5)}</td>((?:<td class="n">[^<]*</td>)+)`).exec(page.html)?.[1];
    // The demo deposits of the day, per fund nature (agency, distribution, ecommerce, periodicals, philately, postal).
    expect(row?.match(/¥[\d,.]+/g)).toEqual(['¥12,650.00', '¥1,500.00', '¥980.00', '¥432.00', '¥168.00', '¥13,227.90']);
  });
});

describe('case figures for the dashboard', () => {
  it('counts cases opened and closed per day, and those closed within their SLA', async () => {
    const tp = await createTestPlatform();
    const [resident, desk] = await Promise.all([tp.token(T, ['resident'], 'resident-0101'), tp.token(T, ['desk-agent'], 'desk-01')]);
    const before = await tp.call('GET', '/v1/cases/stats?days=7', { token: desk });
    expect(before.status).toBe(200);
    const today = (body: { days: Array<{ opened: number; closed: number; closedInSla: number }> }) => body.days.at(-1)!;
    const submit = async (description: string) =>
      (
        await tp.call('POST', '/v1/cases', {
          token: resident,
          body: { type: 'repair', input: { category: 'plumbing', description, location: { building: '1' } } },
          headers: { 'idempotency-key': idem() },
        })
      ).body.id as string;
    const ids = [await submit('tap dripping fast'), await submit('door lock broken'), await submit('window stuck shut')];
    await tp.call('POST', `/v1/cases/${ids[0]}/transitions`, { token: resident, body: { action: 'withdraw' } });

    const after = await tp.call('GET', '/v1/cases/stats?days=7', { token: desk });
    expect(after.body.days).toHaveLength(7);
    expect(today(after.body).opened - today(before.body).opened).toBe(3);
    expect(today(after.body).closed - today(before.body).closed).toBe(1);
    expect(today(after.body).closedInSla - today(before.body).closedInSla).toBe(1);
    expect(after.body.slaAttainment).toBe(100);

    // Figures are for staff: a resident is refused.
    expect((await tp.call('GET', '/v1/cases/stats', { token: resident })).status).toBe(403);
    expect((await tp.call('GET', '/v1/cases/stats?days=500', { token: desk })).status).toBe(400);
  });
});
