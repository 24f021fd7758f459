/**
 * Due vs paid-in reconciliation (应缴/实缴): what each unit was expected to
 * deposit per fund nature on a date, against the deposits that arrived.
 */
import { z } from 'zod';
import { amountSchema, Dec } from '../../kernel/money.ts';
import { type Ledger, money } from '../../ledger/index.ts';
import { tenantKey } from '../../store/schema.ts';
import type { Page, Store } from '../../store/store.ts';
import { FUND_NATURES } from './fund-natures.ts';

export const expectedSchema = z.strictObject({
  date: z.iso.date().meta({ title: '营业日 Business date' }),
  unit: z.string().min(1).max(40).meta({ title: '单位 Unit' }),
  fundNature: z.enum(FUND_NATURES).meta({ title: '资金性质 Fund nature' }),
  amount: amountSchema().meta({ title: '应缴金额 Amount due' }),
});
export type Expected = z.infer<typeof expectedSchema>;

export interface ReconciliationRow {
  unit: string;
  fundNature: string;
  expected: string;
  actual: string;
  difference: string;
}

const expectedKey = (t: string, date: string) => tenantKey(t, 'EXPECTED', date);
const reportKey = (t: string, date: string) => ({ pk: tenantKey(t, 'RECON', date), sk: 'REPORT' });

export class Reconciliation {
  constructor(
    private readonly store: Store,
    private readonly ledger: Ledger,
  ) {}

  async setExpected(tenantId: string, e: Expected): Promise<Expected> {
    await this.store.put({ pk: expectedKey(tenantId, e.date), sk: `${e.unit}|${e.fundNature}`, entity: 'expected', expected: e });
    return e;
  }

  /** Compares and stores the report; rows are listed only where expected and actual differ. */
  async run(tenantId: string, date: string): Promise<{ date: string; units: number; differences: ReconciliationRow[] }> {
    const expected = new Map<string, Dec>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: Page = await this.store.query({ pk: expectedKey(tenantId, date), startKey });
      for (const i of page.items) expected.set(i.sk, new Dec((i.expected as Expected).amount));
      startKey = page.lastKey;
    } while (startKey);
    const actual = new Map<string, Dec>();
    for (const entry of await this.ledger.journal(tenantId, date)) {
      if (entry.code !== 'deposit' || !entry.ref?.unit || !entry.ref.fundNature) continue;
      const key = `${entry.ref.unit}|${entry.ref.fundNature}`;
      actual.set(key, (actual.get(key) ?? new Dec(0)).plus(entry.legs[0]!.amount));
    }
    const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort();
    const differences = keys
      .map((key) => {
        const [unit, fundNature] = key.split('|') as [string, string];
        const e = expected.get(key) ?? new Dec(0);
        const a = actual.get(key) ?? new Dec(0);
        return { unit, fundNature, expected: money(e), actual: money(a), difference: money(a.minus(e)) };
      })
      .filter((r) => r.difference !== '0.00');
    const report = { date, units: new Set(keys.map((k) => k.split('|')[0])).size, differences };
    await this.store.put({ ...reportKey(tenantId, date), entity: 'reconciliation', report });
    return report;
  }

  async report(tenantId: string, date: string) {
    return (await this.store.get(reportKey(tenantId, date)))?.report as Awaited<ReturnType<Reconciliation['run']>> | undefined;
  }
}
