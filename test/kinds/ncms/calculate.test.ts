/**
 * The settlement arithmetic: worked examples for every category and level,
 * the class-1 band edges in both banding modes, caps partly and fully used,
 * rounding at half a fen, and the invariants as properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../../shared/kernel/money.ts';
import { calculateSettlement, type SettlementInput } from '../../../shared/kinds/ncms/policy/calculate.ts';
import { CATEGORIES, DEMO_POLICY, HOSPITAL_LEVELS, type Policy, policySchema } from '../../../shared/kinds/ncms/policy/policy.ts';
import { decimalSettlement } from '../../support/settlement-oracle.ts';

const flatPolicy: Policy = { ...DEMO_POLICY, version: 2, assistance: { ...DEMO_POLICY.assistance, banding: 'flat' } };
const quote = (input: Partial<SettlementInput>, policy = DEMO_POLICY) => {
  const r = calculateSettlement(policy, {
    category: 'class1',
    hospitalLevel: 'township',
    totalCost: '0.00',
    eligibleCost: input.totalCost ?? '0.00',
    ncmsPaidThisYear: '0.00',
    assistancePaidThisYear: '0.00',
    ...input,
  });
  return [r.ncms, r.assistance, r.selfPay];
};

describe('the demo policy is the seed’s', () => {
  it('holds Table 1 and Table 2 exactly', () => {
    expect(DEMO_POLICY.ncms.rates.beneficiary).toEqual({ township: '0.80', county: '0.70', city: '0.60', province: '0.50' });
    // Beneficiaries get five points more than ordinary insured people.
    for (const level of HOSPITAL_LEVELS) {
      expect(new Dec(DEMO_POLICY.ncms.rates.beneficiary[level]).minus(DEMO_POLICY.ncms.rates.ordinary[level]).toFixed(2)).toBe('0.05');
    }
    expect(DEMO_POLICY.ncms.annualCap).toBe('35000.00');
    expect(DEMO_POLICY.assistance.class1.bands.map((b) => [b.upTo, b.rate])).toEqual([
      ['500.00', '0.60'],
      ['1000.00', '0.65'],
      ['1500.00', '0.70'],
      ['2000.00', '0.75'],
      ['5000.00', '0.80'],
      [null, '0.85'],
    ]);
    expect(DEMO_POLICY.assistance.class1.annualCap).toBe('6000.00');
    expect(DEMO_POLICY.assistance.class2).toEqual({ rate: '1.00', annualCap: null });
    expect(DEMO_POLICY.assistance.class3).toEqual({ rate: '0.80', annualCap: null });
    expect(policySchema.safeParse(DEMO_POLICY).success).toBe(true);
  });

  it('refuses policies that make no sense, saying why', () => {
    const issue = (p: unknown) => policySchema.safeParse(p).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(
      issue({
        ...DEMO_POLICY,
        ncms: { ...DEMO_POLICY.ncms, rates: { ...DEMO_POLICY.ncms.rates, ordinary: { ...DEMO_POLICY.ncms.rates.ordinary, city: '1.20' } } },
      })[0],
    ).toMatch(/ncms.rates.ordinary.city: a rate is a decimal fraction between 0 and 1/);
    const swapped = [...DEMO_POLICY.assistance.class1.bands];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(issue({ ...DEMO_POLICY, assistance: { ...DEMO_POLICY.assistance, class1: { ...DEMO_POLICY.assistance.class1, bands: swapped } } })).toContain(
      'assistance.class1.bands.2.upTo: bands must be in increasing order without overlap',
    );
    expect(issue({ ...DEMO_POLICY, ncms: { ...DEMO_POLICY.ncms, annualCap: '-1.00' } })[0]).toMatch(/ncms.annualCap: amount must not be negative/);
    expect(
      issue({
        ...DEMO_POLICY,
        assistance: { ...DEMO_POLICY.assistance, class1: { ...DEMO_POLICY.assistance.class1, bands: [{ upTo: '500.00', rate: '0.60' }] } },
      })[0],
    ).toMatch(/open-ended/);
  });
});

describe('worked examples', () => {
  it.each([
    // category, level, total, eligible → NCMS, assistance, self-pay
    ['class1', 'township', '3000.00', '3000.00', '2400.00', '365.00', '235.00'], // remainder 600: 500×60% + 100×65%
    ['class1', 'county', '3000.00', '2500.00', '1750.00', '800.00', '450.00'], // remainder 1250: 300 + 325 + 250×70%
    ['class1', 'city', '8000.00', '8000.00', '4800.00', '2310.00', '890.00'], // remainder 3200: 1350 + 1200×80%
    ['class1', 'province', '20000.00', '18000.00', '9000.00', '6000.00', '5000.00'], // remainder 11000 → 8850, capped at 6000
    ['class2', 'township', '1200.00', '1000.00', '800.00', '400.00', '0.00'], // five-guarantee: the remainder in full
    ['class2', 'county', '10000.00', '9000.00', '6300.00', '3700.00', '0.00'],
    ['class3', 'city', '20000.00', '20000.00', '12000.00', '6400.00', '1600.00'], // 80 %, no cap
    ['class3', 'province', '100000.00', '100000.00', '35000.00', '52000.00', '13000.00'], // NCMS capped at 35,000
    ['ordinary', 'township', '1000.00', '1000.00', '675.00', '0.00', '325.00'], // (1000 − 100) × 75 %
    ['ordinary', 'county', '2000.00', '1500.00', '780.00', '0.00', '1220.00'], // (1500 − 300) × 65 %
    ['ordinary', 'city', '400.00', '400.00', '0.00', '0.00', '400.00'], // below the deductible
    ['ordinary', 'province', '5000.00', '4000.00', '1440.00', '0.00', '3560.00'], // (4000 − 800) × 45 %
  ])('%s at a %s hospital, total %s, eligible %s → NCMS %s, assistance %s, self-pay %s', (category, level, total, eligible, ncms, assistance, selfPay) => {
    expect(
      quote({
        category: category as SettlementInput['category'],
        hospitalLevel: level as SettlementInput['hospitalLevel'],
        totalCost: total,
        eligibleCost: eligible,
      }),
    ).toEqual([ncms, assistance, selfPay]);
  });
});

describe('class 1 band edges (remainder = total: nothing eligible for NCMS)', () => {
  it.each([
    ['500.00', '300.00', '300.00'],
    ['500.01', '300.01', '325.01'],
    ['1000.00', '625.00', '650.00'],
    ['1000.01', '625.01', '700.01'],
    ['1500.00', '975.00', '1050.00'],
    ['1500.01', '975.01', '1125.01'],
    ['2000.00', '1350.00', '1500.00'],
    ['2000.01', '1350.01', '1600.01'],
    ['5000.00', '3750.00', '4000.00'],
    ['5000.01', '3750.01', '4250.01'],
  ])('remainder %s: progressive %s, flat %s', (remainder, progressive, flat) => {
    expect(quote({ totalCost: remainder, eligibleCost: '0.00' })[1]).toBe(progressive);
    expect(quote({ totalCost: remainder, eligibleCost: '0.00' }, flatPolicy)[1]).toBe(flat);
  });
});

describe('annual caps', () => {
  it('limits NCMS to what is left of the 35,000, and assistance to what is left of the 6,000', () => {
    // Partly used NCMS cap: 8,000 due, 5,000 left.
    expect(quote({ totalCost: '10000.00', ncmsPaidThisYear: '30000.00' })).toEqual(['5000.00', '3750.00', '1250.00']);
    // Fully used NCMS cap: the whole bill is the remainder; assistance 8,000 due is capped at 6,000.
    expect(quote({ totalCost: '10000.00', ncmsPaidThisYear: '35000.00' })).toEqual(['0.00', '6000.00', '4000.00']);
    // Partly used assistance cap.
    expect(quote({ totalCost: '10000.00', ncmsPaidThisYear: '35000.00', assistancePaidThisYear: '5000.00' })).toEqual(['0.00', '1000.00', '9000.00']);
    // Fully used assistance cap, class 3 has none.
    expect(quote({ totalCost: '1000.00', assistancePaidThisYear: '6000.00' })).toEqual(['800.00', '0.00', '200.00']);
    expect(quote({ category: 'class3', totalCost: '1000.00', assistancePaidThisYear: '99999.00' })).toEqual(['800.00', '160.00', '40.00']);
  });

  it('explains a cap in the trace, in Chinese and English', () => {
    const r = calculateSettlement(DEMO_POLICY, {
      category: 'class1',
      hospitalLevel: 'county',
      totalCost: '10000.00',
      eligibleCost: '10000.00',
      ncmsPaidThisYear: '34000.00',
      assistancePaidThisYear: '0.00',
    });
    const cap = r.trace.find((s) => s.step === 'ncms-cap')!;
    expect(cap.zh).toContain('封顶线');
    expect(cap.en).toContain('annual cap 35000.00');
    expect(cap.amount).toBe('1000.00');
    expect(r.trace.map((s) => s.step)).toEqual([
      'total',
      'eligible',
      'deductible',
      'ncms-rate',
      'ncms-cap',
      'ncms',
      'remainder',
      'assistance-band',
      'assistance-band',
      'assistance-band',
      'assistance-band',
      'assistance-band',
      'assistance-band',
      'assistance-cap',
      'assistance',
      'self-pay',
    ]);
  });
});

describe('rounding', () => {
  it('rounds each part half-up to the fen, and self-pay takes exactly what is left', () => {
    // 0.15 × 70 % = 0.105: half a fen rounds up.
    expect(quote({ category: 'class2', hospitalLevel: 'county', totalCost: '0.15' })).toEqual(['0.11', '0.04', '0.00']);
    // (100.01 − 100) × 75 % = 0.0075 → 0.01.
    expect(quote({ category: 'ordinary', totalCost: '100.01' })).toEqual(['0.01', '0.00', '100.00']);
    const halfEven = { ...DEMO_POLICY, rounding: { scale: 2 as const, mode: 'half-even' as const } };
    expect(quote({ category: 'class2', hospitalLevel: 'county', totalCost: '0.15' }, halfEven)).toEqual(['0.10', '0.05', '0.00']);
    // The assistance part on half a fen: remainder 500.10 (nothing eligible for NCMS), progressive: 500 × 60 % + 0.10 × 65 % = 300.065.
    expect(quote({ totalCost: '500.10', eligibleCost: '0.00' })).toEqual(['0.00', '300.07', '200.03']);
    expect(quote({ totalCost: '500.10', eligibleCost: '0.00' }, halfEven)).toEqual(['0.00', '300.06', '200.04']);
    // Flat: the whole 500.10 at 65 % = 325.065.
    expect(quote({ totalCost: '500.10', eligibleCost: '0.00' }, flatPolicy)).toEqual(['0.00', '325.07', '175.03']);
  });
});

describe('properties', () => {
  const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => (c / 100).toFixed(2));
  const input = fc
    .record({
      category: fc.constantFrom(...CATEGORIES),
      hospitalLevel: fc.constantFrom(...HOSPITAL_LEVELS),
      totalCost: cents(30_000_000),
      eligibleShare: fc.integer({ min: 0, max: 100 }),
      ncmsPaidThisYear: cents(4_000_000),
      assistancePaidThisYear: cents(800_000),
      flat: fc.boolean(),
    })
    .map(({ eligibleShare, flat, ...r }) => ({
      flat,
      input: { ...r, eligibleCost: new Dec(r.totalCost).times(eligibleShare).div(100).toDecimalPlaces(2, Dec.ROUND_DOWN).toFixed(2) },
    }));

  it('parts add up to the total, none is negative, and caps are never exceeded', () => {
    fc.assert(
      fc.property(input, ({ flat, input: i }) => {
        const policy = flat ? flatPolicy : DEMO_POLICY;
        const r = calculateSettlement(policy, i);
        expect(new Dec(r.ncms).plus(r.assistance).plus(r.selfPay).toFixed(2)).toBe(i.totalCost);
        for (const part of [r.ncms, r.assistance, r.selfPay]) expect(new Dec(part).gte(0)).toBe(true);
        expect(new Dec(r.ncms).plus(i.ncmsPaidThisYear).lte(Dec.max(policy.ncms.annualCap, i.ncmsPaidThisYear))).toBe(true);
        if (i.category === 'class1') expect(new Dec(r.assistance).plus(i.assistancePaidThisYear).lte(Dec.max('6000', i.assistancePaidThisYear))).toBe(true);
        if (i.category === 'ordinary') expect(r.assistance).toBe('0.00');
        expect(new Dec(r.ncms).lte(i.eligibleCost)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never pays a beneficiary less NCMS than an ordinary insured person for the same bill', () => {
    fc.assert(
      fc.property(input, ({ input: i }) => {
        const ordinary = calculateSettlement(DEMO_POLICY, { ...i, category: 'ordinary' });
        const beneficiary = calculateSettlement(DEMO_POLICY, { ...i, category: 'class1' });
        expect(new Dec(beneficiary.selfPay).lte(ordinary.selfPay)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the fixed-point arithmetic is the decimal one', () => {
  // Amounts written as a clerk or a billing system would: one or two places, any size the schema allows.
  const amount = (maxFen: bigint) =>
    fc.tuple(fc.bigInt({ min: 0n, max: maxFen }), fc.constantFrom(0, 1, 2)).map(([v, places]) => {
      const s = new Dec(v.toString()).div(100).toFixed(2);
      return places === 2 ? s : places === 0 && s.endsWith('.00') ? s.slice(0, -3) : s.endsWith('0') ? s.slice(0, -1) : s;
    });
  const rate = fc
    // Rates such as 50 % or 2.5 % put products exactly on half a fen, where the rounding modes differ.
    .tuple(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(5000, 2500, 7500, 250, 50)), fc.boolean())
    .map(([r, short]) => new Dec(r).div(10_000).toFixed(short && r % 100 === 0 ? 2 : 4));
  const level = <T>(a: fc.Arbitrary<T>) => fc.record({ township: a, county: a, city: a, province: a });
  const policy: fc.Arbitrary<Policy> = fc
    .record({
      beneficiary: level(rate),
      ordinary: level(rate),
      deductibles: level(amount(200_000n)),
      annualCap: amount(10_000_000n),
      banding: fc.constantFrom('progressive' as const, 'flat' as const),
      edges: fc.uniqueArray(fc.integer({ min: 1, max: 2_000_000 }), { minLength: 0, maxLength: 6 }),
      bandRates: fc.array(rate, { minLength: 7, maxLength: 7 }),
      class1Cap: fc.option(amount(2_000_000n), { nil: null }),
      class2: fc.record({ rate, annualCap: fc.option(amount(2_000_000n), { nil: null }) }),
      class3: fc.record({ rate, annualCap: fc.option(amount(2_000_000n), { nil: null }) }),
      mode: fc.constantFrom('half-up' as const, 'half-even' as const),
    })
    .map((r) => {
      const edges = [...r.edges].sort((a, b) => a - b).map((e) => (e / 100).toFixed(2));
      return policySchema.parse({
        version: 7,
        effectiveFrom: '2026-01-01',
        ncms: { rates: { beneficiary: r.beneficiary, ordinary: r.ordinary }, deductibles: { ordinary: r.deductibles }, annualCap: r.annualCap },
        assistance: {
          banding: r.banding,
          class1: { bands: [...edges, null].map((upTo, i) => ({ upTo, rate: r.bandRates[i]! })), annualCap: r.class1Cap },
          class2: r.class2,
          class3: r.class3,
        },
        rounding: { scale: 2, mode: r.mode },
      });
    });
  const input = fc
    .record({
      category: fc.constantFrom(...CATEGORIES),
      hospitalLevel: fc.constantFrom(...HOSPITAL_LEVELS),
      // Up to the 18 integer digits an amount may have, and the small sums most bills are.
      totalCost: fc.oneof(amount(10n ** 20n - 1n), amount(5_000_000n), amount(200n)),
      eligibleShare: fc.integer({ min: 0, max: 100 }),
      ncmsPaidThisYear: fc.oneof(amount(5_000_000n), amount(10n ** 12n)),
      assistancePaidThisYear: amount(2_000_000n),
    })
    .map(({ eligibleShare, ...r }) => ({
      ...r,
      eligibleCost: new Dec(r.totalCost).times(eligibleShare).div(100).toDecimalPlaces(2, Dec.ROUND_DOWN).toFixed(2),
    }));

  it('gives the same parts and the same bilingual trace as decimal.js, for any valid policy and bill', () => {
    fc.assert(
      fc.property(policy, input, (p, i) => {
        expect(calculateSettlement(p, i)).toEqual(decimalSettlement(p, i));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same for the demo policy at every half-fen edge of a band', () => {
    for (const band of DEMO_POLICY.assistance.class1.bands.filter((b) => b.upTo !== null)) {
      for (const delta of ['-0.01', '0.00', '0.01', '0.02']) {
        for (const banding of ['progressive', 'flat'] as const) {
          const p = { ...DEMO_POLICY, assistance: { ...DEMO_POLICY.assistance, banding } };
          const i: SettlementInput = {
            category: 'class1',
            hospitalLevel: 'county',
            totalCost: new Dec(band.upTo!).plus(delta).toFixed(2),
            eligibleCost: '0.00',
            ncmsPaidThisYear: '0.00',
            assistancePaidThisYear: '0.00',
          };
          expect(calculateSettlement(p, i)).toEqual(decimalSettlement(p, i));
        }
      }
    }
  });
});
