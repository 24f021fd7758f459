/**
 * Money on decimal.js. Amounts cross every boundary (JSON, DynamoDB) as decimal
 * strings such as "1234.50", never as JavaScript numbers, so no value is ever
 * rounded by a float. Rounding is explicit and policy-driven.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';

/** A private Decimal constructor so global configuration elsewhere cannot change our arithmetic. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;

export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';
export interface RoundingPolicy {
  /** Decimal places kept; 2 is the fen for CNY. */
  scale: number;
  mode: RoundingMode;
}
export const DEFAULT_ROUNDING: RoundingPolicy = { scale: 2, mode: 'half-up' };

const MODES: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

export class MoneyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyFormatError';
  }
}

export interface ParseOptions {
  /** Maximum decimal places accepted (default 2). */
  scale?: number;
  allowNegative?: boolean;
}

function amountPattern(scale: number, allowNegative: boolean): RegExp {
  const sign = allowNegative ? '-?' : '';
  const frac = scale > 0 ? `(\\.\\d{1,${scale}})?` : '';
  return new RegExp(`^${sign}(0|[1-9]\\d{0,17})${frac}$`);
}

/** Describes what went wrong with a candidate amount, or undefined when it is acceptable. */
export function amountProblem(input: unknown, opts: ParseOptions = {}): string | undefined {
  const scale = opts.scale ?? 2;
  const allowNegative = opts.allowNegative ?? false;
  if (typeof input === 'number') return 'amounts are decimal strings such as "12.50", not JSON numbers';
  if (typeof input !== 'string') return 'expected a decimal string such as "12.50"';
  if (input.trim() !== input || input === '') return 'amount must not be empty or carry spaces';
  if (amountPattern(scale, allowNegative).test(input)) return undefined;
  if (/^-?\d+\.\d+$/.test(input) && input.split('.')[1]!.length > scale) {
    return `at most ${scale} decimal places are allowed`;
  }
  if (!allowNegative && /^-\d/.test(input)) return 'amount must not be negative';
  return 'expected a plain decimal string such as "12.50" (no exponent, sign, leading zeros or NaN)';
}

/** Parses a decimal string strictly; throws MoneyFormatError with the reason. */
export function parseAmount(input: unknown, opts: ParseOptions = {}): Decimal {
  const problem = amountProblem(input, opts);
  if (problem) throw new MoneyFormatError(problem);
  return new Dec(input as string);
}

export function roundAmount(value: Decimal.Value, policy: RoundingPolicy = DEFAULT_ROUNDING): Decimal {
  return new Dec(value).toDecimalPlaces(policy.scale, MODES[policy.mode]);
}

/** Serialises with exactly `scale` places; refuses to silently drop precision. */
export function formatAmount(value: Decimal.Value, scale = 2): string {
  const d = new Dec(value);
  if (!d.isFinite()) throw new MoneyFormatError('amount is not finite');
  if (d.decimalPlaces() > scale) throw new MoneyFormatError(`amount ${d.toString()} has more than ${scale} places; round it first`);
  const s = d.toFixed(scale);
  return s === `-${(0).toFixed(scale)}` ? s.slice(1) : s;
}

/** For people: ¥1,234.50 — thousands grouped, two places, the sign before the symbol. */
export function formatYuan(value: Decimal.Value): string {
  const d = roundAmount(value);
  const [int, frac] = d.abs().toFixed(2).split('.');
  return `${d.isNegative() && !d.isZero() ? '-' : ''}¥${int!.replace(/\B(?=(\d{3})+$)/g, ',')}.${frac}`;
}

/** Sums decimal strings exactly. */
export function sumAmounts(values: Iterable<Decimal.Value>): Decimal {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** zod schema for an amount field: a string, validated strictly, documented in OpenAPI. */
export function amountSchema(opts: ParseOptions = {}) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'required' : amountProblem(iss.input, opts)) })
    .superRefine((value, ctx) => {
      const problem = amountProblem(value, opts);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description: `Decimal string with at most ${opts.scale ?? 2} places`, example: '128.50' });
}
