/**
 * The county NCMS office through the HTTP API: the quote contract, the
 * eligibility register, a stay from admission to settlement, caps under
 * concurrency, voids, periods, reports, and hospital and township isolation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../../shared/kernel/money.ts';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-ncms';
let t: TestPlatform;
let office: string;
let civil: string;
let countyHospital: string;
let townshipHospital: string;
let dongguan: string;
let otherTownship: string;
const HEAD = '630121195602143417'; // the seeded class-1 household head

beforeAll(async () => {
  t = await createTestPlatform();
  office = await t.token(T, ['ncms-office', 'finance'], 'office-01');
  civil = await t.token(T, ['civil-affairs'], 'civil-01');
  countyHospital = await t.token(T, ['hospital-operator'], 'hospital-01', { hospital: ['county-people'] });
  townshipHospital = await t.token(T, ['hospital-operator'], 'hospital-02', { hospital: ['dongguan-health'] });
  dongguan = await t.token(T, ['township-reviewer'], 'township-01', { township: ['dongguan'] });
  otherTownship = await t.token(T, ['township-reviewer'], 'township-09', { township: ['lijiashan'] });
});

async function stayWithBill(token: string, hospitalId: string, idNumber: string, lines: Array<[string, string, string]>, admittedOn = '2026-11-02') {
  const stay = await t.call('POST', '/v1/ncms/stays', { token, body: { hospitalId, patient: { name: '病人', idNumber }, admittedOn } });
  expect(stay.status).toBe(201);
  const added = await t.call('POST', `/v1/ncms/stays/${stay.body.id}/bill-lines`, {
    token,
    body: { lines: lines.map(([code, quantity, unitPrice]) => ({ code, description: code, quantity, unitPrice })) },
  });
  expect(added.status).toBe(201);
  return stay.body;
}

describe('the quote API (fixed contract)', () => {
  it('answers with the three parts, the policy version and a bilingual trace', async () => {
    const res = await t.call('POST', '/v1/ncms/settlement-quotes', {
      token: office,
      body: { category: 'class1', hospitalLevel: 'township', totalCost: '3000.00' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ncms: '2400.00', assistance: '365.00', selfPay: '235.00', policyVersion: 1 });
    expect(res.body.trace.at(-1)).toMatchObject({ step: 'self-pay', amount: '235.00' });
    expect(res.body.trace.every((s: { zh: string; en: string }) => s.zh && s.en)).toBe(true);
    const withEligible = await t.call('POST', '/v1/ncms/settlement-quotes', {
      token: countyHospital,
      body: {
        category: 'ordinary',
        hospitalLevel: 'county',
        totalCost: '2000.00',
        eligibleCost: '1500.00',
        ncmsPaidThisYear: '0.00',
        assistancePaidThisYear: '0.00',
      },
    });
    expect(withEligible.body).toMatchObject({ ncms: '780.00', assistance: '0.00', selfPay: '1220.00' });
  });

  it('is refused to other roles with 403', async () => {
    expect(
      (await t.call('POST', '/v1/ncms/settlement-quotes', { token: civil, body: { category: 'class1', hospitalLevel: 'township', totalCost: '1.00' } })).status,
    ).toBe(403);
  });

  it.each([
    [{ category: 'class4', hospitalLevel: 'township', totalCost: '1.00' }, 'category'],
    [{ category: 'class1', hospitalLevel: 'village', totalCost: '1.00' }, 'hospitalLevel'],
    [{ category: 'class1', hospitalLevel: 'county', totalCost: '-1.00' }, 'totalCost'],
    [{ category: 'class1', hospitalLevel: 'county', totalCost: '1.005' }, 'totalCost'],
    [{ category: 'class1', hospitalLevel: 'county', totalCost: 100 }, 'totalCost'],
    [{ category: 'class1', hospitalLevel: 'county', totalCost: '100.00', eligibleCost: '100.01' }, 'eligibleCost'],
    [{ category: 'class1', hospitalLevel: 'county', totalCost: '100.00', ncmsPaidThisYear: 'lots' }, 'ncmsPaidThisYear'],
  ])('answers 422 naming the field for %j', async (body, field) => {
    const res = await t.call('POST', '/v1/ncms/settlement-quotes', { token: office, body });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('eligibility register', () => {
  it('runs township review then county approval, and keeps each township to its own applications', async () => {
    const app = await t.call('POST', '/v1/cases', {
      token: dongguan,
      body: {
        type: 'eligibility',
        input: {
          township: 'dongguan',
          householdHead: { name: '韩五保', idNumber: '630121194001013419' },
          requestedCategory: 'class2',
          evidence: ['五保供养证 0031'],
        },
      },
      headers: { 'idempotency-key': idem() },
    });
    expect(app.status).toBe(201);
    // Masked field by field: the household head keeps its shape, the number shows its ends only.
    expect(app.body.data.householdHead.idNumber).toBe('630***********3419');
    expect(JSON.stringify(app.body.data)).not.toContain('630121194001013419');
    expect((await t.call('GET', `/v1/cases/${app.body.id}`, { token: otherTownship })).status).toBe(404);
    // A hospital operator reads no eligibility case at all: the permission does not name the role.
    expect((await t.call('GET', `/v1/cases/${app.body.id}`, { token: countyHospital })).status).toBe(403);
    expect(
      (
        await t.call('POST', `/v1/cases/${app.body.id}/transitions`, {
          token: civil,
          body: { action: 'approve', input: { category: 'class2', validFrom: '2026-01-01', validTo: '2026-12-31' } },
        })
      ).status,
    ).toBe(409);
    expect((await t.call('POST', `/v1/cases/${app.body.id}/transitions`, { token: dongguan, body: { action: 'approve_township' } })).status).toBe(200);
    const approved = await t.call('POST', `/v1/cases/${app.body.id}/transitions`, {
      token: civil,
      body: { action: 'approve', input: { category: 'class2', validFrom: '2026-01-01', validTo: '2026-12-31' } },
    });
    expect(approved.body.state).toBe('registered');
    // The hospital now finds the person registered for the admission date — and not outside the validity period.
    const inside = await t.call('POST', '/v1/ncms/stays', {
      token: townshipHospital,
      body: { hospitalId: 'dongguan-health', patient: { name: '韩五保', idNumber: '630121194001013419' }, admittedOn: '2026-06-01' },
    });
    expect(inside.body).toMatchObject({ category: 'class2', registerEntry: { applicationId: app.body.id } });
    const outside = await t.call('POST', '/v1/ncms/stays', {
      token: townshipHospital,
      body: { hospitalId: 'dongguan-health', patient: { name: '韩五保', idNumber: '630121194001013419' }, admittedOn: '2027-01-02' },
    });
    expect(outside.body.category).toBe('ordinary');
  });
});

describe('a stay from admission to settlement', () => {
  it('settles a registered class-1 patient: pre-settlement equals the final settlement, caps and ledger move together', async () => {
    const stay = await stayWithBill(countyHospital, 'county-people', HEAD, [
      ['T0001', '10', '80.00'],
      ['D0002', '4', '125.50'],
      ['D0003', '1', '900.00'],
      ['X9999', '1', '50.00'],
    ]);
    expect(stay.category).toBe('class1');
    const detail = await t.call('GET', `/v1/ncms/stays/${stay.id}`, { token: countyHospital });
    // Lines outside the catalogue (X9999) or not eligible (D0003) count in the total only.
    expect(detail.body.billLines.map((l: { eligible: boolean }) => l.eligible)).toEqual([true, true, false, false]);
    const pre = await t.call('GET', `/v1/ncms/stays/${stay.id}/pre-settlement?asOf=2026-11-10`, { token: countyHospital });
    expect(pre.body).toMatchObject({ totalCost: '2252.00', eligibleCost: '1302.00' });
    const settled = await t.call('POST', `/v1/ncms/stays/${stay.id}/discharge`, { token: countyHospital, body: { dischargedOn: '2026-11-10' } });
    expect(settled.status).toBe(200);
    const s = settled.body.settlement;
    expect([s.ncms, s.assistance, s.selfPay]).toEqual([pre.body.ncms, pre.body.assistance, pre.body.selfPay]);
    expect(new Dec(s.ncms).plus(s.assistance).plus(s.selfPay).toFixed(2)).toBe('2252.00');
    // NCMS: 1302 × 70 % = 911.40; remainder 1340.60 → 300 + 325 + 238.42 = 863.42.
    expect([s.ncms, s.assistance, s.selfPay]).toEqual(['911.40', '863.42', '477.18']);
    const payable = await t.call('GET', '/v1/ledger/accounts/payable:hospital:county-people:ncms', { token: office });
    expect(payable.body.net).toBe('911.40');
    expect((await t.call('POST', `/v1/ncms/stays/${stay.id}/discharge`, { token: countyHospital, body: { dischargedOn: '2026-11-10' } })).status).toBe(409);
  });

  it('never exceeds an annual cap, even for concurrent discharges of one person', async () => {
    const person = '630121197001013411';
    await t
      .call('POST', '/v1/cases', {
        token: dongguan,
        body: {
          type: 'eligibility',
          input: { township: 'dongguan', householdHead: { name: '高额', idNumber: person }, requestedCategory: 'class1', evidence: ['低保证'] },
        },
        headers: { 'idempotency-key': idem() },
      })
      .then(async (app) => {
        await t.call('POST', `/v1/cases/${app.body.id}/transitions`, { token: dongguan, body: { action: 'approve_township' } });
        await t.call('POST', `/v1/cases/${app.body.id}/transitions`, {
          token: civil,
          body: { action: 'approve', input: { category: 'class1', validFrom: '2026-01-01', validTo: '2026-12-31' } },
        });
      });
    // Each stay alone is due 7,150 of assistance (a 9,000 bill outside the catalogue): the 6,000 cap allows one.
    const stays = await Promise.all([0, 1, 2].map(() => stayWithBill(countyHospital, 'county-people', person, [['T0003', '1', '9000.00']])));
    const settled = await Promise.all(
      stays.map((s) => t.call('POST', `/v1/ncms/stays/${s.id}/discharge`, { token: countyHospital, body: { dischargedOn: '2026-11-20' } })),
    );
    expect(settled.map((r) => r.status)).toEqual([200, 200, 200]);
    const assistance = settled.map((r) => new Dec(r.body.settlement.assistance));
    expect(assistance.reduce((a, b) => a.plus(b), new Dec(0)).toFixed(2)).toBe('6000.00');

    // Voiding one gives its share of the cap back; settling it again can use it.
    const voided = settled.find((r) => r.body.settlement.assistance !== '0.00')!.body;
    const reopened = await t.call('POST', `/v1/ncms/stays/${voided.id}/void`, { token: office, body: { reason: '账单录入错误 wrong bill' } });
    expect([reopened.status, reopened.body.status]).toEqual([200, 'admitted']);
    const again = await t.call('POST', `/v1/ncms/stays/${voided.id}/discharge`, { token: countyHospital, body: { dischargedOn: '2026-11-21' } });
    expect(again.body.settlement.assistance).toBe(voided.settlement.assistance);
    const entry = await t.call('GET', `/v1/ledger/transfers/ncms:${voided.id}:s1:assistance:void`, { token: office });
    expect(entry.status).toBe(200);
  });

  it('shows the treating hospital the approval form in triplicate, and no other hospital', async () => {
    const stay = await stayWithBill(countyHospital, 'county-people', HEAD, [['T0001', '1', '80.00']]);
    const form = await t.call('GET', `/v1/ncms/stays/${stay.id}/approval-form`, { token: countyHospital });
    expect(form.headers.get('content-type')).toContain('text/html');
    expect(form.body.match(/特困群众大病医疗救助垫付审批表/g)).toHaveLength(3);
    expect(form.body).toContain('医疗卫生机构留存');
    expect(form.body).toContain('县/乡民政局留存');
    expect(form.body).not.toContain(HEAD);
    expect((await t.call('GET', `/v1/ncms/stays/${stay.id}/approval-form`, { token: townshipHospital })).status).toBe(404);
  });
});

describe('hospital isolation', () => {
  it('answers 404 to another hospital’s operator on every stay route', async () => {
    const stay = await stayWithBill(countyHospital, 'county-people', '630121198501013410', [['T0001', '1', '80.00']]);
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/v1/ncms/stays/${stay.id}`],
      ['GET', `/v1/ncms/stays/${stay.id}/pre-settlement`],
      ['POST', `/v1/ncms/stays/${stay.id}/bill-lines`, { lines: [{ code: 'T0001', description: 'x', quantity: '1', unitPrice: '1.00' }] }],
      ['POST', `/v1/ncms/stays/${stay.id}/discharge`, { dischargedOn: '2026-11-12' }],
      ['GET', '/v1/ncms/stays?hospital=county-people'],
      ['POST', '/v1/ncms/stays', { hospitalId: 'county-people', patient: { name: 'x', idNumber: '630121198501013410' }, admittedOn: '2026-11-12' }],
    ];
    for (const [method, path, body] of attempts) {
      expect([method, path, (await t.call(method, path, { token: townshipHospital, body })).status]).toEqual([method, path, 404]);
    }
    expect((await t.call('GET', `/v1/ncms/stays/${stay.id}`, { token: countyHospital })).status).toBe(200);
  });
});

describe('periods and reports', () => {
  it('closes a month: statements, approval, payment once, reconciliation, report and CSV', async () => {
    const stay = await stayWithBill(townshipHospital, 'dongguan-health', '630121199001013413', [['T0001', '5', '60.00']], '2026-10-03');
    await t.call('POST', `/v1/ncms/stays/${stay.id}/discharge`, { token: townshipHospital, body: { dischargedOn: '2026-10-08' } });
    const built = await t.call('POST', '/v1/ncms/periods/2026-10/statements', { token: office });
    const dongguanStatement = built.body.items.find((s: { hospitalId: string }) => s.hospitalId === 'dongguan-health');
    expect(dongguanStatement).toMatchObject({ stays: 1, totalCost: '300.00', ncms: '150.00', selfPay: '150.00', status: 'draft' }); // ordinary: (300 − 100) × 75 %
    await t.call('POST', '/v1/ncms/periods/2026-10/statements/dongguan-health/approve', { token: office });
    expect((await t.call('POST', `/v1/ncms/stays/${stay.id}/void`, { token: office, body: { reason: 'too late' } })).status).toBe(409);
    const paid = await t.call('POST', '/v1/ncms/periods/2026-10/statements/dongguan-health/pay', { token: office });
    expect(paid.body.status).toBe('paid');
    const fund = (await t.call('GET', '/v1/ledger/accounts/fund:ncms', { token: office })).body.net;
    await t.call('POST', '/v1/ncms/periods/2026-10/statements/dongguan-health/pay', { token: office });
    expect((await t.call('GET', '/v1/ledger/accounts/fund:ncms', { token: office })).body.net).toBe(fund);
    expect((await t.call('GET', '/v1/ledger/accounts/payable:hospital:dongguan-health:ncms', { token: office })).body.net).toBe('0.00');

    const report = await t.call('GET', '/v1/ncms/reports/2026-10', { token: civil });
    expect(report.body.totals).toMatchObject({ stays: 1, totalCost: '300.00', compensationRatio: '50.00' });
    const csv = await t.call('GET', '/v1/ncms/reports/2026-10?format=csv', { token: office });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body.split('\n')[1]).toBe('total,all,1,300.00,150.00,0.00,150.00,50.00');
    const recon = await t.call('GET', '/v1/ncms/periods/2026-11/assistance-reconciliation', { token: civil });
    expect(recon.status).toBe(200);
    expect(new Dec(recon.body.advanced).gt(0)).toBe(true);
  });

  it('collects the discharge satisfaction survey once, with the token it sent', async () => {
    const stay = await stayWithBill(countyHospital, 'county-people', '630121199201013415', [['T0001', '1', '80.00']]);
    await t.call('POST', `/v1/ncms/stays/${stay.id}/discharge`, { token: countyHospital, body: { dischargedOn: '2026-11-15' } });
    await t.platform.dispatcher.drain(T);
    const admin = await t.token(T, ['tenant-admin']);
    const mail = await t.call('GET', `/v1/mailbox?recipient=${encodeURIComponent(`patient:${stay.id}`)}`, { token: admin });
    // The message links to the survey page; the page answers through the public API with the link's token.
    const page = /\/console\/public\/ncms\/surveys\/\S+/.exec(mail.body.items[0].body)![0];
    const link = page.replace('/console/public/ncms/', '/v1/public/ncms/');
    expect((await t.call('POST', link.replace(/token=[^&]+/, 'token=forged'), { body: { score: 5 } })).status).toBe(404);
    expect((await t.call('POST', link, { body: { score: 4, comment: '很方便' } })).status).toBe(201);
    expect((await t.call('POST', link, { body: { score: 1 } })).status).toBe(409);
    // The page itself opens without signing in.
    const form = await t.app.request(`http://x${page}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="token"');
  });
});
