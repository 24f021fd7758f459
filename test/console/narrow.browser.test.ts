/**
 * Every page at 375 px, in real Chromium, as every demo user: the pages the
 * navigation offers and the first record each list links to. None may
 * scroll sideways (a wide table scrolls inside its own box), and a chart's
 * labels stay legible. With CONSOLE_SCREENSHOTS=1, screenshots of each kind
 * of page at 1280 and 375 px are kept under test/artifacts.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../shared/kinds/index.ts';
import { chromiumPath, consoleSession, screenshot, screenshotOnFailure, signIn } from './browser.ts';

/** Sideways scroll of the page, and the smallest chart label's rendered height (px), at the current viewport. */
async function measure(page: Page): Promise<{ overflow: number; smallestLabel: number }> {
  return page.evaluate<{ overflow: number; smallestLabel: number }>(`(() => {
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const heights = [...document.querySelectorAll('svg text')].map((t) => t.getBoundingClientRect().height).filter((h) => h > 0);
    return { overflow, smallestLabel: heights.length ? Math.min(...heights) : 99 };
  })()`);
}

/** The walk's screenshots cost over a quarter of its time and no check reads them: kept when asked for. */
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS === '1';

const links = (page: Page, scope: 'nav' | 'main') =>
  page.evaluate<string[]>(`[...document.querySelectorAll('${scope} a[href^="/console"]')].map((a) => a.getAttribute('href'))`);

describe.skipIf(!chromiumPath)('every page at 375 px', { timeout: 120_000 }, () => {
  let s: Awaited<ReturnType<typeof consoleSession>>;
  const shot = new Set<string>();

  beforeAll(async () => {
    s = await consoleSession('narrow');
  }, 120_000);
  afterAll(async () => s?.close());

  const users = KINDS.flatMap((k) => k.demo.users.map((u) => ({ tenant: k.demo.tenantId, sub: u.sub })));

  it.each(users)('fits $tenant $sub', async ({ tenant, sub }) => {
    screenshotOnFailure(() => s.page, `narrow-${tenant}-${sub}`);
    const { page, base } = s;
    await page.setViewportSize({ width: 375, height: 800 });
    await signIn(page, base, tenant, sub);
    const nav = new Set((await links(page, 'nav')).filter((l) => !l.includes('lang=') && !l.startsWith('/console/logout')));
    // Each page is opened once, at 375 px: the navigation's pages, and from each of their lists the first record it links to.
    const pages = [...nav];
    const wide: string[] = [];
    for (let i = 0; i < pages.length; i++) {
      const path = pages[i]!;
      await page.goto(`${base}${path}`);
      const m = await measure(page);
      if (m.overflow > 0) wide.push(`${path} scrolls ${m.overflow}px sideways`);
      if (m.smallestLabel < 9) wide.push(`${path} has a chart label ${m.smallestLabel.toFixed(1)}px tall`);
      const shape = `${tenant}${path.replace(/[0-9A-Z]{26}/g, 'id').split('?')[0]}`;
      if (SCREENSHOTS && !shot.has(shape)) {
        shot.add(shape);
        await screenshot(page, `375-${shape}`);
        await page.setViewportSize({ width: 1280, height: 900 });
        await screenshot(page, `1280-${shape}`);
        await page.setViewportSize({ width: 375, height: 800 });
      }
      if (!nav.has(path)) continue;
      const shapes = new Set<string>();
      for (const href of await links(page, 'main')) {
        const linked = href.replace(/[0-9A-Z]{26}|\d{4}-\d{2}-\d{2}/g, ':id');
        if (linked !== href && !shapes.has(linked) && !pages.includes(href)) {
          shapes.add(linked);
          pages.push(href);
        }
      }
    }
    expect(wide).toEqual([]);
  });
});
