/**
 * Mail at the property desk, kept by the same parcel custody as the campus
 * counter: received for a household's person (or by the phone on the
 * label) with a pickup code and a notice; the tracking number once; handed
 * over against the code and the phone's last four digits, five wrong tries
 * locking it; the resident sees their own mail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
const tokens: Record<string, string> = {};
let seq = 0;
const receive = (body: Record<string, unknown>) =>
  t.call('POST', '/v1/property/mail', { token: tokens.desk!, body: { tracking: `SF${Date.now()}${++seq}`, carrier: '顺丰 SF', shelf: 'M-01', ...body } });
const pickup = (body: Record<string, unknown>) => t.call('POST', '/v1/property/mail/pickup', { token: tokens.desk!, body });

beforeAll(async () => {
  t = await createTestPlatform();
  tokens.desk = await t.token(T, ['desk-agent'], 'desk-01');
  tokens.resident = await t.token(T, ['resident'], 'resident-0101');
  tokens.tech = await t.token(T, ['team-member'], 'tech-01', { team: ['maintenance'] });
}, 60_000);

describe('mail at the desk', () => {
  it('is received for a household’s person with a code they are told, and shown to them', async () => {
    const got = await receive({ household: '1-1-101', kind: 'registered', carrier: 'EMS' });
    expect([got.status, got.body.status, got.body.carrier, got.body.code]).toEqual([201, 'waiting', 'EMS 挂号信', expect.stringMatching(/^\d{6}$/)]);
    await t.deliverAll(T);
    const mail = (await t.call('GET', '/v1/mailbox', { token: tokens.resident! })).body.items;
    expect(mail.find((m: { event: string; subject: string }) => m.event === 'mail-arrived' && m.subject.includes(got.body.code))).toBeDefined();
    const mine = await t.call('GET', '/v1/property/my/mail', { token: tokens.resident! });
    expect(mine.body.items.map((p: { id: string }) => p.id)).toContain(got.body.id);
    expect((await t.call('GET', '/v1/property/mail', { token: tokens.tech! })).status).toBe(403);
  });

  it('takes a tracking number once, finds the addressee by the phone on the label, and keeps the unknown for the desk', async () => {
    const first = await receive({ household: '1-1-102', tracking: 'YT123456789' });
    expect(first.status).toBe(201);
    const again = await receive({ household: '1-1-102', tracking: 'YT123456789' });
    expect([again.status, again.body.type]).toEqual([409, '/problems/duplicate-tracking']);
    const byPhone = await receive({ phone: '13910000002' });
    expect(byPhone.body).toMatchObject({ status: 'waiting', recipientId: expect.stringMatching(/^1-1-102:/) });
    const nowhere = await receive({ household: '9-9-999' });
    expect([nowhere.status, nowhere.body.errors?.[0]?.field]).toEqual([400, 'household']);
    const unknown = await receive({ phone: '13000000000' });
    expect([unknown.status, unknown.body.status, unknown.body.code]).toEqual([201, 'unclaimed', undefined]);
  });

  it('is handed over against the code and the phone’s last four digits, with the chain of custody', async () => {
    const got = (await receive({ household: '1-1-101' })).body;
    const wrong = await pickup({ code: got.code, last4: '9999' });
    expect([wrong.status, wrong.body.type]).toEqual([422, '/problems/release-refused']);
    const handed = await pickup({ code: got.code, last4: '0001', proxy: { name: '王阿姨', authorization: '业主电话授权 phoned consent' } });
    expect(handed.body.status).toBe('released');
    expect(handed.body.custody.map((c: { action: string; by: string }) => `${c.action}:${c.by}`)).toEqual([
      'checked-in:desk-01',
      'release-refused:desk-01',
      'released:desk-01',
    ]);
    expect(handed.body.custody.at(-1).to).toContain('王阿姨');
    expect((await pickup({ code: got.code, last4: '0001' })).status).toBe(422); // the code died with the handover
  });

  it('locks after five wrong tries, and then not even the right digits release it', async () => {
    const got = (await receive({ household: '1-1-101' })).body;
    for (let i = 0; i < 5; i++) expect((await pickup({ code: got.code, last4: '1234' })).status).toBe(422);
    const locked = await pickup({ code: got.code, last4: '0001' });
    expect([locked.status, locked.body.type]).toEqual([422, '/problems/parcel-locked']);
  });
});
