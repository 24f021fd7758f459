/** The cash-management services of a platform, built once from its parts. */
import { type Clock, type DateWindow, dateIn, outsideWindow } from '../../kernel/clock.ts';
import { problems } from '../../kernel/problems.ts';
import type { Ledger } from '../../ledger/index.ts';
import type { Store } from '../../store/store.ts';
import { InternalPricing } from './internal-pricing.ts';
import { Reconciliation } from './reconciliation.ts';
import { postalPolicy } from './rules.ts';
import { CashManagement } from './sweep.ts';
import { UnitDirectory } from './units.ts';

export interface CashServices {
  units: UnitDirectory;
  cash: CashManagement;
  pricing: InternalPricing;
  reconciliation: Reconciliation;
  ledger: Ledger;
  clock: Clock;
  /** Signs electronic receipts' verification codes. */
  receiptSecret: string;
  /** Raises a 400 naming the field unless the business date lies in the window around the tenant's today. */
  businessDate(field: string, date: string, timeZone: string): string;
}

export function cashServices(parts: { store: Store; ledger: Ledger; clock: Clock; dateWindow: DateWindow; secret(purpose: string): string }): CashServices {
  const units = new UnitDirectory(parts.store);
  return {
    units,
    cash: new CashManagement(parts.ledger, units),
    pricing: new InternalPricing(parts.store, parts.ledger, units),
    reconciliation: new Reconciliation(parts.store, parts.ledger),
    ledger: parts.ledger,
    clock: parts.clock,
    receiptSecret: parts.secret('receipts'),
    businessDate(field, date, timeZone) {
      const why = outsideWindow(date, dateIn(timeZone, parts.clock()), parts.dateWindow);
      if (why) throw problems.validation([{ field, message: why }]);
      return date;
    },
  };
}

/** The ledger policy this capability brings: the hierarchy rules, for every tenant's ledger. */
export const cashLedgerPolicy = (store: Store) => postalPolicy(new UnitDirectory(store));
