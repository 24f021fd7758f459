/**
 * The compensation policy as data: versioned and effective-dated per tenant.
 * NCMS (新农合) rates per hospital level for beneficiaries and for ordinary
 * insured people, deductibles for ordinary people (waived for
 * beneficiaries), the NCMS annual cap, and civil-affairs assistance per
 * category. A policy that does not make sense is refused with the reason.
 */
import { z } from 'zod';
import { amountSchema, Dec } from '../../../kernel/money.ts';

export const HOSPITAL_LEVELS = ['township', 'county', 'city', 'province'] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];
export const CATEGORIES = ['class1', 'class2', 'class3', 'ordinary'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, { zh: string; en: string }> = {
  class1: { zh: '一类（低保户、60年代精简退职人员、定期定量救济人员）', en: 'Class 1 (minimum-living households, 1960s laid-off workers, regular relief)' },
  class2: { zh: '二类（五保户）', en: 'Class 2 (five-guarantee households)' },
  class3: { zh: '三类（重点优抚对象）', en: 'Class 3 (key entitled groups)' },
  ordinary: { zh: '普通参合人员', en: 'Ordinary insured' },
};
export const LEVEL_LABELS: Record<HospitalLevel, { zh: string; en: string }> = {
  township: { zh: '乡级', en: 'Township' },
  county: { zh: '县级', en: 'County' },
  city: { zh: '市级', en: 'City' },
  province: { zh: '省级', en: 'Province' },
};

const rate = z.string().regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'a rate is a decimal fraction between 0 and 1, e.g. "0.80"');
const perLevel = <T extends z.ZodType>(t: T) => z.strictObject({ township: t, county: t, city: t, province: t });
const cap = amountSchema().nullable();

export const policySchema = z
  .strictObject({
    version: z.number().int().min(1),
    effectiveFrom: z.iso.date(),
    ncms: z.strictObject({
      rates: z.strictObject({ beneficiary: perLevel(rate), ordinary: perLevel(rate) }),
      deductibles: z.strictObject({ ordinary: perLevel(amountSchema()) }),
      annualCap: amountSchema(),
    }),
    assistance: z.strictObject({
      banding: z.enum(['progressive', 'flat']),
      class1: z.strictObject({
        bands: z
          .array(z.strictObject({ upTo: amountSchema().nullable(), rate }))
          .min(1)
          .max(20),
        annualCap: cap,
      }),
      class2: z.strictObject({ rate, annualCap: cap }),
      class3: z.strictObject({ rate, annualCap: cap }),
    }),
    rounding: z.strictObject({ scale: z.literal(2), mode: z.enum(['half-up', 'half-even']) }),
  })
  .superRefine((p, ctx) => {
    const bands = p.assistance.class1.bands;
    bands.forEach((b, i) => {
      const last = i === bands.length - 1;
      if (last !== (b.upTo === null)) {
        ctx.addIssue({
          code: 'custom',
          path: ['assistance', 'class1', 'bands', i, 'upTo'],
          message: last ? 'the last band is open-ended (upTo: null)' : 'only the last band may be open-ended',
        });
      }
      if (i > 0 && b.upTo !== null && bands[i - 1]!.upTo !== null && !new Dec(b.upTo).gt(bands[i - 1]!.upTo!)) {
        ctx.addIssue({ code: 'custom', path: ['assistance', 'class1', 'bands', i, 'upTo'], message: 'bands must be in increasing order without overlap' });
      }
    });
    if (bands[0]?.upTo !== null && bands[0] && new Dec(bands[0].upTo!).lte(0)) {
      ctx.addIssue({ code: 'custom', path: ['assistance', 'class1', 'bands', 0, 'upTo'], message: 'the first band must end above zero' });
    }
  });

export type Policy = z.infer<typeof policySchema>;

/**
 * The seed's rules (Table 1 and Table 2 of the Huangzhong report):
 * beneficiaries get 5 points above the ordinary rates and no deductible;
 * NCMS pays at most 35,000 a year; class 1 assistance is banded and capped at
 * 6,000 a year, class 2 is paid in full, class 3 at 80 % without a cap. The
 * seed names no deductible amounts for ordinary people: the demo's are
 * configuration, chosen here for illustration.
 */
export const DEMO_POLICY: Policy = {
  version: 1,
  effectiveFrom: '2009-10-01',
  ncms: {
    rates: {
      beneficiary: { township: '0.80', county: '0.70', city: '0.60', province: '0.50' },
      ordinary: { township: '0.75', county: '0.65', city: '0.55', province: '0.45' },
    },
    deductibles: { ordinary: { township: '100.00', county: '300.00', city: '500.00', province: '800.00' } },
    annualCap: '35000.00',
  },
  assistance: {
    banding: 'progressive',
    class1: {
      bands: [
        { upTo: '500.00', rate: '0.60' },
        { upTo: '1000.00', rate: '0.65' },
        { upTo: '1500.00', rate: '0.70' },
        { upTo: '2000.00', rate: '0.75' },
        { upTo: '5000.00', rate: '0.80' },
        { upTo: null, rate: '0.85' },
      ],
      annualCap: '6000.00',
    },
    class2: { rate: '1.00', annualCap: null },
    class3: { rate: '0.80', annualCap: null },
  },
  rounding: { scale: 2, mode: 'half-up' },
};
