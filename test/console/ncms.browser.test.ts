/**
 * An NCMS assistance application in real Chromium: filed by the township
 * with its household head and two members on the generated form (a member
 * refused by field and put right), approved by the township and then by
 * county civil affairs, and registered.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleSession, screenshot, screenshotOnFailure, signIn } from './browser.ts';

describe.skipIf(!chromiumPath)('an eligibility application in a real browser', { timeout: 90_000 }, () => {
  let s: Awaited<ReturnType<typeof consoleSession>>;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    s = await consoleSession('ncms');
    ({ page, base } = s);
  }, 60_000);
  afterAll(async () => s?.close());

  it('files two household members, and goes through township and county approval', async () => {
    screenshotOnFailure(() => page, 'eligibility');
    await signIn(page, base, 'demo-ncms', 'township-01');
    await page.goto(`${base}/console/cases/new?type=eligibility`);
    await page.selectOption('#f-input-township', 'dongguan');
    await page.fill('#f-input-householdHead-name', '马福海');
    await page.fill('#f-input-householdHead-idNumber', '630121196003033411');
    await page.fill('#f-input-members-0-name', '韩桂兰');
    await page.fill('#f-input-members-0-idNumber', '63012119620404342'); // one digit short: refused beside the field
    await page.fill('#f-input-members-0-relation', '配偶');
    await page.fill('#f-input-members-1-name', '马小龙');
    await page.fill('#f-input-members-1-idNumber', '630121198805053419');
    await page.fill('#f-input-members-1-relation', '子');
    await page.selectOption('#f-input-requestedCategory', 'class1');
    await page.fill('#f-input-evidence', '低保证 DB-2026-017');
    await page.click('form.card button[type=submit]');
    await expect(page.locator('#f-input-members-0-idNumber-error').textContent()).resolves.toContain('应为18位居民身份证号码');
    // What was typed is still there, and a third row is offered.
    expect(await page.inputValue('#f-input-members-1-name')).toBe('马小龙');
    expect(await page.locator('#f-input-members-2-name').count()).toBe(1);
    await page.fill('#f-input-members-0-idNumber', '630121196204043428');
    await page.click('form.card button[type=submit]');
    await page.waitForURL(/\/console\/cases\/[0-9A-Z]{26}$/);
    const caseUrl = page.url();
    const data = await page.locator('table.data').first().textContent();
    expect(data).toContain('家庭成员');
    expect(data).toContain('630***********3428'); // masked, field by field
    expect(data).not.toContain('630121196204043428');

    await page.locator('form[action$="/actions/approve_township"] button').click();
    await page.waitForURL(caseUrl);
    expect(await page.locator('section.card strong').first().textContent()).toBe('乡镇审核通过');

    await signIn(page, base, 'demo-ncms', 'civil-01');
    await page.goto(caseUrl);
    const approve = page.locator('form[action$="/actions/approve"]');
    await approve.locator('select[name="input.category"]').selectOption('class1');
    await approve.locator('input[name="input.validFrom"]').fill('2026-12-01');
    await approve.locator('input[name="input.validTo"]').fill('2027-11-30');
    await approve.locator('button').click();
    await page.waitForURL(caseUrl);
    expect(await page.locator('section.card strong').first().textContent()).toBe('已审批入库');
    const timeline = await page.locator('ol.timeline').textContent();
    expect(timeline).toContain('乡镇审核通过');
    expect(timeline).toContain('县民政审批');
    await screenshot(page, 'eligibility-registered');
  });
});
