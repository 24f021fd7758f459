/**
 * Identity numbers as rules: a well-formed number is read back into its
 * region, date of birth and sex; any single mistyped character and any swap
 * of two different neighbouring characters is refused by the check digit;
 * impossible dates and unknown provinces are refused with their reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacter, identityNumber, readIdentityNumber } from '../../../shared/kinds/community/identity/identity-number.ts';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const wellFormed = fc
  .record({
    province: fc.constantFrom(11, 31, 44, 51, 63, 65),
    rest: fc.integer({ min: 0, max: 9999 }),
    birth: fc.date({ min: new Date('1930-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, rest, birth, seq }) => {
    const first17 = `${province}${pad(rest, 4)}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${pad(seq, 3)}`;
    return { id: first17 + checkCharacter(first17), birth: birth.toISOString().slice(0, 10), male: seq % 2 === 1 };
  });

describe('identity numbers', () => {
  it('reads a well-formed number back into its date of birth and sex', () => {
    fc.assert(
      fc.property(wellFormed, ({ id, birth, male }) => {
        const read = readIdentityNumber(id);
        expect(read).toEqual({ ok: true, facts: { province: id.slice(0, 2), region: id.slice(0, 6), birthDate: birth, sex: male ? 'male' : 'female' } });
      }),
    );
  });

  it('refuses any single mistyped character', () => {
    fc.assert(
      fc.property(wellFormed, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), ({ id }, at, shift) => {
        const alphabet = at === 17 ? '0123456789X' : '0123456789';
        const was = alphabet.indexOf(id[at]!);
        const typo = id.slice(0, at) + alphabet[(was + shift) % alphabet.length] + id.slice(at + 1);
        fc.pre(typo !== id);
        expect(readIdentityNumber(typo).ok).toBe(false);
      }),
    );
  });

  it('refuses two different neighbouring characters swapped', () => {
    fc.assert(
      fc.property(wellFormed, fc.integer({ min: 0, max: 16 }), ({ id }, at) => {
        fc.pre(id[at] !== id[at + 1]);
        const swapped = id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2);
        expect(readIdentityNumber(swapped).ok).toBe(false);
      }),
    );
  });

  it('names what is wrong: the shape, the province, the date, the check digit', () => {
    expect(readIdentityNumber('11010519491231002X')).toMatchObject({ ok: true, facts: { birthDate: '1949-12-31', sex: 'female' } });
    expect(readIdentityNumber('11010519491231002x').ok).toBe(true); // a lower-case x is the same number
    expect(readIdentityNumber('1101051949123100')).toMatchObject({ ok: false, reason: expect.stringContaining('17 digits') });
    expect(readIdentityNumber('99010519491231002X')).toMatchObject({ ok: false, reason: expect.stringContaining('province') });
    const feb30 = `1101051949023000${2}`;
    expect(readIdentityNumber(feb30 + checkCharacter(feb30))).toMatchObject({ ok: false, reason: expect.stringContaining('date of birth') });
    const future = '110105209912310021';
    expect(readIdentityNumber(future.slice(0, 17) + checkCharacter(future.slice(0, 17)))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('date of birth'),
    });
    expect(readIdentityNumber('110105194912310021')).toMatchObject({ ok: false, reason: expect.stringContaining('check digit') });
    const parsed = identityNumber.safeParse(' 11010519491231002x ');
    expect(parsed.success && parsed.data).toBe('11010519491231002X');
  });
});
