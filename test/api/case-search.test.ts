/**
 * Finding a case where the clerk works: search by reference, room, words or
 * a phone in full (matched against its mask, never stored in clear), and
 * pages past the first through the cursor — through the HTTP API and the
 * console's queue.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseMatches } from '../../shared/pipeline/cases.ts';
import { Visitor } from '../support/console.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
let desk: string;
const filed: Array<{ id: string; word: string }> = [];

beforeAll(async () => {
  t = await createTestPlatform();
  desk = await t.token(T, ['desk-agent'], 'desk-01');
  for (let i = 0; i < 12; i++) {
    const word = `marker${String(i).padStart(2, '0')}`;
    const res = await t.call('POST', '/v1/cases', {
      token: desk,
      body: {
        type: 'repair',
        input: {
          category: 'plumbing',
          description: `水管漏水 ${word}`,
          location: { building: '9', room: `9${String(i).padStart(2, '0')}` },
          contactPhone: `1390000${String(1000 + i)}`,
        },
      },
      headers: { 'idempotency-key': idem() },
    });
    expect(res.status).toBe(201);
    filed.push({ id: res.body.id, word });
  }
}, 120_000);

describe('the desk queue', () => {
  it('pages through every case once, by cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.call('GET', `/v1/cases?${new URLSearchParams({ queue: 'desk', limit: '5', ...(cursor ? { cursor } : {}) })}`, { token: desk });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(filed.map((f) => f.id)));
  });

  it('finds a case by a word of its description, past the first pages', async () => {
    const last = filed.at(-1)!;
    const found = await t.call('GET', `/v1/cases?queue=desk&limit=5&q=${last.word}`, { token: desk });
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([last.id]);
  });

  it('finds by reference, room and a phone typed in full', async () => {
    const target = filed[3]!;
    const byRef = await t.call('GET', `/v1/cases?queue=desk&q=${target.id.slice(-6).toLowerCase()}`, { token: desk });
    expect(byRef.body.items.map((c: { id: string }) => c.id)).toContain(target.id);
    const byRoom = await t.call('GET', '/v1/cases?queue=desk&q=903', { token: desk });
    expect(byRoom.body.items.map((c: { id: string }) => c.id)).toEqual([target.id]);
    const byPhone = await t.call('GET', '/v1/cases?queue=desk&q=13900001003', { token: desk });
    expect(byPhone.body.items.map((c: { id: string }) => c.id)).toEqual([target.id]);
  });

  it('is searched from the console’s queue', async () => {
    const v = new Visitor(t);
    await v.signIn(T, 'desk-01');
    const page = await v.get(`/console/cases?q=${filed[7]!.word}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(filed[7]!.id.slice(-6));
    expect(page.html).not.toContain(filed[6]!.id.slice(-6));
  });
});

describe('caseMatches', () => {
  it('finds every case by its own reference and by any word of its data, and a phone only by its mask', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), fc.string({ minLength: 1, maxLength: 12 }), (id, word) => {
        const view = { id, requester: 'desk-01', data: { description: `x${word}y`, contactPhone: '139****1003' } };
        expect(caseMatches(view, id.slice(-6))).toBe(true);
        if (word.trim()) expect(caseMatches(view, word)).toBe(true);
        expect(caseMatches(view, '13900001003')).toBe(true);
        expect(caseMatches(view, '13900001004')).toBe(false);
      }),
    );
  });
});
