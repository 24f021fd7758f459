/**
 * The campus counter's and the postal finance's work in real Chromium: a
 * student books door delivery of their parcel and the worker records who
 * received it; a periodical subscription whose issue is sorted into the
 * subscriber's mailbox as a batch; expected revenue set, a deposit made by
 * the campus's finance, the nightly run started from the console, and the
 * difference read on the reconciliation page with its CSV.
 */
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleSession, screenshot, screenshotOnFailure, signIn } from './browser.ts';

const CAMPUS = 'demo-campus-post';
const today = DateTime.now().setZone('Asia/Shanghai');

describe.skipIf(!chromiumPath)('counter and finance work in a real browser', { timeout: 120_000 }, () => {
  let s: Awaited<ReturnType<typeof consoleSession>>;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    s = await consoleSession('work');
    ({ page, base } = s);
  }, 60_000);
  afterAll(async () => s?.close());

  it('books a door delivery from “my parcels” and records its proof at the counter', async () => {
    screenshotOnFailure(() => page, 'door-delivery');
    await signIn(page, base, CAMPUS, 'student-2026001');
    await page.goto(`${base}/console/campus/my-parcels`);
    await page.locator('section.card', { hasText: 'SF1234567890' }).getByRole('link', { name: '预约送货上门' }).click();
    await page.waitForURL(/\/console\/campus\/parcels\/[^/]+#book-door$/);
    const parcelUrl = page.url().replace(/#.*$/, '');
    expect(await page.locator('form#deliver').count()).toBe(0);
    await page.fill('#book-door #f-date', today.plus({ days: 1 }).toISODate()!);
    await page.selectOption('#book-door #f-slot', '18:00-19:00');
    await page.click('#book-door button[type=submit]');
    await expect(page.locator('#book-door [role=status]').textContent()).resolves.toContain('待送货上门');

    await signIn(page, base, CAMPUS, 'worker-01');
    await page.goto(parcelUrl);
    // Who received it must be named: the browser asks before anything is sent.
    expect(await page.locator('#deliver #f-receivedBy').getAttribute('required')).not.toBeNull();
    await page.fill('#deliver #f-receivedBy', '张晓明');
    await page.fill('#deliver #f-note', '宿舍楼下交付');
    await page.click('#deliver button[type=submit]');
    await expect(page.locator('#deliver [role=status]').textContent()).resolves.toContain('已送达');
    await page.goto(parcelUrl);
    expect(await page.locator('ol.timeline').textContent()).toContain('送达');
    await screenshot(page, 'campus-parcel-delivered');
  });

  it('finds a parcel at the counter by the recipient’s phone typed in full', async () => {
    screenshotOnFailure(() => page, 'parcel-search');
    await signIn(page, base, CAMPUS, 'worker-01');
    await page.goto(`${base}/console/campus/parcels`);
    await page.fill('#f-q', '13900002222');
    await page.click('form[aria-label="查询"] button');
    await page.waitForURL(/\?q=13900002222/);
    const rows = await page.locator('table tr').allTextContents();
    expect(rows.some((r) => r.includes('YT9876543210'))).toBe(true);
    expect(rows.some((r) => r.includes('SF1234567890'))).toBe(false);
  });

  it('sorts a subscribed periodical’s issue into the subscriber’s mailbox as one batch', async () => {
    screenshotOnFailure(() => page, 'subscription-issue');
    await signIn(page, base, CAMPUS, 'worker-01');
    await page.goto(`${base}/console/campus/mail`);
    const term = `${today.year}-autumn`;
    await page.fill('#subscribe #f-personId', 'p-2026001');
    await page.fill('#subscribe #f-itemId', 'sub-english');
    await page.fill('#subscribe #f-term', term);
    await page.selectOption('#subscribe #f-payment', 'wechat');
    await page.click('#subscribe button[type=submit]');
    await expect(page.locator('#subscribe [role=status]').textContent()).resolves.toContain('¥36.00');

    await page.fill('#issue #f-path-itemId', 'sub-english');
    await page.fill('#issue #f-path-term', term);
    await page.fill('#issue #f-issue', '第1期');
    await page.click('#issue button[type=submit]');
    const outcome = await page.locator('#issue [role=status]').textContent();
    expect(outcome).toContain('已登记投递批次');
    expect(outcome).toContain('1 件');
    await screenshot(page, 'campus-mail-issue');
  });

  it('reconciles a deposit against expected revenue after a run started from the console', async () => {
    screenshotOnFailure(() => page, 'finance-reconciliation');
    const date = today.toISODate()!;
    await signIn(page, base, CAMPUS, 'supervisor');
    await page.goto(`${base}/console/ledger/cash`);
    await page.fill('#expected #f-date', date);
    await page.selectOption('#expected #f-unit', 'hhht-xc-campus');
    await page.selectOption('#expected #f-fundNature', 'agency');
    await page.fill('#expected #f-amount', '300.00');
    await page.click('#expected button[type=submit]');
    await expect(page.locator('#expected [role=status]').textContent()).resolves.toContain('¥300.00');

    await signIn(page, base, CAMPUS, 'finance-campus');
    await page.goto(`${base}/console/ledger/cash`);
    expect(await page.locator('#pricing').count()).toBe(0);
    await page.selectOption('#deposit #f-unit', 'hhht-xc-campus');
    await page.selectOption('#deposit #f-fundNature', 'agency');
    await page.fill('#deposit #f-amount', '260.00');
    await page.fill('#deposit #f-memo', '代办业务款缴存');
    await page.click('#deposit button[type=submit]');
    await expect(page.locator('#deposit [role=status] a').first().textContent()).resolves.toContain('回单');

    await signIn(page, base, CAMPUS, 'supervisor');
    await page.goto(`${base}/console/runs`);
    await page.fill('#f-businessDate', date);
    await page.click('form[action="/console/runs"] button');
    await page.waitForURL(`${base}/console/runs/${date}`);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('main p strong').first().textContent();
        },
        { timeout: 60_000 },
      )
      .toBe('已完成');

    await page.goto(`${base}/console/ledger/reconciliation?date=${date}`);
    const row = page.locator('tr', { hasText: '代收代付' });
    expect(await row.textContent()).toContain('-¥40.00');
    const csv = await page.request.get(`${base}/console/ledger/reconciliation/${date}/csv`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain(',300.00,260.00,-40.00');
    await screenshot(page, 'finance-reconciliation');
  });
});
