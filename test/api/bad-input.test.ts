/**
 * Bad input gets a clear, specific 4xx problem naming the field, never a
 * 5xx, and never a partial write.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';
import { writeCalls } from '../support/table.ts';

const T = 'demo-property';
let t: TestPlatform;
let resident: string;
let desk: string;
let tech: string;

const valid = { type: 'repair', input: { category: 'plumbing', description: 'sink blocked', location: { building: '7' } } };

const writes = () => writeCalls(t.platform.store);

/** Every item in the table: read around a whole property, where a scan per run would cost more than the requests. */
async function itemCount(): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await t.platform.store.doc.send(new ScanCommand({ TableName: t.platform.store.tableName, Select: 'COUNT', ExclusiveStartKey }));
    count += out.Count ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

beforeAll(async () => {
  t = await createTestPlatform({ env: { MAX_BODY_BYTES: '8192' } });
  resident = await t.token(T, ['resident'], 'resident-0101');
  desk = await t.token(T, ['desk-agent'], 'desk-01');
  tech = await t.token(T, ['team-member'], 'tech-01', { team: ['maintenance'] });
});

describe('malformed requests', () => {
  const post = (body: string, headers: Record<string, string>) =>
    t.call('POST', '/v1/cases', { token: resident, body, headers: { 'idempotency-key': idem(), ...headers } });

  it('rejects malformed JSON with 400 malformed-json', async () => {
    const res = await post('{"type": "repair", ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: '/problems/malformed-json', status: 400, title: 'Bad request' });
  });

  it('rejects a body that is not JSON with 415', async () => {
    const res = await post('type=repair', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.body.type).toBe('/problems/unsupported-media-type');
  });

  it('rejects an oversized body with 413', async () => {
    const res = await post(JSON.stringify({ ...valid, input: { ...valid.input, description: 'x'.repeat(10_000) } }), { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });

  it('names unknown fields, at any depth', async () => {
    const res = await t.call('POST', '/v1/cases', {
      token: resident,
      body: { ...valid, input: { ...valid.input, location: { building: '7', floor: 3 }, colour: 'red' } },
      headers: { 'idempotency-key': idem() },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'input.location.floor', message: 'unknown field' }),
        expect.objectContaining({ field: 'input.colour', message: 'unknown field' }),
      ]),
    );
  });

  it('names each invalid field with a reason', async () => {
    const res = await t.call('POST', '/v1/cases', {
      token: resident,
      body: { type: 'repair', input: { category: 'spaceship', description: 'x', location: {}, contactPhone: '12345' } },
      headers: { 'idempotency-key': idem() },
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['input.category', 'input.contactPhone', 'input.description', 'input.location.building']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'input.contactPhone').message).toContain('11-digit');
    expect(JSON.stringify(res.body)).not.toMatch(/ZodError|stack|node_modules/);
  });

  it('rejects an unknown case type, naming the types the tenant handles', async () => {
    const res = await t.call('POST', '/v1/cases', { token: resident, body: { type: 'parcel', input: {} }, headers: { 'idempotency-key': idem() } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('type');
  });
});

describe('amounts', () => {
  let id: string;
  beforeAll(async () => {
    id = (await t.call('POST', '/v1/cases', { token: resident, body: valid, headers: { 'idempotency-key': idem() } })).body.id;
    await t.call('POST', `/v1/cases/${id}/transitions`, { token: desk, body: { action: 'dispatch', input: { team: 'maintenance' } } });
  });

  it.each([
    [12.5, 'JSON numbers'],
    ['1e3', 'plain decimal'],
    ['12.345', 'at most 2 decimal places'],
    ['NaN', 'plain decimal'],
    [' 1', 'spaces'],
    ['-5.00', 'negative'],
    ['01.50', 'plain decimal'],
  ])('refuses charge %j, saying why (%s)', async (charge, why) => {
    const res = await t.call('POST', `/v1/cases/${id}/transitions`, { token: tech, body: { action: 'complete', input: { note: 'done', charge } } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'input.charge', label: expect.any(String), message: expect.stringContaining(why) }]);
    expect((await t.call('GET', `/v1/cases/${id}`, { token: desk })).body.state).toBe('dispatched');
  });
});

describe('generated bodies', () => {
  const caseBody = fc.oneof(
    fc.jsonValue(),
    fc.record({ type: fc.oneof(fc.constant('repair'), fc.string()), input: fc.jsonValue() }),
    fc.record(
      {
        type: fc.constant('repair'),
        input: fc.record(
          {
            category: fc.oneof(fc.constantFrom('plumbing', 'elevator'), fc.string()),
            description: fc.string({ maxLength: 30 }),
            location: fc.oneof(fc.record({ building: fc.string({ maxLength: 25 }) }), fc.jsonValue()),
            urgency: fc.oneof(fc.constantFrom('emergency', 'normal'), fc.jsonValue()),
            contactPhone: fc.oneof(fc.constant('13812345678'), fc.string()),
            extra: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['type'] },
    ),
  );

  it('never answer 5xx, and a refused body writes nothing', async () => {
    const itemsBefore = await itemCount();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(caseBody, async (body) => {
        const before = writes();
        const res = await t.call('POST', '/v1/cases', {
          token: resident,
          body: JSON.stringify(body),
          headers: { 'idempotency-key': idem(), 'content-type': 'application/json' },
        });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(writes()).toBe(before);
        } else accepted++;
      }),
      { numRuns: 150 },
    );
    // A case filed is 5 items (case, first event, two mailbox rows, the idempotency record); nothing else may have been added.
    expect(await itemCount()).toBe(itemsBefore + 5 * accepted);
  });

  it('never make a transition answer 5xx or write when refused', async () => {
    const id = (await t.call('POST', '/v1/cases', { token: resident, body: valid, headers: { 'idempotency-key': idem() } })).body.id;
    const transition = fc.record(
      {
        // Names every object has (valueOf, __proto__…) must not pass for transitions.
        action: fc.oneof(
          fc.constantFrom('dispatch', 'start', 'complete', 'confirm', 'cancel'),
          fc.constantFrom('valueOf', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
          fc.string(),
        ),
        input: fc.jsonValue(),
        expectedVersion: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(transition, fc.constantFrom(desk, resident, tech), async (body, token) => {
        const before = writes();
        const res = await t.call('POST', `/v1/cases/${id}/transitions`, { token, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(writes()).toBe(before);
      }),
      { numRuns: 150 },
    );
  });
});

describe('problems in the caller’s language', () => {
  const file = (input: unknown, lang?: string) =>
    t.call('POST', '/v1/cases', {
      token: resident,
      body: { type: 'repair', input },
      headers: { 'idempotency-key': idem(), ...(lang ? { 'accept-language': lang } : {}) },
    });

  it('names each refused field in words, in Chinese when Chinese is preferred', async () => {
    const res = await file({ category: 'plumbing', description: 'x', location: { building: 7 } }, 'zh-CN,zh;q=0.9,en;q=0.8');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-language')).toBe('zh-CN');
    expect(res.body.title).toBe('请求有误');
    const byField = Object.fromEntries(res.body.errors.map((e: { field: string }) => [e.field, e]));
    expect(byField['input.description']).toMatchObject({ label: '问题描述', message: '至少 4 个字' });
    expect(byField['input.location.building']).toMatchObject({ label: '楼栋', message: '应为文字' });
    expect(res.body.detail).toContain('问题描述：至少 4 个字');
  });

  it('answers in English by default and when English comes first, keeping the kind’s own wording', async () => {
    for (const lang of [undefined, 'en-GB,zh;q=0.5', 'fr, zh;q=0']) {
      const res = await file({ category: 'plumbing', description: 'x' }, lang);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-language')).toBe('en');
      const e = res.body.errors.find((x: { field: string }) => x.field === 'input.description');
      expect(e).toMatchObject({ label: 'Description', message: 'describe the problem in at least 4 characters' });
      expect(res.body.detail).toContain('Description: describe the problem');
    }
  });

  it('says a required field is required, and an unknown one unknown', async () => {
    const res = await file({ category: 'plumbing', colour: 'red' }, 'zh');
    const messages = Object.fromEntries(res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(messages['input.description']).toBe('必填');
    expect(messages['input.colour']).toBe('无此字段');
  });

  it('gives a not-found its Chinese too', async () => {
    const res = await t.call('GET', '/v1/cases/01M8FFYRDWJ95YEJTT1FS9G9X9', { token: resident, headers: { 'accept-language': 'zh' } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ title: '未找到', detail: '未找到该记录，或您无权查看。' });
  });
});
