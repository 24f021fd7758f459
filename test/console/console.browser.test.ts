/**
 * The console end to end in real Chromium against the local platform (real
 * HTTP, the embedded store, the outbox poller delivering to the mailbox).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, consoleSession, screenshot, screenshotOnFailure, signIn } from './browser.ts';

if (!chromiumPath) {
  process.stderr.write("\n*** Console browser tests SKIPPED: no Chromium found (install Debian's `chromium`, or set CHROMIUM_PATH). ***\n\n");
  // CI installs Chromium and sets this: there a missing browser is a failure, not a skip.
  if (process.env.CONSOLE_BROWSER_REQUIRED) it('finds Chromium', () => expect.fail('CONSOLE_BROWSER_REQUIRED is set but no Chromium was found'));
}

describe.skipIf(!chromiumPath)('console in a real browser', { timeout: 90_000 }, () => {
  let session: Awaited<ReturnType<typeof consoleSession>>;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    session = await consoleSession('console');
    ({ page, base } = session);
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  const onFailureScreenshot = (name: string) => screenshotOnFailure(() => page, name);
  const action = (name: string) => page.locator(`form[action$="/actions/${name}"]`);
  const eventually = async (probe: () => Promise<boolean>, ms = 5000) => {
    const until = Date.now() + ms;
    while (!(await probe()) && Date.now() < until) await page.waitForTimeout(100);
  };

  let repairUrl = '';

  it('takes a repair through the generated form, shows the field error next to the field, and works it to closed', async () => {
    onFailureScreenshot('repair');
    await signIn(page, base, 'demo-property', 'resident-0101');
    await page.getByRole('link', { name: '新建' }).click();
    await page.selectOption('#f-input-category', 'plumbing');
    await page.fill('#f-input-description', 'x');
    await page.fill('#f-input-location-building', '9');
    await page.fill('#f-input-location-room', '302');
    await page.click('form.card button');
    // The API's own field error, beside the field it names, with the typed values kept.
    await expect(page.locator('#f-input-description-error').textContent()).resolves.toContain('至少 4 个字');
    expect(await page.getAttribute('#f-input-description', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#f-input-location-building')).toBe('9');

    await page.fill('#f-input-description', 'kitchen tap leaking');
    await page.click('form.card button');
    await page.waitForURL(/\/console\/cases\/[0-9A-Z]+$/);
    repairUrl = page.url();
    expect(await page.locator('main').textContent()).toContain('kitchen tap leaking');

    // The desk dispatches to the maintenance team…
    await signIn(page, base, 'demo-property', 'desk-01');
    await page.goto(`${base}/console/cases`);
    await page.locator(`a[href="${new URL(repairUrl).pathname}"]`).click();
    await action('dispatch').locator('select[name="input.team"]').selectOption('maintenance');
    await action('dispatch').locator('button').click();
    await page.waitForURL(repairUrl);

    // …the technician starts and completes the work…
    await signIn(page, base, 'demo-property', 'tech-01');
    await page.goto(repairUrl);
    await action('start').locator('button').click();
    await page.waitForURL(repairUrl);
    await action('complete').locator('input[name="input.note"]').fill('replaced the washer');
    await action('complete').locator('button').click();
    await page.waitForURL(repairUrl);

    // …and the resident confirms with a rating, which closes it.
    await signIn(page, base, 'demo-property', 'resident-0101');
    await page.goto(repairUrl);
    await action('confirm').locator('input[name="input.rating"]').fill('5');
    await action('confirm').locator('button').click();
    await page.waitForURL(repairUrl);
    const timeline = await page.locator('ol.timeline').textContent();
    // Each step and state in words, never its code.
    for (const step of ['受理', '派工', '开始维修', '完工', '确认并评价']) expect(timeline).toContain(step);
    expect(timeline).toContain('→ 已办结');
    expect(timeline).not.toMatch(/\b(dispatch|in_progress|closed)\b/);
    expect(await action('confirm').count()).toBe(0);
  });

  it('shows the notifications the work produced in the mailbox', async () => {
    onFailureScreenshot('mailbox');
    await signIn(page, base, 'demo-property', 'resident-0101');
    await eventually(async () => {
      await page.goto(`${base}/console/mailbox`);
      return (await page.locator('main table').textContent())!.includes('已派工');
    });
    const mailbox = await page.locator('main table').textContent();
    // Each subject in the reader's language, the team by its name.
    expect(mailbox).toContain('已派工');
    expect(mailbox).toContain('维修中');
    expect(mailbox).not.toContain('Work started');
    expect(mailbox).toContain('派给维修班处理');
    // The message links back to the case.
    expect(await page.locator(`main a[href="${new URL(repairUrl).pathname}"]`).count()).toBeGreaterThan(0);
  });

  it('settles an NCMS discharge at the hospital and shows the calculation trace and its ledger entries', async () => {
    onFailureScreenshot('ncms');
    await signIn(page, base, 'demo-ncms', 'hospital-01');
    await page.goto(`${base}/console/ncms/stays`);
    await page.fill('#f-patient-name', '马德福');
    await page.fill('#f-patient-idNumber', '63012119560214341'); // 17 digits: refused by the API, field named
    await page.click('form[action="/console/ncms/stays"] button');
    await expect(page.locator('#f-patient-idNumber-error').textContent()).resolves.toContain('应为18位居民身份证号码');
    await page.fill('#f-patient-idNumber', '630121195602143417');
    await page.click('form[action="/console/ncms/stays"] button');
    await page.waitForURL(/\/console\/ncms\/stays\/[0-9A-Z]+$/);
    const stayUrl = page.url();
    // The register found him: the category shows as the clerk's words, not its code.
    expect(await page.locator('main section.card').first().textContent()).toContain('一类（低保户');

    for (const [code, description, quantity, price] of [
      ['T0001', '住院床位费', '5', '40.00'],
      ['D0002', '头孢曲松', '10', '86.50'],
      ['D0003', '进口白蛋白', '2', '420.00'],
    ] as const) {
      await page.fill('#f-lines-0-code', code);
      await page.fill('#f-lines-0-description', description);
      await page.fill('#f-lines-0-quantity', quantity);
      await page.fill('#f-lines-0-unitPrice', price);
      await page.click('form[action$="/lines"] button');
      await page.waitForURL(stayUrl);
    }
    expect(await page.locator('main table').first().locator('tr').count()).toBe(4);
    await page.click('form[action$="/discharge"] button');
    await page.waitForURL(stayUrl);

    const settlement = page.locator('section[aria-label="结算结果"]');
    await expect(settlement.textContent()).resolves.toContain('¥1,905.00'); // 200 + 865 + 840
    const trace = await settlement.locator('table.trace tr').allTextContents();
    expect(trace.length).toBeGreaterThan(3);
    expect(await settlement.textContent()).toMatch(/记账凭证: \S+/);
    expect(await page.locator('form[action$="/discharge"]').count()).toBe(0);

    // The patient's text message links to the survey page, which opens without signing in and takes one answer.
    const stayId = new URL(stayUrl).pathname.split('/').at(-1)!;
    await signIn(page, base, 'demo-ncms', 'admin');
    let link: string | undefined;
    await eventually(async () => {
      await page.goto(`${base}/console/mailbox?recipient=${encodeURIComponent(`patient:${stayId}`)}`);
      link = /\/console\/public\/ncms\/surveys\/\S+?token=[\w-]+/.exec((await page.locator('main').textContent()) ?? '')?.[0];
      return !!link;
    });
    await page.context().clearCookies();
    await page.goto(`${base}${link}`);
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await page.check('input[name=score][value="4"]');
    await page.fill('#survey-comment', '结算很快，不用跑腿');
    await page.click('form button[type=submit]');
    await expect(page.locator('p.ok').textContent()).resolves.toContain('感谢您的评价');
    await page.goBack();
    await page.check('input[name=score][value="1"]');
    await page.click('form button[type=submit]');
    await expect(page.locator('p.ok').textContent()).resolves.toContain('已经提交过');
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it('checks a parcel in at the counter and releases it with the code the student received', async () => {
    onFailureScreenshot('parcel');
    await signIn(page, base, 'demo-campus-post', 'worker-01');
    await page.goto(`${base}/console/campus/parcels`);
    await page.fill('#f-tracking', 'SF1357924680');
    await page.fill('#f-carrier', '顺丰 SF');
    await page.fill('#f-recipient-phone', '13800001111');
    await page.fill('#f-shelf', 'A-07');
    await page.click('form[action$="/check-in"] button');
    await expect(page.locator('p.ok').textContent()).resolves.toContain('SF1357924680');
    expect(await page.locator('main table').last().textContent()).toContain('SF1357924680');

    // The student reads the pickup code in their messages.
    await signIn(page, base, 'demo-campus-post', 'student-2026001');
    let code: string | undefined;
    await eventually(async () => {
      await page.goto(`${base}/console/mailbox`);
      code = /SF1357924680[\s\S]*?取件码 (\d{6})/.exec((await page.locator('main').textContent()) ?? '')?.[1];
      return !!code;
    });
    expect(code).toMatch(/^\d{6}$/);

    await signIn(page, base, 'demo-campus-post', 'worker-01');
    await page.goto(`${base}/console/campus/parcels`);
    await page.fill('#f-code', code!);
    await page.fill('#f-last4', '9999');
    await page.click('form[action$="/release"] button');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('没有对应的包裹');
    await page.fill('#f-last4', '1111');
    await page.click('form[action$="/release"] button');
    await expect(page.locator('p.ok').textContent()).resolves.toContain('SF1357924680');
    expect(await page.locator('main table').last().textContent()).not.toContain('SF1357924680');
  });

  it("shows a 404 page to another tenant's user who opens a case by its URL", async () => {
    onFailureScreenshot('isolation');
    await signIn(page, base, 'demo-community', 'admin');
    const res = await page.goto(repairUrl);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('未找到');
    expect(await page.locator('main').textContent()).not.toContain('kitchen tap leaking');
  });

  it('works at 375 px wide and in English', async () => {
    onFailureScreenshot('narrow');
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, base, 'demo-property', 'desk-01');
    await page.goto(`${base}/console/cases?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Work queue');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'queue-375px');
    await page.setViewportSize({ width: 1100, height: 900 });
  });
});
