/**
 * The NCMS office's screens beyond the generated case pages: a settled stay
 * voided from its page with the reason (its ledger entries reversed), only
 * by the office; the settlement printed for the patient; townships chosen
 * from the county's list (typed as a name, filed under its code); funds
 * received and reconciled; the register browsed and exported.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { textNodes, Visitor } from '../support/console.ts';
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

const text = (html: string) => textNodes(html).join(' ');

describe('the printed settlement', () => {
  it('shows the patient what the stay cost, what each fund paid and what is theirs to pay', async () => {
    const id = await settledStay();
    const hospital = new Visitor(t);
    await hospital.signIn(T, 'hospital-01');
    const stay = await hospital.get(`/console/ncms/stays/${id}`);
    expect(stay.html).toContain(`/console/ncms/stays/${id}/print`);
    const sheet = await hospital.get(`/console/ncms/stays/${id}/print`);
    expect(sheet.status).toBe(200);
    const words = text(sheet.html);
    expect(words).toContain('县人民医院 · 住院费用结算单');
    expect(words).toContain('¥1,200.00');
    expect(words).toMatch(/新农合补偿 民政救助 个人自付 ¥[\d,.]+ ¥[\d,.]+ ¥[\d,.]+/);
    expect(sheet.html).not.toContain('630121199201013415'); // the identity number prints masked
    // An admitted stay has no settlement to print.
    const office = await t.token(T, ['ncms-office'], 'office-01');
    const open = await t.call('POST', '/v1/ncms/stays', {
      token: office,
      body: { hospitalId: 'county-people', patient: { name: '另一位', idNumber: '630121199201013415' }, admittedOn: '2026-11-20' },
    });
    expect((await hospital.get(`/console/ncms/stays/${open.body.id}/print`)).status).toBe(404);

    // The patient's own copy in full: the purpose stated, the read recorded under the reader and the stay first.
    const clear = await hospital.post(`/console/ncms/stays/${id}/print`, {
      ...Visitor.hidden(sheet.html, `/console/ncms/stays/${id}/print`),
      reason: '出院结算单交患者本人',
    });
    expect(clear.status).toBe(200);
    expect(clear.html).toContain('630121199201013415');
    expect(clear.headers.get('cache-control')).toContain('no-store');
    const admin = await t.token(T, ['tenant-admin'], 'admin');
    const log = await t.call('GET', `/v1/access-log?subject=${encodeURIComponent(`stay:${id}`)}`, { token: admin });
    expect(log.body.items[0]).toMatchObject({ actor: 'hospital-01', action: 'reveal', reason: '出院结算单交患者本人', fields: ['patient'] });
    const short = await hospital.post(`/console/ncms/stays/${id}/print`, { ...Visitor.hidden(sheet.html, `/console/ncms/stays/${id}/print`), reason: '打' });
    expect(short.status).toBe(400);
    expect(short.html).not.toContain('630121199201013415');
    // The auditor reads the settlement but is not offered the patient in full.
    const auditor = new Visitor(t);
    await auditor.signIn(T, 'auditor');
    const audited = await auditor.get(`/console/ncms/stays/${id}/print`);
    expect(audited.status).toBe(200);
    expect(audited.html).not.toContain(`action="/console/ncms/stays/${id}/print"`);
  });
});

describe('townships', () => {
  it('offers the county’s townships, files a name under its code, and refuses one not on the list', async () => {
    const reviewer = new Visitor(t);
    await reviewer.signIn(T, 'township-01');
    const form = await reviewer.get('/console/cases/new?type=eligibility');
    expect(form.html).toMatch(/<select[^>]*name="input.township"/);
    expect(form.html).toMatch(/<option value="dongguan"[^>]*>东关乡<\/option>/);

    const token = await t.token(T, ['township-reviewer'], 'township-01', { township: ['dongguan'] });
    const body = (township: string) => ({
      type: 'eligibility',
      input: { township, householdHead: { name: '王五', idNumber: '630121198001011234' }, requestedCategory: 'class2', evidence: ['低保证 2026-001'] },
    });
    const byName = await t.call('POST', '/v1/cases', { token, body: body('东关乡'), headers: { 'idempotency-key': `tw-${Date.now()}` } });
    expect(byName.status).toBe(201);
    expect(byName.body.data.township).toBe('dongguan');
    expect((await t.call('GET', `/v1/cases/${byName.body.id}`, { token })).status).toBe(200); // the reviewer scoped to it sees it
    const elsewhere = await t.call('POST', '/v1/cases', { token, body: body('火星乡'), headers: { 'idempotency-key': `tw2-${Date.now()}` } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors[0]).toMatchObject({ field: 'input.township' });
  });

  it('is the demo county’s alone: a new county files any township as typed until its office lists its own', async () => {
    const operator = await t.token('_platform', ['platform-operator'], 'operator');
    expect((await t.call('POST', '/v1/tenants', { token: operator, body: { id: 'another-county', kind: 'ncms', name: '另一县合管办' } })).status).toBe(201);
    const token = await t.token('another-county', ['ncms-office'], 'office-x');
    expect((await t.call('GET', '/v1/ncms/townships', { token })).body.townships).toEqual([]);
    const types = await t.call('GET', '/v1/case-types', { token });
    expect(types.body.items.find((c: { type: string }) => c.type === 'eligibility').intakeSchema.properties.township.enum).toBeUndefined();
    const filed = await t.call('POST', '/v1/cases', {
      token,
      body: {
        type: 'eligibility',
        input: { township: '河西镇', householdHead: { name: '李四', idNumber: '630121198001011234' }, requestedCategory: 'class2', evidence: ['低保证'] },
      },
      headers: { 'idempotency-key': `nc-${Date.now()}` },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.data.township).toBe('河西镇');
  });

  it('is a list the office edits from the one in force', async () => {
    const office = new Visitor(t);
    await office.signIn(T, 'office-01');
    const page = await office.get('/console/ncms/townships');
    expect(page.html).toMatch(/name="townships.1.id"[^>]*value="dongguan"/);
    const values = Object.fromEntries([...page.html.matchAll(/name="(townships\.\d+\.(?:id|name))"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const twice = await office.submit('/console/ncms/townships', '/console/ncms/townships/do/townships', {
      ...values,
      'townships.4.id': 'dongguan',
      'townships.4.name': '重复',
    });
    expect(twice.status).toBe(400);
    const saved = await office.submit('/console/ncms/townships', '/console/ncms/townships/do/townships', {
      ...values,
      'townships.4.id': 'nanchuan',
      'townships.4.name': '南川乡 Nanchuan',
    });
    expect(saved.status).toBe(200);
    const reviewer = new Visitor(t);
    await reviewer.signIn(T, 'township-01');
    expect((await reviewer.get('/console/cases/new?type=eligibility')).html).toContain('<option value="nanchuan"');
    expect((await reviewer.get('/console/ncms/townships')).status).toBe(404);
  });
});

describe('funds and the register', () => {
  it('takes civil affairs’ pre-funding once, and shows it in the month’s reconciliation', async () => {
    const civil = new Visitor(t);
    await civil.signIn(T, 'civil-01');
    const page = await civil.get('/console/ncms/funds');
    expect(page.html).toContain('id="assistance"');
    expect(page.html).not.toContain('id="ncms"'); // the NCMS fund is the county finance bureau's, booked by the office
    const before = text(page.html);
    const fields = { ...Visitor.hidden(page.html, '/console/ncms/funds/do/assistance'), amount: '12345.67', memo: '民政预拨 测试' };
    expect((await civil.post('/console/ncms/funds/do/assistance', fields)).status).toBe(200);
    expect((await civil.post('/console/ncms/funds/do/assistance', fields)).status).toBe(200); // sent twice, booked once
    const funded = (s: string) => /民政预拨 ¥([\d,.]+)/.exec(s)?.[1]?.replace(/,/g, '');
    const after = text((await civil.get('/console/ncms/funds')).html);
    expect(Number(funded(after)) - Number(funded(before))).toBeCloseTo(12345.67, 2);
  });

  it('lists the register by township with the household head first, and exports it', async () => {
    const office = new Visitor(t);
    await office.signIn(T, 'office-01');
    const page = await office.get('/console/ncms/register');
    expect(page.status).toBe(200);
    const words = text(page.html);
    expect(words).toContain('东关乡');
    expect(words).toContain('户主');
    expect(words).toContain('有效');
    const csv = await office.get('/console/ncms/register/csv?township=dongguan');
    const lines = csv.html.trim().split('\r\n');
    expect(lines[0]).toBe('乡镇,审批编号,家庭成员序号,类别,有效期自,有效期至,状态');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.startsWith('东关乡,'))).toBe(true);
    expect((await office.get('/console/ncms/register/csv?township=nowhere')).html.trim().split('\r\n')).toHaveLength(1);
    const hospital = new Visitor(t);
    await hospital.signIn(T, 'hospital-01');
    expect((await hospital.get('/console/ncms/register')).status).toBe(404);
  });
});

describe('finding a patient’s stays', () => {
  it('finds them by identity number typed in full, kept out of URLs, and pages the rest by cursor', async () => {
    const office = await t.token(T, ['ncms-office'], 'office-01');
    const admit = async (idNumber: string) =>
      (
        await t.call('POST', '/v1/ncms/stays', {
          token: office,
          body: { hospitalId: 'county-people', patient: { name: '查找测试', idNumber }, admittedOn: '2026-11-21' },
        })
      ).body.id as string;
    const mine = await admit('630121198507071237');
    const theirs = await admit('630121199003031230');

    const hospital = new Visitor(t);
    await hospital.signIn(T, 'hospital-01');
    const page = await hospital.get('/console/ncms/stays?hospital=county-people');
    const found = await hospital.post('/console/ncms/stays/find', {
      ...Visitor.hidden(page.html, '/console/ncms/stays/find'),
      hospital: 'county-people',
      idNumber: '630121198507071237',
    });
    expect(found.status).toBe(200);
    expect(found.html).toContain(`/console/ncms/stays/${mine}`);
    expect(found.html).not.toContain(`/console/ncms/stays/${theirs}`);
    expect(found.html).not.toMatch(/href="[^"]*630121198507071237/);

    const api = await t.call('GET', '/v1/ncms/stays?hospital=county-people', { token: office, headers: { 'x-patient-id-number': '630121199003031230' } });
    expect(api.body.items.map((s: { id: string }) => s.id)).toEqual([theirs]);
    // Typed with full-width digits it is the same number; anything else is refused beside the field, never sent.
    const wide = await hospital.post('/console/ncms/stays/find', {
      ...Visitor.hidden(page.html, '/console/ncms/stays/find'),
      hospital: 'county-people',
      idNumber: '６３０１２１１９８５０７０７１２３７',
    });
    expect(wide.html).toContain(`/console/ncms/stays/${mine}`);
    const odd = await hospital.post('/console/ncms/stays/find', {
      ...Visitor.hidden(page.html, '/console/ncms/stays/find'),
      hospital: 'county-people',
      idNumber: '张三',
    });
    expect(odd.status).toBe(200);
    expect(odd.html).toContain('id="f-idNumber-error"');
    expect((await t.call('GET', '/v1/ncms/stays?hospital=county-people', { token: office, headers: { 'x-patient-id-number': '6301' } })).status).toBe(400);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await t.call('GET', `/v1/ncms/stays?hospital=county-people&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        token: office,
      });
      seen.push(...res.body.items.map((s: { id: string }) => s.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([mine, theirs]));
  });
});
