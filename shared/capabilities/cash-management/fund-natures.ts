/** The seven fund natures (资金性质) of the postal company's revenue, the second level of its sub-ledgers. */
import type { Label } from '../../kernel/labels.ts';

export const FUND_NATURES = ['postal', 'periodicals', 'philately', 'distribution', 'ecommerce', 'agency', 'other'] as const;
export type FundNature = (typeof FUND_NATURES)[number];

export const FUND_NATURE_LABELS: Record<FundNature, Label> = {
  postal: { zh: '邮政营收资金', en: 'Postal revenue' },
  periodicals: { zh: '报刊资金', en: 'Periodicals' },
  philately: { zh: '集邮资金', en: 'Philately' },
  distribution: { zh: '分销业务资金', en: 'Distribution' },
  ecommerce: { zh: '电子商务资金', en: 'E-commerce' },
  agency: { zh: '代收代付资金', en: 'Collection and payment agency' },
  other: { zh: '其他资金', en: 'Other' },
};
