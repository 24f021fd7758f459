/**
 * The cash-management flow through the HTTP API on the demo postal
 * hierarchy: deposits, visibility by level, a refused transfer naming its
 * rule, the nightly run triggered by an operator, sub-ledgers, receipts.
 */
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

const T = 'demo-campus-post';
let t: TestPlatform;
let admin: string;
let regionFinance: string;
let cityFinance: string;
let campusFinance: string;
const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;

beforeAll(async () => {
  t = await createTestPlatform();
  admin = await t.token(T, ['tenant-admin'], 'supervisor');
  regionFinance = await t.token(T, ['finance'], 'finance-region', { unit: ['nm'] });
  cityFinance = await t.token(T, ['finance'], 'finance-hhht', { unit: ['hhht'] });
  campusFinance = await t.token(T, ['finance'], 'finance-campus', { unit: ['hhht-xc-campus'] });
});

describe('visibility by level', () => {
  it('shows a city its counties but not their branches, and a branch only itself', async () => {
    expect((await t.call('GET', '/v1/ledger/units/hhht', { token: cityFinance })).body.children.map((u: { id: string }) => u.id).sort()).toEqual([
      'hhht-hlge',
      'hhht-xc',
    ]);
    expect((await t.call('GET', '/v1/ledger/units/hhht-xc', { token: cityFinance })).status).toBe(200);
    expect((await t.call('GET', '/v1/ledger/units/hhht-xc-campus', { token: cityFinance })).status).toBe(404);
    expect((await t.call('GET', '/v1/ledger/accounts/hhht-xc-campus:revenue', { token: cityFinance })).status).toBe(404);
    expect((await t.call('GET', '/v1/ledger/accounts/hhht-xc-campus:revenue', { token: campusFinance })).status).toBe(200);
    expect((await t.call('GET', '/v1/ledger/accounts/hhht:revenue', { token: campusFinance })).status).toBe(404);
    expect((await t.call('GET', '/v1/ledger/units/nm/sub-ledgers', { token: cityFinance })).status).toBe(404);
  });

  it('keeps another tenant out entirely', async () => {
    const other = await t.token('demo-property', ['tenant-admin', 'finance'], 'admin');
    expect((await t.call('GET', '/v1/ledger/accounts/nm:fund', { token: other })).status).toBe(404);
    expect((await t.call('GET', '/v1/ledger/units/nm', { token: other })).status).toBe(404);
  });
});

describe('deposits and transfers', () => {
  it('takes a branch deposit by fund nature, once per id, and only into a unit the user may see', async () => {
    const body = { id: `campus-${today}-stamps`, unit: 'hhht-xc-campus', fundNature: 'philately', amount: '42.00' };
    expect((await t.call('POST', '/v1/ledger/deposits', { token: campusFinance, body })).status).toBe(201);
    expect((await t.call('POST', '/v1/ledger/deposits', { token: campusFinance, body })).status).toBe(201);
    const account = await t.call('GET', '/v1/ledger/accounts/hhht-xc-campus:revenue', { token: campusFinance });
    expect(account.body.state.dims['philately|']).toBe('210.00'); // 168.00 seeded + 42.00, counted once
    expect((await t.call('POST', '/v1/ledger/deposits', { token: campusFinance, body: { ...body, id: 'elsewhere', unit: 'hhht-xc-zhongshan' } })).status).toBe(
      404,
    );
  });

  it('refuses a revenue account paying anyone but its parent, naming the rule', async () => {
    const body = { id: 'bad-pay-1', debit: 'hhht-xc-zhongshan:revenue', credit: 'hhht-xc-campus:revenue', amount: '10.00', memo: 'not allowed' };
    // The campus's finance has no authority over the sibling branch's leg: it does not exist for them.
    expect((await t.call('POST', '/v1/ledger/transfers', { token: campusFinance, body })).status).toBe(404);
    const res = await t.call('POST', '/v1/ledger/transfers', { token: admin, body });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: '/problems/transfer-refused', rule: 'revenue-account-payee', account: 'hhht-xc-campus:revenue' });
  });

  it('issues a printable receipt whose code anyone can verify', async () => {
    // A fee account moves only by its own flow: naming it in a transfer is refused.
    const named = await t.call('POST', '/v1/ledger/transfers', {
      token: admin,
      body: { id: 'fee-2026-001', debit: 'fee:bank', credit: 'hhht-xc-campus:revenue', amount: '2.50', memo: '银行手续费 bank fee' },
    });
    expect([named.status, named.body.rule]).toEqual([422, 'system-account']);
    const transfer = await t.call('POST', '/v1/ledger/bank-fees', {
      token: campusFinance,
      body: { id: 'fee-2026-001', unit: 'hhht-xc-campus', amount: '2.50' },
    });
    expect(transfer.status).toBe(201);
    const receipt = await t.call('GET', '/v1/ledger/transfers/fee-2026-001/receipt', { token: admin });
    expect(receipt.headers.get('content-type')).toContain('text/html');
    expect(receipt.body).toContain('电子回单');
    expect(receipt.body).toContain('¥2.50');
    const code = /class="code">([A-Z0-9-]+)</.exec(receipt.body)![1]!;
    expect((await t.call('GET', `/v1/public/receipts/${T}/fee-2026-001?code=${code}`)).body).toMatchObject({ valid: true, amount: '2.50' });
    expect((await t.call('GET', `/v1/public/receipts/${T}/fee-2026-001?code=AAAA-BBBB-CCCC-DDDD`)).status).toBe(404);
  });
});

describe('the nightly settlement, triggered by an operator', () => {
  it('sweeps every level up, reconciles, and can be inspected and rerun without change', async () => {
    const run = await t.settle(admin, today);
    expect(run.status).toBe(202);
    expect(run.body.status).toBe('succeeded');
    expect(run.body.steps.sweep.counts.batches).toBe(3); // one transaction per level: small families are packed together

    const region = await t.call('GET', '/v1/ledger/units/nm/sub-ledgers', { token: regionFinance });
    expect(Object.keys(region.body.tree).sort()).toEqual(['bt', 'hhht']);
    expect(region.body.tree.hhht.items.philately).toBe('210.00'); // 168 seeded + 42 deposited
    expect(region.body.tree.hhht.items.other).toBe('-2.50'); // the bank fee, booked to `other`
    expect(region.body.tree.bt.total).toBe('5910.20');
    for (const id of ['hhht-xc-campus:revenue', 'hhht-xc:revenue', 'hhht:revenue']) {
      expect((await t.call('GET', `/v1/ledger/accounts/${id}`, { token: admin })).body.net).toBe('0.00');
    }

    const campusDifference = { unit: 'hhht-xc-campus', fundNature: 'postal', expected: '1300.00', actual: '1286.50', difference: '-13.50' };
    const recon = await t.call('GET', `/v1/ledger/reconciliation/${today}`, { token: campusFinance });
    expect(recon.body.differences).toEqual(expect.arrayContaining([campusDifference]));
    // The city sees its unit and the one directly below it, not the campus two levels down.
    const cityRecon = await t.call('GET', `/v1/ledger/reconciliation/${today}`, { token: cityFinance });
    expect(cityRecon.body.differences).not.toContainEqual(campusDifference);
    expect((await t.call('GET', `/v1/ledger/reconciliation/${today}`, { token: admin })).body.differences).toContainEqual(campusDifference);
    expect((await t.call('GET', `/v1/settlement-runs/${today}`, { token: regionFinance })).body.status).toBe('succeeded');
    expect((await t.call('GET', '/v1/settlement-runs', { token: admin })).body.items.map((r: { businessDate: string }) => r.businessDate)).toContain(today);
    const again = await t.call('POST', '/v1/settlement-runs', { token: admin, body: { businessDate: today } });
    expect(again.body.attempts).toBe(1);
    expect((await t.call('POST', '/v1/settlement-runs', { token: campusFinance, body: { businessDate: today } })).status).toBe(403);
  });

  it('keeps a verifiable journal and statements with opening and closing balances', async () => {
    const verify = await t.call('GET', '/v1/ledger/accounts/nm:fund/verify', { token: admin });
    expect(verify.body).toMatchObject({ ok: true, problems: [] });
    const statement = await t.call('GET', `/v1/ledger/accounts/hhht-xc-campus:revenue/statement?from=${today}&to=${today}`, { token: campusFinance });
    expect([statement.body.opening.net, statement.body.closing.net]).toEqual(['0.00', '0.00']);
    expect(statement.body.postings.map((p: { side: string }) => p.side)).toEqual(['debit', 'debit', 'debit', 'debit', 'credit', 'credit']);
  });
});
