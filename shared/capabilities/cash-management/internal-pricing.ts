/**
 * Internal pricing (内部计价): funds a unit sends up earn interest, funds
 * it borrows (overdrafts its parent covers) cost interest, at configured
 * rates and day-count convention. Interest accrues daily, one record per
 * unit and date (written once, so reruns change nothing), and is posted
 * monthly, on the month's last business date, between the unit's expense
 * account and its parent's interest account.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { Dec, roundAmount } from '../../kernel/money.ts';
import { type Ledger, money } from '../../ledger/index.ts';
import { tenantKey } from '../../store/schema.ts';
import { ConditionFailed, conditions, type Store } from '../../store/store.ts';
import { expenseAccount, interestAccount, revenueAccount } from './sweep.ts';
import type { UnitDirectory } from './units.ts';

export const pricingSchema = z.strictObject({
  /** Annual rate paid on funds swept up, e.g. "0.0150" for 1.5 %. */
  lendRate: z
    .string()
    .regex(/^0(\.\d{1,6})?$/, '年利率，写作小数，如 0.0150 an annual rate as a decimal fraction, e.g. 0.0150')
    .meta({ title: '上存利率（年） Rate paid on funds swept up (annual)' }),
  /** Annual rate charged on overdrafts covered by the parent. */
  borrowRate: z
    .string()
    .regex(/^0(\.\d{1,6})?$/, '年利率，写作小数，如 0.0435 an annual rate as a decimal fraction, e.g. 0.0435')
    .meta({ title: '透支利率（年） Rate charged on overdrafts (annual)' }),
  dayCount: z.enum(['ACT/360', 'ACT/365']).meta({ title: '计息天数惯例 Day count' }),
});
export type PricingConfig = z.infer<typeof pricingSchema>;
export const DEFAULT_PRICING: PricingConfig = { lendRate: '0.0150', borrowRate: '0.0435', dayCount: 'ACT/360' };

const accrualKey = (t: string, unit: string, date: string) => ({ pk: tenantKey(t, 'PRICING', unit), sk: date });
const configKey = (t: string) => ({ pk: tenantKey(t, 'CASHCFG'), sk: 'PRICING' });

export interface Accrual {
  unit: string;
  date: string;
  lentBase: string;
  borrowedBase: string;
  /** Unrounded daily interest (positive: the unit earns). */
  accrual: string;
}

export class InternalPricing {
  constructor(
    private readonly store: Store,
    private readonly ledger: Ledger,
    private readonly units: UnitDirectory,
  ) {}

  async config(tenantId: string): Promise<PricingConfig> {
    const item = await this.store.get(configKey(tenantId));
    return (item?.config as PricingConfig) ?? DEFAULT_PRICING;
  }

  async setConfig(tenantId: string, config: PricingConfig): Promise<PricingConfig> {
    const parsed = pricingSchema.parse(config);
    await this.store.put({ ...configKey(tenantId), entity: 'pricing-config', config: parsed });
    return parsed;
  }

  /** Accrues the day for every unit below the region; on the month's last day, posts the month. */
  async run(tenantId: string, date: string, timeZone: string): Promise<{ accrued: number; posted: number; total: string }> {
    const config = await this.config(tenantId);
    const basis = config.dayCount === 'ACT/360' ? 360 : 365;
    let accrued = 0;
    let posted = 0;
    let total = new Dec(0);
    for (const level of ['city', 'county', 'branch'] as const) {
      for (const unit of await this.units.atLevel(tenantId, level)) {
        const previous = DateTime.fromISO(date).minus({ days: 1 });
        const sameMonth = previous.toFormat('yyyy-MM') === date.slice(0, 7);
        const before = sameMonth ? ((await this.store.get(accrualKey(tenantId, unit.id, previous.toISODate()!)))?.accrual as Accrual | undefined) : undefined;
        const swept = await this.sweptOn(tenantId, revenueAccount(unit), date);
        const covered = await this.coveredOn(tenantId, unit.id, date);
        const lentBase = new Dec(before?.lentBase ?? 0).plus(swept);
        const borrowedBase = new Dec(before?.borrowedBase ?? 0).plus(covered);
        const accrual = lentBase.times(config.lendRate).minus(borrowedBase.times(config.borrowRate)).div(basis).toDecimalPlaces(8);
        const record: Accrual = { unit: unit.id, date, lentBase: money(lentBase), borrowedBase: money(borrowedBase), accrual: accrual.toFixed(8) };
        try {
          await this.store.put({ ...accrualKey(tenantId, unit.id, date), entity: 'accrual', accrual: record }, conditions.absent());
          accrued++;
        } catch (err) {
          if (!(err instanceof ConditionFailed)) throw err;
        }
        if (DateTime.fromISO(date).endOf('month').toISODate() === date) {
          posted += await this.postMonth(tenantId, unit.id, unit.parent!, date, timeZone, (amount) => (total = total.plus(amount)));
        }
      }
    }
    return { accrued, posted, total: money(total) };
  }

  private async postMonth(tenantId: string, unitId: string, parentId: string, date: string, timeZone: string, add: (d: Dec) => void): Promise<number> {
    const month = date.slice(0, 7);
    const page = await this.store.query({ pk: tenantKey(tenantId, 'PRICING', unitId), between: [`${month}-01`, date] });
    const sum = page.items.reduce((s, i) => s.plus((i.accrual as Accrual).accrual), new Dec(0));
    const amount = roundAmount(sum.abs());
    if (amount.isZero()) return 0;
    add(sum.isNegative() ? amount.negated() : amount);
    const unit = (await this.units.get(tenantId, unitId))!;
    const [debit, credit] = sum.isNegative() ? [interestAccount(parentId), expenseAccount(unit)] : [expenseAccount(unit), interestAccount(parentId)];
    await this.ledger.execute(
      tenantId,
      [
        {
          kind: 'entry',
          entry: {
            id: `interest:${month}:${unitId}`,
            code: 'interest',
            memo: `内部计价 internal interest ${month}`,
            ref: { month, unit: unitId },
            legs: [
              { account: debit, side: 'debit', amount: money(amount) },
              { account: credit, side: 'credit', amount: money(amount) },
            ],
          },
        },
      ],
      { timeZone, origin: 'system' },
    );
    return 1;
  }

  /** What the unit's revenue account sent up on the date: its sweep postings. */
  private async sweptOn(tenantId: string, account: string, date: string): Promise<Dec> {
    const postings = await this.ledger.postingsOn(tenantId, account, date);
    return postings.filter((p) => p.entryId.startsWith('sweep:') && p.side === 'credit').reduce((s, p) => s.plus(p.amount), new Dec(0));
  }

  private async coveredOn(tenantId: string, unitId: string, date: string): Promise<Dec> {
    const entry = await this.ledger.getEntry(tenantId, `cover:${date}:${unitId}`);
    return new Dec(entry?.legs[0]?.amount ?? 0);
  }
}
