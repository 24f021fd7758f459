/**
 * Reveal from the console: masked data is shown in full only after a
 * stated purpose, for that page view, through the audited API — the read
 * is in the access log before the values are on the screen. The NCMS
 * approval form prints in clear the same way, and only for the roles that
 * may reveal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Visitor } from '../support/console.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await createTestPlatform();
}, 60_000);

const PHONE = '13912345678';

describe('revealing a case’s personal data in the console', () => {
  it('asks the purpose, records the read, and shows the value for this page only', async () => {
    const desk = await t.token('demo-property', ['desk-agent'], 'desk-01');
    const filed = await t.call('POST', '/v1/cases', {
      token: desk,
      body: { type: 'repair', input: { category: 'plumbing', description: '厨房水管漏水', location: { building: '2' }, contactPhone: PHONE } },
      headers: { 'idempotency-key': idem() },
    });
    expect(filed.status).toBe(201);
    const v = new Visitor(t);
    await v.signIn('demo-property', 'desk-01');
    const page = await v.get(`/console/cases/${filed.body.id}`);
    expect(page.html).toContain('139****5678');
    expect(page.html).not.toContain(PHONE);
    const hidden = Visitor.hidden(page.html, `/console/cases/${filed.body.id}/reveal`);

    // No purpose, no reveal: the field is named and nothing is read.
    const refused = await v.post(`/console/cases/${filed.body.id}/reveal`, { ...hidden, reason: '' });
    expect(refused.status).toBe(400);
    expect(refused.html).not.toContain(PHONE);

    const shown = await v.post(`/console/cases/${filed.body.id}/reveal`, { ...hidden, reason: '回电确认上门时间' });
    expect(shown.status).toBe(200);
    expect(shown.html).toContain(PHONE);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    const admin = await t.token('demo-property', ['tenant-admin'], 'admin');
    const log = await t.call('GET', `/v1/cases/${filed.body.id}/access-log`, { token: admin });
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'desk-01', reason: '回电确认上门时间' })]));

    // The next view is masked again.
    expect((await v.get(`/console/cases/${filed.body.id}`)).html).not.toContain(PHONE);
  });

  it('offers no reveal to a role that may not, and the API refuses it anyway', async () => {
    const desk = await t.token('demo-property', ['desk-agent'], 'desk-01');
    const filed = await t.call('POST', '/v1/cases', {
      token: desk,
      body: { type: 'repair', input: { category: 'electrical', description: '楼道灯不亮', location: { building: '3' }, contactPhone: PHONE } },
      headers: { 'idempotency-key': idem() },
    });
    const v = new Visitor(t);
    await v.signIn('demo-property', 'auditor');
    const page = await v.get(`/console/cases/${filed.body.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('139****5678');
    expect(page.html).not.toContain(`${filed.body.id}/reveal"`);
    const auditor = await t.token('demo-property', ['auditor'], 'auditor');
    expect((await t.call('POST', `/v1/cases/${filed.body.id}/reveal`, { token: auditor, body: { reason: '想看看号码' } })).status).toBe(403);
  });
});

describe('the NCMS approval form in clear', () => {
  const HEAD = '630121194001013419';

  async function application() {
    const office = await t.token('demo-ncms', ['ncms-office'], 'office-01');
    const res = await t.call('POST', '/v1/cases', {
      token: office,
      body: {
        type: 'eligibility',
        input: {
          township: 'dongguan',
          householdHead: { name: '马德福', idNumber: HEAD },
          members: [{ name: '马小花', idNumber: '630121197002023428', relation: '配偶' }],
          requestedCategory: 'class1',
          evidence: ['低保证 DB-2026-001'],
        },
      },
      headers: { 'idempotency-key': idem() },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('prints the household in clear for civil affairs after a stated purpose, recorded', async () => {
    const id = await application();
    const v = new Visitor(t);
    await v.signIn('demo-ncms', 'civil-01');
    const choice = await v.get(`/console/ncms/applications/${id}/form`);
    expect(choice.status).toBe(200);
    const masked = await v.get(`/console/ncms/applications/${id}/form?masked=1`);
    expect(masked.html).toContain('630***********3419');
    expect(masked.html).not.toContain(HEAD);
    const printed = await v.post(`/console/ncms/applications/${id}/form`, {
      ...Visitor.hidden(choice.html, `/console/ncms/applications/${id}/form`),
      reason: '打印审批表交民政局存档',
    });
    expect(printed.status).toBe(200);
    expect(printed.html).toContain(HEAD);
    expect(printed.html).toContain('马小花（配偶）630121197002023428');
    const log = await t.call('GET', `/v1/cases/${id}/access-log`, { token: await t.token('demo-ncms', ['auditor'], 'auditor') });
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'civil-01', reason: '打印审批表交民政局存档' })]));
  });

  it('is refused to a role that may only read the form, which prints masked', async () => {
    const id = await application();
    const auditor = await t.token('demo-ncms', ['auditor'], 'auditor');
    const refused = await t.call('POST', `/v1/ncms/applications/${id}/form`, { token: auditor, body: { reason: '想看看完整信息' } });
    expect(refused.status).toBe(403);
    const v = new Visitor(t);
    await v.signIn('demo-ncms', 'auditor');
    const form = await v.get(`/console/ncms/applications/${id}/form`);
    expect(form.html).toContain('630***********3419');
    expect(form.html).not.toContain(HEAD);
  });
});
