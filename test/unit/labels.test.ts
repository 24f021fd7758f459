/** Words for codes: the lookup a page makes, the language part of a bilingual caption, and a record masked as a record. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mask } from '../../shared/capabilities/sealing/sealer.ts';
import { inLanguage, labelOf, mergeLabels } from '../../shared/kernel/labels.ts';

describe('labelOf', () => {
  const table = mergeLabels(
    { state: { open: { zh: '待办', en: 'Open' } }, size: { small: { zh: '小件', en: 'Small' } } },
    { state: { open: { zh: '处理中', en: 'Being handled' } } },
  );

  it('takes the group’s own label, the later table winning', () => {
    expect(labelOf(table, 'state', 'open', 'zh')).toBe('处理中');
    expect(labelOf(table, 'state', 'open', 'en')).toBe('Being handled');
  });

  it('finds a code its group does not declare in another group (a form field’s enum values)', () => {
    expect(labelOf(table, 'parcel', 'small', 'zh')).toBe('小件');
  });

  it('gives the code back when no group declares it, and never a prototype’s member', () => {
    expect(labelOf(table, 'state', 'shipped', 'en')).toBe('shipped');
    expect(labelOf(table, 'state', 'constructor', 'en')).toBe('constructor');
    expect(labelOf(table, 'toString', 'x', 'en')).toBe('x');
  });
});

describe('inLanguage', () => {
  it('splits a caption written Chinese first, English after', () => {
    expect(inLanguage('已完工待确认 Done, awaiting confirmation', 'zh')).toBe('已完工待确认');
    expect(inLanguage('已完工待确认 Done, awaiting confirmation', 'en')).toBe('Done, awaiting confirmation');
    expect(inLanguage('3 楼楼道 Landing on the 3rd floor', 'zh')).toBe('3 楼楼道');
  });

  it('returns a caption in one language whole', () => {
    expect(inLanguage('Repair', 'zh')).toBe('Repair');
    expect(inLanguage('报修', 'en')).toBe('报修');
    expect(inLanguage('身份证 ID card（居民）', 'en')).toBe('ID card（居民）');
  });

  it('always returns a part of what it was given', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('zh' as const, 'en' as const), (s, lang) => {
        expect(s).toContain(inLanguage(s, lang));
      }),
    );
  });
});

describe('mask', () => {
  it('masks a record field by field, keeping its shape', () => {
    const head = { name: '马小军', idNumber: '630102199003150039' };
    expect(mask(head)).toEqual({ name: '***', idNumber: '630***********0039' });
    expect(mask([head, { name: '韩梅', relation: '配偶' }])).toEqual([
      { name: '***', idNumber: '630***********0039' },
      { name: '**', relation: '**' },
    ]);
  });

  it('never shows more than a few characters of any leaf', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ minLength: 5, maxLength: 40 })), (record) => {
        const masked = mask(record) as Record<string, string>;
        expect(Object.keys(masked)).toEqual(Object.keys(record));
        for (const [k, v] of Object.entries(masked)) {
          const shown = [...v].filter((ch) => ch !== '*').length;
          expect(shown).toBeLessThanOrEqual(7);
          expect([...v]).toHaveLength([...record[k]!].length);
        }
      }),
    );
  });
});
