/**
 * The day's takings: every order of a business day, summed per fund nature
 * and posted nightly into the campus's revenue account, so the postal
 * company's sweep carries them up its hierarchy.
 */
import type { FundNature } from '../../../capabilities/cash-management/index.ts';
import { Dec, formatAmount } from '../../../kernel/money.ts';
import type { TransferRequest } from '../../../ledger/index.ts';
import type { NightlyStep } from '../../../pipeline/contract.ts';
import { FUND_NATURE_OF } from '../board/board.ts';
import type { CampusServices, Office } from '../office.ts';
import { OrderRecord, ordersOfDay } from './order.entity.ts';
import { CampusConfigRecord } from './takings.entity.ts';

/** Where takings go when the campus has no revenue account configured. */
const DEFAULT_REVENUE_ACCOUNT = 'clearing:campus-takings';

export async function revenueAccount(o: Office): Promise<string> {
  return (await o.records.get(CampusConfigRecord, undefined))?.revenueAccount ?? DEFAULT_REVENUE_ACCOUNT;
}

export async function setRevenueAccount(o: Office, account: string): Promise<void> {
  await o.records.put(CampusConfigRecord, { revenueAccount: account });
}

/** Takings of a day per fund nature, from its orders. */
export async function takingsOf(o: Office, date: string): Promise<Map<FundNature, Dec>> {
  const byFund = new Map<FundNature, Dec>();
  for (const order of await o.records.find(OrderRecord, ordersOfDay, { date })) {
    for (const l of order.lines) byFund.set(FUND_NATURE_OF[l.line], (byFund.get(FUND_NATURE_OF[l.line]) ?? new Dec(0)).plus(l.amount));
  }
  return byFund;
}

/** The day's takings per fund nature into the revenue account; the transfer ids make a rerun a replay. */
export function takingsStep(s: CampusServices): NightlyStep {
  return {
    name: 'takings',
    label: { zh: '营业收入入账', en: 'Day’s takings' },
    async run(ctx) {
      const o = s.forTenant(ctx.tenant);
      const account = await revenueAccount(o);
      const transfers: TransferRequest[] = [];
      for (const [fund, amount] of await takingsOf(o, ctx.businessDate)) {
        if (amount.isZero()) continue;
        transfers.push({
          id: `takings:${ctx.businessDate}:${fund}`,
          debit: account,
          debitDim: `${fund}|`,
          credit: `income:campus:${fund}`,
          amount: formatAmount(amount),
          currency: 'CNY',
          memo: `营业收入 takings ${ctx.businessDate} ${fund}`,
        });
      }
      const { posted, replayed } = await ctx.post(transfers);
      return { transfers: transfers.length, posted, replayed };
    },
  };
}
