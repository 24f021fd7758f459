/**
 * Demo data for a tenant that enables cash management: the postal company
 * of 内蒙古 — region → 2 cities → 3 counties → 4 branches, the campus service
 * point among them — with a day's deposits to sweep and the revenue each
 * unit was due (one deliberate shortfall for reconciliation to find).
 */
import { dateIn } from '../../kernel/clock.ts';
import type { DemoContext } from '../../kit/plugin.ts';
import type { FundNature } from './fund-natures.ts';
import type { CashServices } from './services.ts';
import type { Unit } from './units.ts';

export const DEMO_POSTAL_UNITS: Array<Unit & { budget?: { overdraftLimit: string; monthlyAllotment: string } }> = [
  { id: 'nm', name: '内蒙古自治区邮政分公司', level: 'region' },
  { id: 'hhht', name: '呼和浩特市邮政分公司', level: 'city', parent: 'nm', budget: { overdraftLimit: '200000.00', monthlyAllotment: '2000000.00' } },
  { id: 'bt', name: '包头市邮政分公司', level: 'city', parent: 'nm', budget: { overdraftLimit: '200000.00', monthlyAllotment: '2000000.00' } },
  { id: 'hhht-xc', name: '新城区邮政局', level: 'county', parent: 'hhht', budget: { overdraftLimit: '50000.00', monthlyAllotment: '300000.00' } },
  { id: 'hhht-hlge', name: '和林格尔县邮政局', level: 'county', parent: 'hhht', budget: { overdraftLimit: '50000.00', monthlyAllotment: '300000.00' } },
  { id: 'bt-kdl', name: '昆都仑区邮政局', level: 'county', parent: 'bt', budget: { overdraftLimit: '50000.00', monthlyAllotment: '300000.00' } },
  {
    id: 'hhht-xc-campus',
    name: '内蒙古大学校园邮政服务点',
    level: 'branch',
    parent: 'hhht-xc',
    budget: { overdraftLimit: '5000.00', monthlyAllotment: '30000.00' },
  },
  { id: 'hhht-xc-zhongshan', name: '中山路支局', level: 'branch', parent: 'hhht-xc', budget: { overdraftLimit: '5000.00', monthlyAllotment: '30000.00' } },
  { id: 'hhht-hlge-chengguan', name: '城关支局', level: 'branch', parent: 'hhht-hlge', budget: { overdraftLimit: '5000.00', monthlyAllotment: '30000.00' } },
  { id: 'bt-kdl-gangtie', name: '钢铁大街支局', level: 'branch', parent: 'bt-kdl', budget: { overdraftLimit: '5000.00', monthlyAllotment: '30000.00' } },
];

const DEMO_DEPOSITS: Array<[string, FundNature, string]> = [
  ['hhht-xc-campus', 'postal', '1286.50'],
  ['hhht-xc-campus', 'periodicals', '432.00'],
  ['hhht-xc-campus', 'philately', '168.00'],
  ['hhht-xc-zhongshan', 'postal', '5320.80'],
  ['hhht-xc-zhongshan', 'agency', '12650.00'],
  ['hhht-hlge-chengguan', 'postal', '2210.40'],
  ['hhht-hlge-chengguan', 'ecommerce', '980.00'],
  ['bt-kdl-gangtie', 'postal', '4410.20'],
  ['bt-kdl-gangtie', 'distribution', '1500.00'],
];

export async function seedPostalHierarchy(s: CashServices, { tenant, now }: DemoContext): Promise<void> {
  for (const { budget, ...unit } of DEMO_POSTAL_UNITS) await s.cash.addUnit(tenant.id, unit, budget);
  const zone = tenant.calendar.timeZone;
  const date = dateIn(zone, now);
  for (const [i, [unit, fundNature, amount]] of DEMO_DEPOSITS.entries()) {
    await s.cash.deposit(tenant.id, { id: `demo-deposit-${date}-${i + 1}`, unit, fundNature, amount }, zone);
    // The campus point was due a little more postal revenue than it paid in: reconciliation will show it.
    const due = unit === 'hhht-xc-campus' && fundNature === 'postal' ? '1300.00' : amount;
    await s.reconciliation.setExpected(tenant.id, { date, unit, fundNature, amount: due });
  }
}
