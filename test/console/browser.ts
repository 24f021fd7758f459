/**
 * Real Chromium for the console tests: Debian's `chromium` driven by
 * playwright-core, kept off the network. When it is not installed the
 * browser tests are skipped, and say so.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { type LocalPlatform, startLocalPlatform } from '../../functions/local/platform.ts';
import { copySeededDemo, SECRETS } from '../support/platform.ts';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
export const chromiumPath = CANDIDATES.find((p) => existsSync(p));

export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-quic',
      '--metrics-recording-only',
      // Nothing but loopback resolves: the console must work without a network.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/** Saves a full-page screenshot under test/artifacts (kept out of git) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** How far the page scrolls sideways at 375 px (0 when it fits); the viewport is put back after. */
export async function overflowAt375(page: Page): Promise<number> {
  const before = page.viewportSize() ?? { width: 1100, height: 900 };
  await page.setViewportSize({ width: 375, height: 800 });
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  await page.setViewportSize(before);
  return overflow;
}

/** Keeps a screenshot of the page (under test/artifacts) when the current test fails. */
export function screenshotOnFailure(page: () => Page, name: string): void {
  onTestFailed(async () => void (await screenshot(page(), `failed-${name}`).catch(() => undefined)));
}

/** Signs in through the login page by picking a demo user. */
export async function signIn(page: Page, base: string, tenant: string, sub: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${base}/console/login`);
  await page.locator(`form:has(input[name=tenant][value="${tenant}"]):has(input[name=sub][value="${sub}"]) button`).click();
  await page.waitForURL(`${base}/console`);
}

/** The local platform on a free port with its own data, and a page of real Chromium on it: what each browser suite starts with. */
export async function consoleSession(name: string): Promise<{ local: LocalPlatform; browser: Browser; page: Page; base: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `onestop-${name}-`));
  // The demo tenants are copied from a table seeded once in this process, sealed with its data key.
  writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify(SECRETS));
  const local = await startLocalPlatform({ port: 0, memory: true, dataDir, seed: (platform) => copySeededDemo(platform) });
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  return {
    local,
    browser,
    page,
    base: local.url,
    close: async () => {
      await browser.close();
      await local.close();
    },
  };
}
