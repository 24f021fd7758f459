/**
 * The community station's screens in real Chromium against the local
 * platform: a collector registers a floating resident with the document
 * checked and finds them again by identity number — masked until a reveal
 * states its purpose; the police review a residence permit from their
 * queue; an auditor reads who saw what; the figures; 375 px too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../../shared/kinds/community/identity/identity-number.ts';
import { chromiumPath, consoleSession, overflowAt375, screenshotOnFailure, signIn } from './browser.ts';

const T = 'demo-community';
const first17 = `62292119880412${String(Date.now() % 1000).padStart(3, '0')}`;
const ID = first17 + checkCharacter(first17);

describe.skipIf(!chromiumPath)('the community station in a real browser', { timeout: 90_000 }, () => {
  let session: Awaited<ReturnType<typeof consoleSession>>;
  let page: Page;
  let base: string;
  let personUrl = '';

  beforeAll(async () => {
    session = await consoleSession('community');
    ({ page, base } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const onFailureScreenshot = (name: string) => screenshotOnFailure(() => page, `community-${name}`);
  const fitsAt375 = () => overflowAt375(page);

  it('registers a resident with the document checked, finds them by identity number, and shows the number only after a stated purpose', async () => {
    onFailureScreenshot('register');
    await signIn(page, base, T, 'collector-north');
    await page.getByRole('link', { name: '登记人员' }).click();
    await page.getByRole('link', { name: '登记流动人口' }).click();
    await page.fill('#f-input-name', '马春花');
    await page.fill('#f-input-idNumber', ID);
    await page.fill('#f-input-origin-province', '甘肃');
    await page.fill('#f-input-origin-city', '临夏');
    await page.fill('#f-input-origin-county', '康乐');
    await page.fill('#f-input-address', '北区 9 号院 North yard 9');
    await page.fill('#f-input-area', 'north');
    await page.fill('#f-input-arrivedOn', '2026-11-01');
    await page.fill('#f-input-intendedStayMonths', '12');
    await page.selectOption('#f-input-marital', 'married');
    await page.selectOption('#f-input-document', 'id-card');
    await page.locator('main form button[type=submit]').last().click();
    await page.waitForURL(/\/console\/cases\/[0-9A-Z]{26}$/);
    await page.getByRole('link', { name: '登记人员' }).click();
    await page.fill('#f-idNumber', ID);
    await page.click('form[aria-label="按身份证号查找"] button');
    await page.waitForURL(/\/console\/community\/persons\/[0-9A-Z]+$/);
    personUrl = page.url();
    const masked = await page.locator('td[data-field=idNumber]').textContent();
    expect(masked).not.toContain(ID.slice(6, 14));
    await expect(page.locator('main').textContent()).resolves.toContain('居民身份证 · collector-north');
    expect(await fitsAt375()).toBeLessThanOrEqual(0);
    await page.fill('#f-reason', '上门核查 home visit');
    await page.click('form[aria-label="查看完整信息"] button');
    await expect(page.locator('td[data-field=idNumber]').textContent()).resolves.toBe(ID);
    // A fresh view of the page is masked again.
    await page.goto(personUrl);
    await expect(page.locator('td[data-field=idNumber]').textContent()).resolves.not.toBe(ID);
  });

  it('lets the police review a residence permit from their queue', async () => {
    onFailureScreenshot('permit');
    await signIn(page, base, T, 'station-01');
    const registration = personUrl.split('/').pop()!;
    await page.goto(`${base}/console/cases/new?type=residence-permit`);
    await page.fill('#f-input-person', registration);
    await page.locator('main form button[type=submit]').last().click();
    await page.waitForURL(/\/console\/cases\/[0-9A-Z]{26}$/);
    await signIn(page, base, T, 'police-01');
    await page.getByRole('link', { name: '我的工作' }).click();
    await page.getByRole('link', { name: /居住证.*马春花/ }).click();
    const issue = page.locator('form[action$="/actions/issue"]');
    await issue.locator('#f-input-validFrom').fill('2026-12-01');
    await issue.locator('button').click();
    await expect(page.locator('main').textContent()).resolves.toMatch(/JZZ-2026-/);
    // Their own section of the person, and not the others'.
    await page.goto(personUrl);
    await expect(page.locator('section[aria-label="本部门信息"]').count()).resolves.toBe(0);
  });

  it('shows an auditor who read the resident’s number, and the figures per area', async () => {
    onFailureScreenshot('auditor');
    await signIn(page, base, T, 'auditor');
    await page.getByRole('link', { name: '查阅记录' }).click();
    await page.fill('#f-user', 'collector-north');
    await page.click('form[aria-label="查阅记录"] button');
    const row = page.locator('table tr', { hasText: '上门核查 home visit' });
    await expect(row.textContent()).resolves.toContain('查看完整信息');
    await expect(row.textContent()).resolves.toContain('身份证号');
    expect(await fitsAt375()).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: '统计' }).click();
    await expect(page.locator('table tr', { hasText: '北区' }).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('svg').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(page.locator('main').textContent()).resolves.not.toContain(ID);
  });
});
