/**
 * The campus post office's pages for the public and for students: the
 * service board anyone may open (no sign-in), and a student's own parcels
 * with the pickup code they need at the counter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Visitor } from '../support/console.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

const T = 'demo-campus-post';
let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
}, 60_000);

describe('the public service board', () => {
  it('opens without signing in, with current prices and hours, in either language', async () => {
    const zh = await t.app.request(`http://x/console/public/campus/boards/${T}`);
    expect(zh.status).toBe(200);
    const page = await zh.text();
    expect(page).toContain('毕业纪念邮册');
    expect(page).toContain('¥128.00');
    const en = await (await t.app.request(`http://x/console/public/campus/boards/${T}?lang=en`)).text();
    expect(en).toContain('<html lang="en"');
  });

  it('is a not-found page for a tenant that has none', async () => {
    expect((await t.app.request('http://x/console/public/campus/boards/demo-ncms')).status).toBe(404);
    expect((await t.app.request('http://x/console/public/campus/boards/no-such-office')).status).toBe(404);
  });
});

describe('a student’s parcels', () => {
  it('shows their own parcel with its pickup code, and nobody else’s', async () => {
    const worker = await t.token(T, ['student-worker'], 'worker-01');
    const tracking = `SF${Date.now()}`;
    const parcel = await t.call('POST', '/v1/campus/parcels', {
      token: worker,
      body: { tracking, carrier: '顺丰 SF', shelf: 'B-02', size: 'small', recipient: { number: '2026001' } },
      headers: { 'idempotency-key': idem() },
    });
    expect(parcel.status).toBe(201);
    const v = new Visitor(t);
    await v.signIn(T, 'student-2026001');
    const home = await v.get('/console');
    expect(home.html).toContain('href="/console/campus/my-parcels"');
    const mine = await v.get('/console/campus/my-parcels');
    expect(mine.status).toBe(200);
    expect(mine.html).toContain(tracking);
    expect(mine.html).toContain(parcel.body.code);
    expect(mine.html).toContain('待取');

    // A worker is not a customer: the page is not theirs.
    const staff = new Visitor(t);
    await staff.signIn(T, 'worker-01');
    expect((await staff.get('/console/campus/my-parcels')).status).toBe(404);
  });
});
