import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountProblem, Dec, formatAmount, formatYuan, parseAmount, roundAmount, sumAmounts } from '../../shared/kernel/money.ts';

/** Decimal strings with up to 2 places, as the API accepts them. */
const amountText = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }), fc.boolean())
  .map(([units, cents, withCents]) => (withCents ? `${units}.${String(cents).padStart(2, '0')}` : `${units}`));

describe('money', () => {
  it('round-trips every valid amount string exactly', () => {
    fc.assert(
      fc.property(amountText, (text) => {
        const parsed = parseAmount(text);
        expect(parsed.equals(new Dec(formatAmount(parsed)))).toBe(true);
        expect(formatAmount(parsed)).toBe(text.includes('.') ? text : `${text}.00`);
      }),
    );
  });

  it('adds exactly where binary floating point does not', () => {
    expect(sumAmounts(['0.10', '0.20']).toString()).toBe('0.3');
    fc.assert(
      fc.property(fc.array(amountText, { maxLength: 50 }), (texts) => {
        // Sum in integer fen as the reference.
        const fen = texts.reduce((n, t) => n + BigInt(formatAmount(parseAmount(t)).replace('.', '')), 0n);
        expect(formatAmount(sumAmounts(texts)).replace('.', '')).toBe(fen.toString().padStart(3, '0'));
      }),
    );
  });

  it('rounds half-up to the fen by default, half-even on request', () => {
    expect(roundAmount('2.345').toFixed(2)).toBe('2.35');
    expect(roundAmount('-2.345').toFixed(2)).toBe('-2.35');
    expect(roundAmount('2.345', { scale: 2, mode: 'half-even' }).toFixed(2)).toBe('2.34');
    expect(roundAmount('2.355', { scale: 2, mode: 'half-even' }).toFixed(2)).toBe('2.36');
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (milli) => {
        const value = new Dec(milli.toString()).div(1000);
        const rounded = roundAmount(value);
        expect(rounded.minus(value).abs().lte('0.005')).toBe(true);
        expect(rounded.decimalPlaces()).toBeLessThanOrEqual(2);
      }),
    );
  });

  it.each([
    [12.5, 'not JSON numbers'],
    ['1e3', 'no exponent'],
    ['12.345', 'at most 2 decimal places'],
    ['NaN', 'no exponent'],
    ['Infinity', 'no exponent'],
    [' 1', 'spaces'],
    ['1 ', 'spaces'],
    ['', 'empty'],
    ['+1', 'no exponent, sign'],
    ['01', 'leading zeros'],
    ['1.', 'no exponent'],
    ['.5', 'no exponent'],
    ['-1.00', 'negative'],
    [null, 'expected a decimal string'],
  ])('rejects %j with a reason', (input, reason) => {
    expect(amountProblem(input)).toContain(reason);
    expect(() => parseAmount(input)).toThrow();
  });

  it('accepts negatives only when asked, and honours another scale', () => {
    expect(parseAmount('-1.50', { allowNegative: true }).toString()).toBe('-1.5');
    expect(parseAmount('1.2345', { scale: 4 }).toString()).toBe('1.2345');
    expect(() => formatAmount('1.234')).toThrow(/round it first/);
  });

  it('prints yuan for people: grouped thousands, two places, sign first, and nothing lost', () => {
    expect(formatYuan('1234.5')).toBe('¥1,234.50');
    expect(formatYuan('-1234567.891')).toBe('-¥1,234,567.89');
    expect(formatYuan('999.995')).toBe('¥1,000.00');
    expect(formatYuan('-0.001')).toBe('¥0.00');
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (cents) => {
        const amount = new Dec(cents.toString()).div(100);
        const printed = formatYuan(amount);
        expect(printed).toMatch(/^-?¥\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(new Dec(printed.replace(/[¥,]/g, '')).eq(amount)).toBe(true);
      }),
    );
  });
});
