/**
 * Words, not codes: every page the navigation offers, and the first records
 * its lists link to, opened as every demo user in Chinese and in English.
 * The visible text must hold no raw code where a clerk needs words: no code
 * the tenant's kind declares (a state, an action, a category, a role, a
 * step, a queue, an enum value of a form), no record id, no JSON fragment,
 * no snake_case or camelCase field name. What people typed (a description, a note: `<bdi>` in the
 * page) is shown as they typed it and is not judged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../shared/kinds/index.ts';
import { textNodes, unlabelled, Visitor } from '../support/console.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

let t: TestPlatform;

beforeAll(async () => {
  t = await createTestPlatform();
  // The demo's notifications delivered, so the mailboxes hold what the work told people.
  for (const k of KINDS) await t.deliverAll(k.demo.tenantId);
}, 120_000);

const navLinks = (html: string): string[] => {
  const nav = /<nav[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
  return [...new Set([...nav.matchAll(/href="(\/console[^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')))];
};

/** Links in the page body to records (an id in the path), one per kind of record page. */
const recordLinks = (html: string): string[] => {
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';
  const byShape = new Map<string, string>();
  for (const m of main.matchAll(/href="(\/console\/[^"?#]*(?:[0-9A-Z]{26}|\d{4}-\d{2}-\d{2})[^"]*)"/g)) {
    const href = m[1]!.replace(/&amp;/g, '&');
    const shape = href.replace(/[0-9A-Z]{26}|\d{4}-\d{2}-\d{2}/g, ':id');
    if (!byShape.has(shape)) byShape.set(shape, href);
  }
  return [...byShape.values()];
};

/** Every enum value of the API's schemas: the codes any page could be handed (a parcel size, a status, a method). */
let apiCodes: Set<string> | undefined;
async function enumsOfApi(): Promise<Set<string>> {
  if (apiCodes) return apiCodes;
  const doc = (await t.call('GET', '/openapi.json')).body;
  apiCodes = new Set();
  collectEnums(doc, apiCodes);
  return apiCodes;
}

function collectEnums(s: unknown, into: Set<string>): void {
  if (!s || typeof s !== 'object') return;
  const o = s as Record<string, unknown>;
  if (Array.isArray(o.enum)) for (const v of o.enum) if (typeof v === 'string') into.add(v);
  for (const v of Object.values(o)) collectEnums(v, into);
}

function collectFields(s: unknown, into: Set<string>): void {
  if (!s || typeof s !== 'object') return;
  const o = s as Record<string, unknown>;
  if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) into.add(k);
  for (const v of Object.values(o)) collectFields(v, into);
}

/** Every code a tenant's pages could show raw: its labelled codes, its case types' own, and the API's enums. */
async function codesOf(tenant: string, token: string): Promise<Set<string>> {
  const codes = new Set<string>(await enumsOfApi());
  const record = await t.platform.tenants.get(tenant);
  for (const group of Object.values(t.platform.labelsFor(record!))) for (const code of Object.keys(group)) codes.add(code);
  const types = (await t.call('GET', '/v1/case-types', { token })).body.items as Array<Record<string, any>>;
  // A form field's name where its title belongs is a code too.
  const enums = (s: unknown) => {
    collectEnums(s, codes);
    collectFields(s, codes);
  };
  for (const ct of types ?? []) {
    codes.add(ct.type);
    for (const k of Object.keys(ct.states)) codes.add(k);
    for (const [k, tr] of Object.entries<any>(ct.transitions)) {
      codes.add(k);
      enums(tr.inputSchema);
    }
    for (const q of ct.queues) codes.add(q);
    enums(ct.intakeSchema);
  }
  for (const k of KINDS) for (const r of Object.keys(k.roles)) codes.add(r);
  // A person's account name is their name on the page, even where it reads like a role (`supervisor`).
  for (const k of KINDS) for (const u of k.demo.users) codes.delete(u.sub);
  return codes;
}

describe('the console in words', () => {
  const users = KINDS.flatMap((k) => k.demo.users.map((u) => ({ tenant: k.demo.tenantId, sub: u.sub, roles: u.roles })));
  const cases = users.flatMap((u) => (['zh', 'en'] as const).map((lang) => ({ ...u, lang })));

  it.each(cases)('shows $tenant $sub no code in $lang', async ({ tenant, sub, roles, lang }) => {
    const codes = await codesOf(tenant, await t.token(tenant, roles, sub));
    const v = new Visitor(t);
    await v.signIn(tenant, sub);
    const home = await v.get(`/console?lang=${lang}`);
    const pages = navLinks(home.html).filter((l) => !l.startsWith('/console/logout') && !l.includes('lang='));
    for (const link of [...pages]) pages.push(...recordLinks((await v.get(link)).html));
    const failed: string[] = [];
    for (const p of new Set(pages)) {
      const res = await v.get(p);
      expect(res.status, p).toBe(200);
      const bad = unlabelled(textNodes(res.html), codes, lang);
      if (bad.length) failed.push(`${p.replace(/[0-9A-Z]{26}/g, ':id')}: ${bad.join(' ')}`);
    }
    expect(failed).toEqual([]);
  });
});

describe('the walk’s eye', () => {
  const codes = new Set(['no-show', 'submitted', 'repair']);
  it('sees a code standing alone, in either language', () => {
    expect(unlabelled(textNodes('<td>no-show</td><td>已受理</td>'), codes, 'en')).toEqual(['no-show']);
    expect(unlabelled(textNodes('<a>repair · 7QX2MA</a>'), codes, 'en')).toEqual(['repair']);
    expect(unlabelled(textNodes('<p>状态 submitted</p>'), codes, 'zh')).toEqual(['submitted']);
  });
  it('sees ids, JSON and field names', () => {
    expect(unlabelled(textNodes('<td>01M8FFYRDWJ95YEJTT1FS9G9X9</td>'), codes, 'en')).toHaveLength(1);
    expect(unlabelled(textNodes('<td>{"province":"甘肃"}</td>'), codes, 'zh')).toHaveLength(1);
    expect(unlabelled(textNodes('<th>birthDate</th><td>in_progress</td>'), codes, 'en')).toEqual(['birthDate', 'in_progress']);
  });
  it('leaves words, prose and what people typed alone', () => {
    expect(unlabelled(textNodes('<td>Submitted</td><p>The case was submitted today.</p>'), codes, 'en')).toEqual([]);
    expect(unlabelled(textNodes('<td><bdi>门锁坏了 repair please</bdi></td><textarea>no-show</textarea>'), codes, 'zh')).toEqual([]);
  });
});
