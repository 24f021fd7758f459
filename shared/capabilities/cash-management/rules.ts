/**
 * The postal company's account rules (the seed's fourth document), added to
 * the ledger's own for every leg: a revenue account (收入户) pays only up to
 * its parent unit or bank fees; an expense account (支出户) receives only from
 * its parent unit or interest.
 */
import type { Account, LedgerPolicy, LegContext, Refusal } from '../../ledger/index.ts';
import { isOutflow } from '../../ledger/index.ts';
import type { UnitDirectory } from './units.ts';

function hierarchyRule(ctx: LegContext): Refusal | undefined {
  const { account, side, counterparts } = ctx;
  const fromParentUnit = (a: Account) => ctx.parentUnit !== undefined && a.unit === ctx.parentUnit;
  if (!isOutflow(account, side)) {
    if (account.kind === 'expense' && !counterparts.every((c) => fromParentUnit(c) || c.kind === 'interest')) {
      return {
        rule: 'expense-account-source',
        account: account.id,
        detail: `${account.id} is an expense account (支出户): it receives only from its parent unit or interest.`,
      };
    }
    return undefined;
  }
  if (account.kind === 'revenue' && !counterparts.every((c) => (fromParentUnit(c) && ['revenue', 'fund'].includes(c.kind)) || c.kind === 'fee')) {
    return {
      rule: 'revenue-account-payee',
      account: account.id,
      detail: `${account.id} is a revenue account (收入户): it pays only up to its parent unit or bank fees.`,
    };
  }
  return undefined;
}

/** The ledger policy of postal cash management: the hierarchy rules, with parents from the unit directory. */
export function postalPolicy(units: UnitDirectory): LedgerPolicy {
  return { rules: [hierarchyRule], parentOf: (tenantId, unit) => units.parentOf(tenantId, unit) };
}
