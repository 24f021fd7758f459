/**
 * The property office's screens in real Chromium against the local platform:
 * the desk takes a call — finds the household by the caller's phone and
 * files a repair for them; a complaint is escalated from its page; a payment
 * is taken at the counter and its receipt printed; a team member lands on
 * their own tasks with the promises counting down; the incident banner, the
 * rooms' day, the satisfaction dashboard, a renovation's file; 375 px too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../functions/local/platform.ts';
import { postIncident } from '../../shared/kinds/property/incidents/incidents.ts';
import type { PropertyServices } from '../../shared/kinds/property/office.ts';
import { chromiumPath, consoleSession, overflowAt375, screenshotOnFailure, signIn } from './browser.ts';

describe.skipIf(!chromiumPath)('the property office in a real browser', { timeout: 90_000 }, () => {
  let session: Awaited<ReturnType<typeof consoleSession>>;
  let local: LocalPlatform;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    session = await consoleSession('property');
    ({ local, page, base } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const onFailureScreenshot = (name: string) => screenshotOnFailure(() => page, `property-${name}`);
  const fitsAt375 = () => overflowAt375(page);

  it('takes a call: finds the household by the caller’s phone and files a repair for them', async () => {
    onFailureScreenshot('desk');
    await signIn(page, base, 'demo-property', 'desk-01');
    await page.getByRole('link', { name: '服务台受理' }).click();
    await page.fill('#f-phone', '13910000001');
    await page.click('form[aria-label="查找住户"] button');
    await expect(page.locator('section.card h2').textContent()).resolves.toContain('1-1-101');
    expect(await fitsAt375()).toBeLessThanOrEqual(0);
    await page.selectOption('#f-input-category', 'plumbing');
    await page.fill('#f-input-description', 'x');
    await page.click('section.card form button[type=submit]');
    // The API's field error beside the field, the household kept.
    await expect(page.locator('#f-input-description-error').textContent()).resolves.toContain('至少 4 个字');
    await page.fill('#f-input-description', '卫生间漏水 bathroom leak');
    await page.click('section.card form button[type=submit]');
    await page.waitForURL(/\/console\/cases\//);
    const body = await page.locator('main').textContent();
    expect(body).toContain('resident-0101');
  });

  it('escalates a complaint from its page', async () => {
    onFailureScreenshot('complaint');
    await page.goto(`${base}/console/property/desk?household=1-2-502&type=complaint`);
    await page.selectOption('#f-input-category', 'noise');
    await page.fill('#f-input-description', '楼上深夜噪音 noise upstairs at night');
    await page.click('section.card form button[type=submit]');
    await page.waitForURL(/\/console\/cases\//);
    const escalate = page.locator('form[action$="/actions/escalate"]');
    await escalate.locator('textarea, input[type=text]').first().fill('三天未答复 no answer in three days');
    await escalate.locator('button').click();
    // The step is in the case's timeline, with its note.
    await expect(page.locator('main').textContent()).resolves.toContain('三天未答复 no answer in three days');
  });

  it('takes a payment at the counter and prints its receipt', async () => {
    onFailureScreenshot('billing');
    await page.getByRole('link', { name: '收费' }).click();
    const first = page.locator('table tr').nth(1);
    const household = (await first.locator('td').first().textContent())!.trim();
    const owing = (await first.locator('td.n').textContent())!.replace(/[^\d.]/g, '');
    await page.fill('#f-household', household);
    await page.fill('#f-amount', owing);
    await page.selectOption('#f-method', 'cash');
    await page.click('form[aria-label="收款"] button');
    await expect(page.locator('p.ok').textContent()).resolves.toContain(owing);
    expect(await fitsAt375()).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: '收据' }).click();
    const receipt = await page.locator('body').textContent();
    expect(receipt).toContain('收据 Receipt');
    expect(receipt).toContain(owing);
    expect(receipt).toContain(household);
  });

  it('lands a team member on their own tasks, each with its promise counting down', async () => {
    onFailureScreenshot('tasks');
    await signIn(page, base, 'demo-property', 'tech-01');
    const nav = await page.locator('nav a').allTextContents();
    expect(nav).toContain('我的任务');
    expect(nav).not.toContain('收费');
    await page.getByRole('link', { name: '我的任务' }).click();
    await expect(page.locator('main h2').first().textContent()).resolves.toBe('派给我的');
    expect(await page.locator('main').textContent()).toMatch(/剩余|已超时/);
    expect((await page.goto(`${base}/console/property/billing`))?.status()).toBe(404);
  });

  it('shows the incident in progress above the desk’s screen', async () => {
    onFailureScreenshot('incident');
    const tenant = (await local.platform.tenants.get('demo-property'))!;
    const o = (local.platform.services.get('property') as PropertyServices).forTenant(tenant);
    await postIncident(o, 'desk-01', { title: '2 号楼停水 water cut in building 2', body: '维修总管 mains repair', buildings: ['2'] });
    await signIn(page, base, 'demo-property', 'desk-01');
    await page.goto(`${base}/console/property/desk`);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('2 号楼停水');
  });

  it('shows the meeting rooms’ day and the month’s satisfaction and service levels', async () => {
    onFailureScreenshot('rooms');
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 86_400_000));
    await page.goto(`${base}/console/property/rooms?date=${tomorrow}`);
    // The demo booked room A for the building captains tomorrow at four.
    await expect(page.locator('main').textContent()).resolves.toContain('16:00–17:00');
    expect(await fitsAt375()).toBeLessThanOrEqual(0);
    await signIn(page, base, 'demo-property', 'manager-01');
    await page.getByRole('link', { name: '满意度与时效' }).click();
    // The demo's electrical repair was closed at the return visit with a rating of 4.
    const row = page.locator('table tr', { hasText: '报修 · 电工班' }).last();
    await expect(row.locator('td').nth(3).textContent()).resolves.toBe('4');
    expect(await page.locator('svg').count()).toBeGreaterThan(0);
    expect(await fitsAt375()).toBeLessThanOrEqual(0);
  });

  it('opens a renovation’s file from its case, with the deposit held', async () => {
    onFailureScreenshot('renovation');
    await page.goto(`${base}/console/cases?queue=manager`);
    await page.locator('a', { hasText: '装修申请' }).first().click();
    await page.getByRole('link', { name: '装修档案' }).click();
    const file = await page.locator('main').textContent();
    expect(file).toContain('好家装饰');
    expect(file).toMatch(/ZX-/);
    expect(file).toContain('押金暂扣');
  });
});
