/**
 * A tenant's own wording of its notifications: listed with the wording in
 * force on a sample case, refused where a placeholder does not exist,
 * changed only from the version read, used for the next message written,
 * kept as versions, and given back to the default — through the API and on
 * the settings page. Placeholders are a closed set; the property below
 * holds for any text built from literal words and known placeholders.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillTemplate, PLACEHOLDERS, sampleCase, unknownPlaceholders } from '../../shared/pipeline/templates.ts';
import { textNodes, Visitor } from '../support/console.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

const T = 'demo-property';
const KEY = 'repair.created.0';
let t: TestPlatform;
let admin: string;
let auditor: string;
let resident: string;

beforeAll(async () => {
  t = await createTestPlatform();
  admin = await t.token(T, ['tenant-admin'], 'admin');
  auditor = await t.token(T, ['auditor'], 'auditor');
  resident = await t.token(T, ['resident'], 'resident-0101');
}, 60_000);

const repair = {
  type: 'repair',
  input: { category: 'plumbing', description: '阳台地漏堵塞', location: { building: '3', unit: '2', room: '501' }, contactPhone: '13812345678' },
};

async function lastMessageOf(recipient: string, caseId: string) {
  await t.deliverAll(T);
  const box = await t.call('GET', `/v1/mailbox?recipient=${encodeURIComponent(recipient)}&limit=100`, { token: admin });
  return (box.body.items as Array<{ subject: string; body: string; caseId?: string }>).find((m) => m.caseId === caseId);
}

describe('notification templates through the API', () => {
  it('lists every template with the wording in force on a sample case, for the admin and the auditor only', async () => {
    const list = await t.call('GET', '/v1/tenant/templates', { token: auditor });
    expect(list.status).toBe(200);
    const item = list.body.items.find((i: { key: string }) => i.key === KEY);
    expect(item).toMatchObject({ type: 'repair', event: 'created', to: 'requester' });
    expect(item.sample.subject).toContain('报修已受理');
    expect(Object.keys(list.body.placeholders)).toEqual(Object.keys(PLACEHOLDERS));
    expect((await t.call('GET', '/v1/tenant/templates', { token: resident })).status).toBe(403);
    expect(
      (await t.call('PUT', `/v1/tenant/templates/${KEY}`, { token: auditor, body: { subject: 'x', body: 'y' }, headers: { 'if-match': '"0"' } })).status,
    ).toBe(403);
  });

  it('refuses a placeholder that does not exist, naming the field, and saves nothing', async () => {
    for (const subject of ['您好 {name}', '编号 {ref', '}']) {
      const res = await t.call('PUT', `/v1/tenant/templates/${KEY}`, { token: admin, body: { subject, body: '正文' }, headers: { 'if-match': '"0"' } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['subject']);
    }
    expect((await t.call('GET', '/v1/tenant/templates', { token: admin })).body.version).toBe(0);
    expect(
      (await t.call('PUT', '/v1/tenant/templates/nosuch.created.0', { token: admin, body: { subject: 'a', body: 'b' }, headers: { 'if-match': '"0"' } }))
        .status,
    ).toBe(404);
  });

  it('uses the tenant’s wording for the next message, from the version read, and keeps every version', async () => {
    const text = { subject: '【幸福家园物业】报修{ref}已登记', body: '{type}：{state}，承诺时限 {due}。' };
    const saved = await t.call('PUT', `/v1/tenant/templates/${KEY}`, { token: admin, body: text, headers: { 'if-match': '"0"' } });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    const stale = await t.call('PUT', `/v1/tenant/templates/${KEY}`, { token: admin, body: text, headers: { 'if-match': '"0"' } });
    expect(stale.status).toBe(409);

    const filed = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    expect(filed.status).toBe(201);
    const message = await lastMessageOf('resident-0101', filed.body.id);
    expect(message?.subject).toBe(`【幸福家园物业】报修${filed.body.id.slice(-6)}已登记`);
    expect(message?.body).toMatch(/^报修 Repair request：已受理 Received，承诺时限 \d{4}-\d{2}-\d{2} \d{2}:\d{2}。$/);

    const versions = await t.call('GET', '/v1/tenant/templates/versions', { token: auditor });
    expect(versions.body.items[0]).toMatchObject({ version: 1, changed: KEY, by: 'admin' });

    const reset = await t.call('DELETE', `/v1/tenant/templates/${KEY}`, { token: admin, headers: { 'if-match': '"1"' } });
    expect(reset.status).toBe(200);
    const again = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    expect((await lastMessageOf('resident-0101', again.body.id))?.subject).toContain('报修已受理');
  });
});

describe('notification templates on the settings page', () => {
  it('previews a wording before saving it, and shows a refused placeholder beside the field', async () => {
    const v = new Visitor(t);
    await v.signIn(T, 'admin');
    const page = await v.get('/console/settings');
    const hidden = (html: string) => {
      const start = html.indexOf(`value="${KEY}"`);
      const form = html.slice(html.lastIndexOf('<form', start), html.indexOf('</form>', start));
      return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    };
    const fields = hidden(page.html);
    const preview = await v.post('/console/settings/templates', { ...fields, subject: '报修{ref}已登记', body: '状态：{state}', _do: 'preview' });
    expect(preview.status).toBe(200);
    expect(textNodes(preview.html.replace(/<\/?bdi>/g, '')).join(' ')).toContain('报修SAMPLE已登记');
    const refused = await v.post('/console/settings/templates', { ...fields, subject: '报修{编号}', body: '状态', _do: 'save' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('id="f-subject-error"');
    const saved = await v.post('/console/settings/templates', { ...fields, subject: '报修{ref}已登记', body: '状态：{state}', _do: 'save' });
    expect(saved.status).toBe(303);
    const list = await t.call('GET', '/v1/tenant/templates', { token: admin });
    expect(list.body.items.find((i: { key: string }) => i.key === KEY).own).toEqual({ subject: '报修{ref}已登记', body: '状态：{state}' });
    // The auditor reads the wording but has no form to change it.
    const reader = new Visitor(t);
    await reader.signIn(T, 'auditor');
    expect((await reader.get('/console/settings')).html).not.toContain('action="/console/settings/templates"');
  });
});

describe('placeholders', () => {
  const words = fc.stringMatching(/^[^{}]{0,12}$/);
  const known = fc.constantFrom(...Object.keys(PLACEHOLDERS));
  it('fills every known placeholder and leaves no brace, for any text of words and placeholders', async () => {
    const ct = t.platform.cases.caseTypes((await t.platform.tenants.get(T))!).find((c) => c.type === 'repair')!;
    const c = sampleCase(ct, T, new Date('2026-11-30T02:00:00Z'));
    const format = { time: (iso: string) => iso.slice(0, 16) };
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            words,
            known.map((k) => `{${k}}`),
          ),
          { maxLength: 8 },
        ),
        (parts) => {
          const text = parts.join('');
          expect(unknownPlaceholders(text)).toEqual([]);
          const out = fillTemplate(text, ct, c, format);
          expect(out).not.toMatch(/[{}]/);
          expect(out.includes(c.id.slice(-6))).toBe(text.includes('{ref}'));
        },
      ),
    );
  });

  it('reports any other name in braces, and a brace without its pair', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[^{}]{1,10}$/).filter((n) => !Object.hasOwn(PLACEHOLDERS, n)),
        (name) => {
          expect(unknownPlaceholders(`x{${name}}y`)).toEqual([`{${name}}`]);
          expect(unknownPlaceholders(`{ref}{`)).toEqual(['{']);
        },
      ),
    );
  });
});
