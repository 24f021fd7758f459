/**
 * The one-stop settlement arithmetic, in the order the seed prescribes:
 * eligible cost → NCMS compensation (rate by level and category, deductible
 * unless waived, capped by what is left of the annual cap) → remainder =
 * total − NCMS → assistance on the remainder by category (bands, capped) →
 * self-pay = total − NCMS − assistance. Each part is rounded half-up to the
 * fen; self-pay takes what is left, so the parts add up to the total exactly.
 * Pure: quotes, pre-settlements and final settlements all call this.
 *
 * The arithmetic is exact fixed point on integers rather than decimal.js: an
 * amount has at most two places and a rate at most four, so amounts are held
 * in fen, rates in ten-thousandths, and a product in millionths of a yuan is
 * exact at any size. Rounding to the fen is then one integer division. This
 * is what lets a county's billing system quote every bill line; a property
 * test holds it to the Decimal computation it replaced, trace included.
 */
import type { Category, HospitalLevel, Policy } from './policy.ts';
import { CATEGORY_LABELS, LEVEL_LABELS } from './policy.ts';

export interface SettlementInput {
  category: Category;
  hospitalLevel: HospitalLevel;
  totalCost: string;
  eligibleCost: string;
  ncmsPaidThisYear: string;
  assistancePaidThisYear: string;
}

export interface TraceStep {
  step: string;
  zh: string;
  en: string;
  amount?: string;
}

export interface SettlementResult {
  ncms: string;
  assistance: string;
  selfPay: string;
  policyVersion: number;
  trace: TraceStep[];
}

// Fixed point: amounts in fen (10⁻²), rates in 10⁻⁴, products of the two in 10⁻⁶.
const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;
const RATE = /^(\d+)(?:\.(\d{1,4}))?$/;

function fen(s: string): bigint {
  const m = AMOUNT.exec(s);
  if (!m) throw new RangeError(`not an amount with at most two places: ${s}`);
  const v = BigInt(m[2]! + (m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

function tenThousandths(s: string): bigint {
  const m = RATE.exec(s);
  if (!m) throw new RangeError(`not a rate with at most four places: ${s}`);
  return BigInt(m[1]! + (m[2] ?? '').padEnd(4, '0'));
}

/** Writes a fixed-point integer with `places` decimals, as `Decimal#toFixed` would. */
function fixed(v: bigint, places: number): string {
  const digits = (v < 0n ? -v : v).toString().padStart(places + 1, '0');
  const cut = digits.length - places;
  return `${v < 0n ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}
const f = (v: bigint) => fixed(v, 2);

/** Divides by 10^k (k ≥ 1) to the nearest integer; ties away from zero (half-up) or to even. */
function shrink(v: bigint, by: bigint, mode: Policy['rounding']['mode']): bigint {
  const negative = v < 0n;
  const a = negative ? -v : v;
  let q = a / by;
  const twice = (a % by) * 2n;
  if (twice > by || (twice === by && (mode === 'half-up' || q % 2n === 1n))) q += 1n;
  return negative ? -q : q;
}
const MILLIONTHS_TO_FEN = 10_000n;

/** A rate as a percentage with at most two places and no trailing zeros: "0.80" → "80%", "0.625" → "62.5%". */
function percent(rate: bigint): string {
  const s = fixed(rate, 2).replace(/\.?0+$/, '');
  return `${s === '' ? '0' : s}%`;
}

interface Rate {
  value: bigint;
  pct: string;
}
interface Prepared {
  ncmsRates: Record<'beneficiary' | 'ordinary', Record<HospitalLevel, Rate>>;
  deductibles: Record<HospitalLevel, bigint>;
  ncmsCap: bigint;
  bands: Array<{ upTo: bigint | null; raw: string | null; rate: Rate }>;
  class1Cap: bigint | null;
  class2: { rate: Rate; cap: bigint | null };
  class3: { rate: Rate; cap: bigint | null };
}

const rateOf = (s: string): Rate => {
  const value = tenThousandths(s);
  return { value, pct: percent(value) };
};
const perLevel = <T, U>(levels: Record<HospitalLevel, T>, fn: (t: T) => U): Record<HospitalLevel, U> => ({
  township: fn(levels.township),
  county: fn(levels.county),
  city: fn(levels.city),
  province: fn(levels.province),
});
const capOf = (s: string | null) => (s === null ? null : fen(s));

// A policy version is immutable once published, so its parsed form is kept with it.
const prepared = new WeakMap<Policy, Prepared>();
function prepare(policy: Policy): Prepared {
  let p = prepared.get(policy);
  if (!p) {
    p = {
      ncmsRates: { beneficiary: perLevel(policy.ncms.rates.beneficiary, rateOf), ordinary: perLevel(policy.ncms.rates.ordinary, rateOf) },
      deductibles: perLevel(policy.ncms.deductibles.ordinary, fen),
      ncmsCap: fen(policy.ncms.annualCap),
      bands: policy.assistance.class1.bands.map((b) => ({ upTo: capOf(b.upTo), raw: b.upTo, rate: rateOf(b.rate) })),
      class1Cap: capOf(policy.assistance.class1.annualCap),
      class2: { rate: rateOf(policy.assistance.class2.rate), cap: capOf(policy.assistance.class2.annualCap) },
      class3: { rate: rateOf(policy.assistance.class3.rate), cap: capOf(policy.assistance.class3.annualCap) },
    };
    prepared.set(policy, p);
  }
  return p;
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

export function calculateSettlement(policy: Policy, input: SettlementInput): SettlementResult {
  const p = prepare(policy);
  const mode = policy.rounding.mode;
  const round = (millionths: bigint) => shrink(millionths, MILLIONTHS_TO_FEN, mode);
  const total = fen(input.totalCost);
  const eligible = fen(input.eligibleCost);
  const beneficiary = input.category !== 'ordinary';
  const trace: TraceStep[] = [];
  const add = (step: string, zh: string, en: string, amount?: bigint) =>
    trace.push(amount === undefined ? { step, zh, en } : { step, zh, en, amount: f(amount) });
  const cat = CATEGORY_LABELS[input.category];
  const lvl = LEVEL_LABELS[input.hospitalLevel];

  add('total', `住院总费用`, `Total inpatient cost`, total);
  add('eligible', `符合目录的费用（用药目录和诊疗项目内）`, `Eligible cost (within the catalogue)`, eligible);

  // NCMS compensation.
  const rate = p.ncmsRates[beneficiary ? 'beneficiary' : 'ordinary'][input.hospitalLevel];
  const deductible = beneficiary ? 0n : p.deductibles[input.hospitalLevel];
  if (beneficiary) add('deductible', `${cat.zh}：取消起付线`, `${cat.en}: deductible waived`, deductible);
  else add('deductible', `${lvl.zh}医疗机构起付线`, `Deductible at a ${lvl.en.toLowerCase()}-level hospital`, deductible);
  const ncmsRounded = round(max(0n, eligible - deductible) * rate.value);
  add(
    'ncms-rate',
    `新农合补偿：(${f(eligible)} − ${f(deductible)}) × ${rate.pct}（${lvl.zh}${beneficiary ? '，救助对象提高5个百分点' : ''}）`,
    `NCMS: (${f(eligible)} − ${f(deductible)}) × ${rate.pct} (${lvl.en} hospital${beneficiary ? ', beneficiary rate' : ''})`,
    ncmsRounded,
  );
  const ncmsPaid = fen(input.ncmsPaidThisYear);
  const ncmsCapLeft = max(0n, p.ncmsCap - ncmsPaid);
  let ncms = ncmsRounded;
  if (ncmsRounded > ncmsCapLeft) {
    ncms = ncmsCapLeft;
    add(
      'ncms-cap',
      `新农合年度封顶线 ${policy.ncms.annualCap}，本年已补偿 ${f(ncmsPaid)}，本次最多 ${f(ncmsCapLeft)}`,
      `NCMS annual cap ${policy.ncms.annualCap}: ${f(ncmsPaid)} already paid this year, at most ${f(ncmsCapLeft)} now`,
      ncms,
    );
  }
  add('ncms', `新农合补偿`, `NCMS compensation`, ncms);

  // Civil-affairs medical assistance on the remainder.
  const remainder = total - ncms;
  add('remainder', `剩余部分 = 总费用 − 新农合补偿 = ${f(total)} − ${f(ncms)}`, `Remainder = total − NCMS = ${f(total)} − ${f(ncms)}`, remainder);
  let assistanceRaw = 0n;
  let assistanceCap: bigint | null = null;
  let capText: string | null = null;
  if (input.category === 'ordinary') {
    add('assistance-none', `普通参合人员不享受民政医疗救助`, `Ordinary insured people receive no civil-affairs assistance`);
  } else if (input.category === 'class1') {
    assistanceCap = p.class1Cap;
    capText = policy.assistance.class1.annualCap;
    assistanceRaw = policy.assistance.banding === 'progressive' ? progressive(p, remainder, add) : flat(p, remainder, add, round);
  } else {
    const rule = p[input.category];
    assistanceCap = rule.cap;
    capText = policy.assistance[input.category].annualCap;
    assistanceRaw = remainder * rule.rate.value;
    add('assistance-rate', `${cat.zh}：剩余部分 × ${rule.rate.pct}`, `${cat.en}: remainder × ${rule.rate.pct}`, round(assistanceRaw));
  }
  let assistance = round(assistanceRaw);
  if (assistanceCap !== null) {
    const paid = fen(input.assistancePaidThisYear);
    const left = max(0n, assistanceCap - paid);
    if (assistance > left) {
      assistance = left;
      add(
        'assistance-cap',
        `民政救助全年累计不超过 ${capText}，本年已救助 ${f(paid)}，本次最多 ${f(left)}`,
        `Assistance annual cap ${capText}: ${f(paid)} already paid this year, at most ${f(left)} now`,
        assistance,
      );
    }
  }
  add('assistance', `民政医疗救助`, `Civil-affairs medical assistance`, assistance);

  const selfPay = total - ncms - assistance;
  add('self-pay', `个人自付 = ${f(total)} − ${f(ncms)} − ${f(assistance)}`, `Self-pay = ${f(total)} − ${f(ncms)} − ${f(assistance)}`, selfPay);
  return { ncms: f(ncms), assistance: f(assistance), selfPay: f(selfPay), policyVersion: policy.version, trace };
}

type Add = (step: string, zh: string, en: string, amount?: bigint) => void;

/** Like income tax: each band's rate applies to the part of the remainder inside that band. Returns millionths. */
function progressive(p: Prepared, remainder: bigint, add: Add): bigint {
  let lower = 0n;
  let sum = 0n;
  for (const band of p.bands) {
    const upper = band.upTo === null || remainder < band.upTo ? remainder : band.upTo;
    if (upper > lower) {
      const part = (upper - lower) * band.rate.value;
      sum += part;
      const shown = fixed(shrink(part, 100n, 'half-up'), 4);
      add(
        'assistance-band',
        `一类分段：${f(lower)}–${band.raw ?? '以上'} 部分 ${f(upper - lower)} × ${band.rate.pct} = ${shown}`,
        `Class 1 band ${f(lower)}–${band.raw ?? 'up'}: ${f(upper - lower)} × ${band.rate.pct} = ${shown}`,
      );
    }
    if (band.upTo === null || remainder <= band.upTo) break;
    lower = band.upTo;
  }
  return sum;
}

/** The band the whole remainder falls in sets the rate for all of it. Upper bounds are inclusive (“500元以下（含500元）”). Returns millionths. */
function flat(p: Prepared, remainder: bigint, add: Add, round: (m: bigint) => bigint): bigint {
  const band = p.bands.find((b) => b.upTo === null || remainder <= b.upTo)!;
  const amount = remainder * band.rate.value;
  add(
    'assistance-band',
    `一类（按全额分档）：剩余部分落在 ≤${band.raw ?? '∞'} 档，× ${band.rate.pct}`,
    `Class 1 (flat banding): the remainder falls in the band up to ${band.raw ?? '∞'}, × ${band.rate.pct}`,
    round(amount),
  );
  return amount;
}
