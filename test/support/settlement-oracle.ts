/**
 * The settlement arithmetic written plainly on decimal.js, step by step as
 * the seed states it. The platform computes in exact fixed point for speed;
 * this is the oracle the property tests hold it to, trace text included.
 */
import type { Decimal } from 'decimal.js';
import { Dec, roundAmount } from '../../shared/kernel/money.ts';
import type { SettlementInput, SettlementResult, TraceStep } from '../../shared/kinds/ncms/policy/calculate.ts';
import { CATEGORY_LABELS, LEVEL_LABELS, type Policy } from '../../shared/kinds/ncms/policy/policy.ts';

const f = (d: Decimal) => d.toFixed(2);
const pct = (r: string) => `${new Dec(r).times(100).toDecimalPlaces(2).toString()}%`;

export function decimalSettlement(policy: Policy, input: SettlementInput): SettlementResult {
  const round = (d: Decimal) => roundAmount(d, policy.rounding);
  const total = new Dec(input.totalCost);
  const eligible = new Dec(input.eligibleCost);
  const beneficiary = input.category !== 'ordinary';
  const trace: TraceStep[] = [];
  const add = (step: string, zh: string, en: string, amount?: Decimal) => trace.push({ step, zh, en, ...(amount ? { amount: f(amount) } : {}) });
  const cat = CATEGORY_LABELS[input.category];
  const lvl = LEVEL_LABELS[input.hospitalLevel];

  add('total', `住院总费用`, `Total inpatient cost`, total);
  add('eligible', `符合目录的费用（用药目录和诊疗项目内）`, `Eligible cost (within the catalogue)`, eligible);

  // NCMS compensation.
  const rate = policy.ncms.rates[beneficiary ? 'beneficiary' : 'ordinary'][input.hospitalLevel];
  const deductible = beneficiary ? new Dec(0) : new Dec(policy.ncms.deductibles.ordinary[input.hospitalLevel]);
  if (beneficiary) add('deductible', `${cat.zh}：取消起付线`, `${cat.en}: deductible waived`, deductible);
  else add('deductible', `${lvl.zh}医疗机构起付线`, `Deductible at a ${lvl.en.toLowerCase()}-level hospital`, deductible);
  const base = Dec.max(0, eligible.minus(deductible));
  const ncmsRaw = base.times(rate);
  const ncmsRounded = round(ncmsRaw);
  add(
    'ncms-rate',
    `新农合补偿：(${f(eligible)} − ${f(deductible)}) × ${pct(rate)}（${lvl.zh}${beneficiary ? '，救助对象提高5个百分点' : ''}）`,
    `NCMS: (${f(eligible)} − ${f(deductible)}) × ${pct(rate)} (${lvl.en} hospital${beneficiary ? ', beneficiary rate' : ''})`,
    ncmsRounded,
  );
  const ncmsCapLeft = Dec.max(0, new Dec(policy.ncms.annualCap).minus(input.ncmsPaidThisYear));
  let ncms = ncmsRounded;
  if (ncmsRounded.gt(ncmsCapLeft)) {
    ncms = ncmsCapLeft;
    add(
      'ncms-cap',
      `新农合年度封顶线 ${policy.ncms.annualCap}，本年已补偿 ${f(new Dec(input.ncmsPaidThisYear))}，本次最多 ${f(ncmsCapLeft)}`,
      `NCMS annual cap ${policy.ncms.annualCap}: ${f(new Dec(input.ncmsPaidThisYear))} already paid this year, at most ${f(ncmsCapLeft)} now`,
      ncms,
    );
  }
  add('ncms', `新农合补偿`, `NCMS compensation`, ncms);

  // Civil-affairs medical assistance on the remainder.
  const remainder = total.minus(ncms);
  add('remainder', `剩余部分 = 总费用 − 新农合补偿 = ${f(total)} − ${f(ncms)}`, `Remainder = total − NCMS = ${f(total)} − ${f(ncms)}`, remainder);
  let assistanceRaw = new Dec(0);
  let assistanceCap: string | null = null;
  if (input.category === 'ordinary') {
    add('assistance-none', `普通参合人员不享受民政医疗救助`, `Ordinary insured people receive no civil-affairs assistance`);
  } else if (input.category === 'class1') {
    assistanceCap = policy.assistance.class1.annualCap;
    assistanceRaw = policy.assistance.banding === 'progressive' ? progressive(policy, remainder, add) : flat(policy, remainder, add);
  } else {
    const rule = policy.assistance[input.category];
    assistanceCap = rule.annualCap;
    assistanceRaw = remainder.times(rule.rate);
    add('assistance-rate', `${cat.zh}：剩余部分 × ${pct(rule.rate)}`, `${cat.en}: remainder × ${pct(rule.rate)}`, round(assistanceRaw));
  }
  let assistance = round(assistanceRaw);
  if (assistanceCap !== null) {
    const left = Dec.max(0, new Dec(assistanceCap).minus(input.assistancePaidThisYear));
    if (assistance.gt(left)) {
      assistance = left;
      add(
        'assistance-cap',
        `民政救助全年累计不超过 ${assistanceCap}，本年已救助 ${f(new Dec(input.assistancePaidThisYear))}，本次最多 ${f(left)}`,
        `Assistance annual cap ${assistanceCap}: ${f(new Dec(input.assistancePaidThisYear))} already paid this year, at most ${f(left)} now`,
        assistance,
      );
    }
  }
  add('assistance', `民政医疗救助`, `Civil-affairs medical assistance`, assistance);

  const selfPay = total.minus(ncms).minus(assistance);
  add('self-pay', `个人自付 = ${f(total)} − ${f(ncms)} − ${f(assistance)}`, `Self-pay = ${f(total)} − ${f(ncms)} − ${f(assistance)}`, selfPay);
  return { ncms: f(ncms), assistance: f(assistance), selfPay: f(selfPay), policyVersion: policy.version, trace };
}

type Add = (step: string, zh: string, en: string, amount?: Decimal) => void;

/** Like income tax: each band's rate applies to the part of the remainder inside that band. */
function progressive(policy: Policy, remainder: Decimal, add: Add): Decimal {
  let lower = new Dec(0);
  let sum = new Dec(0);
  for (const band of policy.assistance.class1.bands) {
    const upper = band.upTo === null ? remainder : Dec.min(remainder, band.upTo);
    if (upper.gt(lower)) {
      const part = upper.minus(lower).times(band.rate);
      sum = sum.plus(part);
      add(
        'assistance-band',
        `一类分段：${f(lower)}–${band.upTo ?? '以上'} 部分 ${f(upper.minus(lower))} × ${pct(band.rate)} = ${part.toFixed(4)}`,
        `Class 1 band ${f(lower)}–${band.upTo ?? 'up'}: ${f(upper.minus(lower))} × ${pct(band.rate)} = ${part.toFixed(4)}`,
      );
    }
    if (band.upTo === null || remainder.lte(band.upTo)) break;
    lower = new Dec(band.upTo);
  }
  return sum;
}

/** The band the whole remainder falls in sets the rate for all of it. Upper bounds are inclusive (“500元以下（含500元）”). */
function flat(policy: Policy, remainder: Decimal, add: Add): Decimal {
  const band = policy.assistance.class1.bands.find((b) => b.upTo === null || remainder.lte(b.upTo))!;
  const amount = remainder.times(band.rate);
  add(
    'assistance-band',
    `一类（按全额分档）：剩余部分落在 ≤${band.upTo ?? '∞'} 档，× ${pct(band.rate)}`,
    `Class 1 (flat banding): the remainder falls in the band up to ${band.upTo ?? '∞'}, × ${pct(band.rate)}`,
    roundAmount(amount, policy.rounding),
  );
  return amount;
}
