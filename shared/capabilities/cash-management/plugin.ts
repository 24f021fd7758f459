/**
 * Postal cash management (邮政现金管理) as a capability a tenant enables: the
 * unit hierarchy with revenue and expense accounts, deposits by fund
 * nature, the nightly sweep, overdraft cover, internal pricing and
 * reconciliation, electronic receipts, and the hierarchy's account rules.
 */
import { defineCapability } from '../contract.ts';
import { seedPostalHierarchy } from './demo.ts';
import { FUND_NATURE_LABELS } from './fund-natures.ts';
import { cashSteps } from './nightly.ts';
import { cashDashboard, cashPages } from './pages.tsx';
import { cashRoutes } from './routes.ts';
import { type CashServices, cashLedgerPolicy, cashServices } from './services.ts';
import { BANK_CLEARING, BANK_FEES } from './sweep.ts';
import { cashWorkPages } from './work-pages.tsx';

export const CASH_MANAGEMENT = 'cash-management';

export const cashManagement = defineCapability<CashServices>({
  id: CASH_MANAGEMENT,
  title: { zh: '邮政现金管理', en: 'Postal cash management' },
  labels: {
    fundNature: FUND_NATURE_LABELS,
    dayCount: {
      'ACT/360': { zh: '实际天数/360', en: 'Actual/360' },
      'ACT/365': { zh: '实际天数/365', en: 'Actual/365' },
    },
    subLedgerLevel: {
      subordinate: { zh: '下级单位', en: 'Unit below' },
      fundNature: { zh: '资金性质', en: 'Fund nature' },
    },
    level: {
      region: { zh: '区公司', en: 'Region' },
      city: { zh: '盟市', en: 'City' },
      county: { zh: '旗县', en: 'County' },
      branch: { zh: '支局', en: 'Branch' },
    },
  },
  services: (parts) => cashServices(parts),
  ledgerPolicy: cashLedgerPolicy,
  accounts: [
    { id: BANK_CLEARING, kind: 'clearing', name: '银行存款在途 Bank clearing' },
    { id: BANK_FEES, kind: 'fee', name: '银行手续费 Bank fees' },
    { id: 'interest:*', kind: 'interest', name: '内部计价利息 internal interest' },
  ],
  // A unit-scoped user reaches their unit and the units directly below it, nothing further down;
  // what is set from above (limits, allotments) only for the units below.
  dimensions: (s) => ({
    unit: {
      label: { zh: '本单位及下级', en: 'Unit and the units below' },
      covers: async (held, unit, tenant) => {
        for (const viewer of held) if (await s.units.canView(tenant.id, viewer, unit)) return true;
        return false;
      },
    },
    'own-unit': { label: { zh: '本单位', en: 'Own unit' }, held: (actor) => (Object.hasOwn(actor.scopes, 'unit') ? actor.scopes.unit : undefined) },
    'unit-below': {
      label: { zh: '下级单位', en: 'Units below' },
      held: (actor) => (Object.hasOwn(actor.scopes, 'unit') ? actor.scopes.unit : undefined),
      covers: async (held, unit, tenant) => {
        const parent = await s.units.parentOf(tenant.id, unit);
        return parent !== undefined && held.includes(parent);
      },
    },
  }),
  ...(process.env.ONESTOP_PARTS !== 'worker' && { routes: cashRoutes }),
  ...(process.env.ONESTOP_PARTS !== 'worker' &&
    process.env.ONESTOP_PARTS !== 'api' && { console: { pages: [...cashPages, ...cashWorkPages], dashboard: cashDashboard } }),
  nightly: cashSteps,
  ...(process.env.ONESTOP_PARTS === undefined && { demo: { seed: seedPostalHierarchy } }),
});
