/**
 * Business hours, holidays and make-up days can be changed by a tenant's
 * admin, through the API and the console: each change names the version it
 * changes (a stale one is refused), is kept as a numbered version with who
 * and when, and a bad calendar is refused by field with nothing changed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Visitor } from '../support/console.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
let admin: string;

beforeAll(async () => {
  t = await createTestPlatform();
  admin = await t.token(T, ['tenant-admin'], 'admin');
}, 60_000);

const week = (hours: Array<[string, string]>) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, hours]));

describe('the business calendar', () => {
  it('is changed against the version read, and every version is kept', async () => {
    const before = (await t.call('GET', '/v1/tenant', { token: admin })).body.tenant;
    const seen = before.calendarVersion ?? 0;
    const calendar = { timeZone: before.calendar.timeZone, hours: week([['09:00', '17:00']]), holidays: ['2027-01-01'], workdays: ['2027-02-07'] };
    const changed = await t.call('PUT', '/v1/tenant/calendar', { token: admin, body: calendar, headers: { 'if-match': `"${seen}"` } });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(seen + 1);
    expect(changed.headers.get('etag')).toBe(`"${seen + 1}"`);
    const after = (await t.call('GET', '/v1/tenant', { token: admin })).body.tenant;
    expect(after.calendar.hours.mon).toEqual([['09:00', '17:00']]);
    expect(after.calendar.hours.sat).toBeUndefined();
    expect(after.calendarVersion).toBe(seen + 1);

    // Someone who read the old version cannot overwrite the new one.
    const stale = await t.call('PUT', '/v1/tenant/calendar', { token: admin, body: calendar, headers: { 'if-match': `"${seen}"` } });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toBe('/problems/version-conflict');

    const versions = await t.call('GET', '/v1/tenant/calendar/versions', { token: await t.token(T, ['auditor'], 'auditor') });
    expect(versions.body.items[0]).toMatchObject({ version: seen + 1, by: 'admin', calendar: { holidays: ['2027-01-01'] } });
  });

  it('refuses a calendar that makes no sense, by field, and changes nothing', async () => {
    const before = (await t.call('GET', '/v1/tenant', { token: admin })).body.tenant;
    const bad = await t.call('PUT', '/v1/tenant/calendar', {
      token: admin,
      body: { timeZone: before.calendar.timeZone, hours: { mon: [['17:00', '09:00']] }, holidays: ['2027-13-45'] },
      headers: { 'if-match': `"${before.calendarVersion ?? 0}"`, 'accept-language': 'zh-CN' },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['hours.mon.0', 'holidays.0']));
    const after = (await t.call('GET', '/v1/tenant', { token: admin })).body.tenant;
    expect(after.calendarVersion ?? 0).toBe(before.calendarVersion ?? 0);
    expect(after.calendar).toEqual(before.calendar);
  });

  it('is the admin’s alone to change', async () => {
    const desk = await t.token(T, ['desk-agent'], 'desk-01');
    const tenant = (await t.call('GET', '/v1/tenant', { token: admin })).body.tenant;
    const res = await t.call('PUT', '/v1/tenant/calendar', { token: desk, body: tenant.calendar, headers: { 'if-match': `"${tenant.calendarVersion ?? 0}"` } });
    expect(res.status).toBe(403);
  });

  it('is edited in the console’s settings, a bad line refused beside its day', async () => {
    const v = new Visitor(t);
    await v.signIn(T, 'admin');
    const page = await v.get('/console/settings');
    const hidden = Visitor.hidden(page.html, '/console/settings/calendar');
    const form = { ...hidden, 'hours.mon': '08:00-12:00, 14:00-18:00', 'hours.tue': '08:00-12:00', holidays: '2027-01-01\n2027-05-01', workdays: '' };
    const saved = await v.post('/console/settings/calendar', form);
    expect(saved.status).toBe(303);
    const tenant = (await t.call('GET', '/v1/tenant', { token: admin })).body.tenant;
    expect(tenant.calendar.hours.mon).toEqual([
      ['08:00', '12:00'],
      ['14:00', '18:00'],
    ]);
    expect(tenant.calendar.holidays).toEqual(['2027-01-01', '2027-05-01']);

    const again = await v.get('/console/settings');
    const refused = await v.post('/console/settings/calendar', { ...Visitor.hidden(again.html, '/console/settings/calendar'), 'hours.mon': '18:00-08:00' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('class="error"');
  });
});
