/**
 * Navigation by permission, walked over HTTP as every demo user of every
 * demo tenant: every link the console's navigation offers opens (200),
 * and nothing the screen asks of the API on its viewer's behalf is refused
 * (401/403) — none leads to a refusal or a not-found page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../shared/kinds/index.ts';
import { Visitor } from '../support/console.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

let t: TestPlatform;

beforeAll(async () => {
  t = await createTestPlatform();
}, 60_000);

/** The links of the console's navigation bar on a page. */
const navLinks = (html: string): string[] => {
  const nav = /<nav[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...new Set([...nav.matchAll(/href="(\/console[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))];
};

describe('the console’s navigation', () => {
  const users = KINDS.flatMap((k) => k.demo.users.map((u) => ({ tenant: k.demo.tenantId, sub: u.sub, roles: u.roles.join('+') })));

  it.each(users)('offers $tenant $sub ($roles) only screens that open', async ({ tenant, sub }) => {
    const v = new Visitor(t);
    await v.signIn(tenant, sub);
    const home = await v.get('/console');
    expect(home.status).toBe(200);
    const links = navLinks(home.html).filter((l) => !l.startsWith('/console/logout') && !l.includes('lang='));
    expect(links.length, 'the navigation offers something').toBeGreaterThan(0);
    const failed: string[] = [];
    for (const link of links) {
      const res = await v.get(link);
      if (res.status !== 200) failed.push(`${link} → ${res.status}`);
      // A screen that opens but whose own API calls are refused to its viewer is as wrong as a 403.
      const refused = res.headers.get('x-console-refused');
      if (refused) failed.push(`${link} → ${refused}`);
    }
    if (failed.length) throw new Error(failed.join('; '));
  });
});

describe('the queue a clerk lands on', () => {
  it('is their own work, with the other queues they work a choice away', async () => {
    const v = new Visitor(t);
    await v.signIn('demo-community', 'station-01');
    const page = await v.get('/console/cases');
    // Without asking, the station sees its registrations (before, the default was a desk queue it does not have: empty).
    expect(page.html).toContain('流动人口登记 · ');
    const options = [...page.html.matchAll(/<option value="([a-z-]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(options).toEqual(expect.arrayContaining(['station:登记', 'permits:办证', 'hotline:热线']));
    const permits = await v.get('/console/cases?queue=permits');
    expect(permits.html).toMatch(/居住证 · |婚育证明 · /);
  });
});
