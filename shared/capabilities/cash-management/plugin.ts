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
import { cashRoutes, unitVisible } from './routes.ts';
import { type CashServices, cashLedgerPolicy, cashServices } from './services.ts';

export const CASH_MANAGEMENT = 'cash-management';

export const cashManagement = defineCapability<CashServices>({
  id: CASH_MANAGEMENT,
  title: { zh: '邮政现金管理', en: 'Postal cash management' },
  labels: {
    fundNature: FUND_NATURE_LABELS,
    level: {
      region: { zh: '区公司', en: 'Region' },
      city: { zh: '盟市', en: 'City' },
      county: { zh: '旗县', en: 'County' },
      branch: { zh: '支局', en: 'Branch' },
    },
  },
  services: (parts) => cashServices(parts),
  ledgerPolicy: cashLedgerPolicy,
  unitScope: (s) => (actor, tenantId, unit) => unitVisible(s.units, actor, tenantId, unit),
  ...(process.env.ONESTOP_PARTS !== 'worker' && { routes: cashRoutes, console: { pages: cashPages, dashboard: cashDashboard } }),
  nightly: cashSteps,
  ...(process.env.ONESTOP_PARTS === undefined && { demo: { seed: seedPostalHierarchy } }),
});
