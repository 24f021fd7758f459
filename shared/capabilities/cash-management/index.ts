/** What kinds may use of postal cash management: its vocabulary of fund natures. */

export type { FundNature } from './fund-natures.ts';
export { FUND_NATURE_LABELS, FUND_NATURES } from './fund-natures.ts';
