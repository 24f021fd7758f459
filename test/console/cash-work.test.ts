/**
 * Cash management on screen, as the postal demo's finance staff use it: a
 * deposit into a unit chosen from those they may see, its receipt and its
 * line in the statement's CSV; expected revenue reconciled by the nightly
 * run and read as a table and a CSV; the internal pricing and an account's
 * limits edited from the settings in force, by those allowed to.
 */
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../shared/kit/console/csv.ts';
import { textNodes, Visitor } from '../support/console.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

const T = 'demo-campus-post';
const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
let t: TestPlatform;
let finance: Visitor;
let admin: Visitor;

beforeAll(async () => {
  t = await createTestPlatform();
  finance = new Visitor(t);
  await finance.signIn(T, 'finance-campus');
  admin = new Visitor(t);
  await admin.signIn(T, 'supervisor');
}, 60_000);

const options = (html: string, name: string) => {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
};

describe('deposits and the statement', () => {
  it('deposits into a unit the user may see, once however often the form is sent, and exports it', async () => {
    const page = await finance.get('/console/ledger/cash');
    expect(page.status).toBe(200);
    // The campus finance user sees their own unit, not the city above it; nor the pricing card, which is the admin's.
    expect(options(page.html, 'unit')).toContain('hhht-xc-campus');
    expect(options(page.html, 'unit')).not.toContain('hhht');
    expect(page.html).not.toContain('id="pricing"');

    const form = {
      ...Visitor.hidden(page.html, '/console/ledger/cash/do/deposit'),
      unit: 'hhht-xc-campus',
      fundNature: 'agency',
      amount: '450.00',
      memo: '代办业务款',
    };
    const first = await finance.post('/console/ledger/cash/do/deposit', form);
    expect(first.status).toBe(200);
    expect(first.html).toMatch(/\/console\/ledger\/transfers\/[^"]+\/receipt/);
    const again = await finance.post('/console/ledger/cash/do/deposit', form); // a double click: same generated id
    expect(again.status).toBe(200);

    const refused = await finance.post('/console/ledger/cash/do/deposit', { ...form, unit: 'hhht', id: 'other' });
    expect(refused.status).toBe(404);

    const csv = await finance.get(`/console/ledger/accounts/hhht-xc-campus:revenue/csv?from=${today}&to=${today}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.html.split('\r\n')[0]).toBe('#,日期,摘要,借方,贷方,余额,状态,凭证号');
    expect(csv.html.split('\r\n').filter((l) => l.includes('代办业务款'))).toHaveLength(1);
    expect(csv.html).toContain(',450.00,');
    expect((await finance.get(`/console/ledger/accounts/hhht:revenue/csv?from=${today}&to=${today}`)).status).toBe(404);
  });
});

describe('reconciliation', () => {
  it('compares due with paid-in after the nightly run, as a table and a CSV', async () => {
    const set = await admin.submit('/console/ledger/cash', '/console/ledger/cash/do/expected', {
      date: today,
      unit: 'hhht-xc-campus',
      fundNature: 'agency',
      amount: '500.00',
    });
    expect(set.status).toBe(200);
    const token = await t.token(T, ['tenant-admin'], 'supervisor');
    const run = await t.settle(token, today);
    expect(run.status).toBe(202);

    const page = await finance.get(`/console/ledger/reconciliation?date=${today}`);
    expect(page.status).toBe(200);
    const text = textNodes(page.html).join(' ');
    expect(text).toContain('代收代付资金 ¥500.00 ¥450.00 -¥50.00');
    const csv = await finance.get(`/console/ledger/reconciliation/${today}/csv`);
    expect(csv.html).toContain('hhht-xc-campus,');
    expect(csv.html).toContain(',500.00,450.00,-50.00');
    expect(textNodes((await finance.get('/console/ledger/reconciliation?date=2026-01-01')).html).join(' ')).toContain('尚无对账结果');
  });
});

describe('settings in force', () => {
  it('edits the internal pricing from the rates in force, for the admin only', async () => {
    const page = await admin.get('/console/ledger/cash');
    expect(page.html).toMatch(/name="lendRate"[^>]*value="0.0150"/);
    const bad = await admin.submit('/console/ledger/cash', '/console/ledger/cash/do/pricing', { lendRate: '1.5%', borrowRate: '0.0435', dayCount: 'ACT/365' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="f-lendRate-error"');
    const ok = await admin.submit('/console/ledger/cash', '/console/ledger/cash/do/pricing', {
      lendRate: '0.0200',
      borrowRate: '0.0435',
      dayCount: 'ACT/365',
    });
    expect(ok.status).toBe(200);
    const token = await t.token(T, ['tenant-admin'], 'supervisor');
    expect((await t.call('GET', '/v1/ledger/pricing', { token })).body).toEqual({ lendRate: '0.0200', borrowRate: '0.0435', dayCount: 'ACT/365' });
    expect((await finance.post('/console/ledger/cash/do/pricing', { lendRate: '0.9' })).status).toBe(404);
  });

  it('sets an account’s limits from those in force, and the ledger then refuses a payment above them', async () => {
    const page = '/console/ledger/accounts/hhht-xc-campus:revenue/rules';
    const before = await admin.get(page);
    expect(before.status).toBe(200);
    expect(before.html).toMatch(/name="perPaymentLimit"[^>]*value=""/);
    const set = await admin.submit(page, `${page}/do/rules`, { perPaymentLimit: '100.00' });
    expect(set.status).toBe(200);
    expect((await admin.get(page)).html).toMatch(/name="perPaymentLimit"[^>]*value="100.00"/);
    const token = await t.token(T, ['tenant-admin'], 'supervisor');
    const big = await t.call('POST', '/v1/ledger/transfers', {
      token,
      body: { id: `limit-${Date.now()}`, debit: 'hhht-xc:revenue', credit: 'hhht-xc-campus:revenue', amount: '100.01', memo: 'above the limit' },
    });
    expect([big.status, big.body.rule]).toEqual([422, 'per-payment-limit']);
    // The campus's own finance may not set the rules of its own unit (that is the parent's): not offered, and refused, nothing changed.
    const link = 'href="/console/ledger/accounts/hhht-xc-campus%3Arevenue/rules"';
    expect((await admin.get('/console/ledger/accounts/hhht-xc-campus:revenue')).html).toContain(link);
    expect((await finance.get('/console/ledger/accounts/hhht-xc-campus:revenue')).html).not.toContain(link);
    const own = await finance.submit(page, `${page}/do/rules`, { perPaymentLimit: '999999.00' });
    expect(own.status).toBe(404);
    expect((await t.call('GET', '/v1/ledger/accounts/hhht-xc-campus:revenue', { token })).body.account.rules).toEqual({ perPaymentLimit: '100.00' });
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and defuses formulas, leaving numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-13.50')).toBe('-13.50');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('两行\n文字')).toBe('"两行\n文字"');
    expect(csvText(['a'], [[1]])).toBe('\uFEFFa\r\n1\r\n');
  });
});
