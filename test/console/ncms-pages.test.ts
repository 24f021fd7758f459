/**
 * The NCMS office's screens beyond the generated case pages: a settled stay
 * voided from its page with the reason (its ledger entries reversed), only
 * by the office.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Visitor } from '../support/console.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

const T = 'demo-ncms';
let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
}, 60_000);

async function settledStay() {
  const hospital = await t.token(T, ['hospital-operator'], 'hospital-01', { hospital: ['county-people'] });
  const stay = await t.call('POST', '/v1/ncms/stays', {
    token: hospital,
    body: { hospitalId: 'county-people', patient: { name: '病人', idNumber: '630121199201013415' }, admittedOn: '2026-11-02' },
  });
  expect(stay.status).toBe(201);
  await t.call('POST', `/v1/ncms/stays/${stay.body.id}/bill-lines`, {
    token: hospital,
    body: { lines: [{ code: 'T0001', description: '床位费', quantity: '3', unitPrice: '400.00' }] },
  });
  const settled = await t.call('POST', `/v1/ncms/stays/${stay.body.id}/discharge`, { token: hospital, body: { dischargedOn: '2026-11-15' } });
  expect(settled.status).toBe(200);
  return stay.body.id as string;
}

describe('voiding a settlement from its page', () => {
  it('takes the reason, reverses it, and leaves the stay open to settle again', async () => {
    const id = await settledStay();
    const v = new Visitor(t);
    await v.signIn(T, 'office-01');
    const page = await v.get(`/console/ncms/stays/${id}`);
    const hidden = Visitor.hidden(page.html, `/console/ncms/stays/${id}/void`);
    const refused = await v.post(`/console/ncms/stays/${id}/void`, { ...hidden, reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('作废原因');
    const voided = await v.post(`/console/ncms/stays/${id}/void`, { ...hidden, reason: '账单录入错误' });
    expect(voided.status).toBe(303);
    const office = await t.token(T, ['ncms-office', 'finance'], 'office-01');
    expect((await t.call('GET', `/v1/ncms/stays/${id}`, { token: office })).body.status).toBe('admitted');
    expect((await t.call('GET', `/v1/ledger/transfers/ncms:${id}:s1:ncms:void`, { token: office })).status).toBe(200);
  });

  it('is not offered to the hospital', async () => {
    const id = await settledStay();
    const v = new Visitor(t);
    await v.signIn(T, 'hospital-01');
    const page = await v.get(`/console/ncms/stays/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain(`/console/ncms/stays/${id}/void`);
    expect((await v.post(`/console/ncms/stays/${id}/void`, { reason: '想作废' })).status).toBe(404);
  });
});
