/**
 * Demo data for the local platform: one tenant of each kind with fixed ids,
 * and for the campus post office, the postal company's cash-management
 * hierarchy it belongs to, with a day's deposits to sweep.
 */
import { DateTime } from 'luxon';
import type { FundNature } from '../ledger/accounts.ts';
import type { Unit } from '../capabilities/cash-management/units.ts';
import { Reconciliation } from '../capabilities/cash-management/reconciliation.ts';
import { DEMO_BOARD } from '../modules/campus-post/board.ts';
import { DEMO_TENANTS } from '../kinds/index.ts';
import { DEMO_POLICY } from '../kinds/ncms/policy/policy.ts';
import { ACCOUNTS } from '../kinds/ncms/service-old.ts';
import type { Platform } from './services.ts';

export async function seedDemoTenants(platform: Platform, now = new Date()): Promise<string[]> {
  const created: string[] = [];
  for (const demo of DEMO_TENANTS) {
    if (await platform.tenants.get(demo.id)) continue;
    const kind = platform.kinds.get(demo.kind)!;
    await platform.tenants.create({ id: demo.id, kind: demo.kind, name: kind.demo.name, calendar: kind.defaultCalendar, status: 'active', createdAt: now.toISOString() });
    created.push(demo.id);
  }
  if (created.includes('demo-campus-post')) {
    await seedPostalHierarchy(platform, 'demo-campus-post', now);
    await seedCampus(platform, 'demo-campus-post', now);
  }
  if (created.includes('demo-ncms')) await seedNcms(platform, 'demo-ncms', now);
  return created;
}

/** 内蒙古: region → 2 cities → 3 counties → 4 branches, the campus service point among them. */
export const DEMO_POSTAL_UNITS: Array<Unit & { budget?: { overdraftLimit: string; monthlyAllotment: string } }> = [
  { id: 'nm', name: '内蒙古自治区邮政分公司', level: 'region' },
  { id: 'hhht', name: '呼和浩特市邮政分公司', level: 'city', parent: 'nm', budget: { overdraftLimit: '200000.00', monthlyAllotment: '2000000.00' } },
  { id: 'bt', name: '包头市邮政分公司', level: 'city', parent: 'nm', budget: { overdraftLimit: '200000.00', monthlyAllotment: '2000000.00' } },
  { id: 'hhht-xc', name: '新城区邮政局', level: 'county', parent: 'hhht', budget: { overdraftLimit: '50000.00', monthlyAllotment: '300000.00' } },
  { id: 'hhht-hlge', name: '和林格尔县邮政局', level: 'county', parent: 'hhht', budget: { overdraftLimit: '50000.00', monthlyAllotment: '300000.00' } },
  { id: 'bt-kdl', name: '昆都仑区邮政局', level: 'county', parent: 'bt', budget: { overdraftLimit: '50000.00', monthlyAllotment: '300000.00' } },
  { id: 'hhht-xc-campus', name: '内蒙古大学校园邮政服务点', level: 'branch', parent: 'hhht-xc', budget: { overdraftLimit: '5000.00', monthlyAllotment: '30000.00' } },
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

async function seedPostalHierarchy(platform: Platform, tenantId: string, now: Date): Promise<void> {
  for (const { budget, ...unit } of DEMO_POSTAL_UNITS) await platform.cash.addUnit(tenantId, unit, budget);
  const tenant = (await platform.tenants.get(tenantId))!;
  const date = DateTime.fromJSDate(now, { zone: tenant.calendar.timeZone }).toISODate()!;
  const reconciliation = new Reconciliation(platform.store);
  for (const [i, [unit, fundNature, amount]] of DEMO_DEPOSITS.entries()) {
    await platform.cash.deposit(tenantId, { id: `demo-deposit-${date}-${i + 1}`, unit, fundNature, amount }, tenant.calendar.timeZone);
    // The campus point was due a little more postal revenue than it paid in: reconciliation will show it.
    const due = unit === 'hhht-xc-campus' && fundNature === 'postal' ? '1300.00' : amount;
    await reconciliation.setExpected(tenantId, { date, unit, fundNature, amount: due });
  }
}

export const DEMO_HOSPITALS = [
  { id: 'dongguan-health', name: '东关乡卫生院', level: 'township', township: 'dongguan' },
  { id: 'county-people', name: '县人民医院', level: 'county', township: 'chengguan' },
  { id: 'xining-first', name: '西宁市第一人民医院', level: 'city', township: 'xining' },
  { id: 'qinghai-provincial', name: '青海省人民医院', level: 'province', township: 'xining' },
] as const;

const DEMO_CATALOGUE = `code,name,kind,eligible
D0001,青霉素注射液 penicillin injection,drug,yes
D0002,头孢曲松 ceftriaxone,drug,yes
D0003,进口白蛋白 imported albumin,drug,no
T0001,住院床位费 ward bed,treatment,yes
T0002,CT检查 CT scan,treatment,yes
T0003,特需病房 VIP ward,treatment,no
`;

/** The NCMS demo: the seed's policy, four designated hospitals, a catalogue, funded accounts, and one registered household. */
export async function seedNcms(platform: Platform, tenantId: string, now = new Date()): Promise<void> {
  const { ncms, ledger, cases } = platform;
  if ((await ncms.policies(tenantId)).length === 0) await ncms.addPolicy(tenantId, DEMO_POLICY);
  for (const h of DEMO_HOSPITALS) await ncms.addHospital(tenantId, { ...h });
  await ncms.importCatalogue(tenantId, DEMO_CATALOGUE);
  await ledger.openAccount(tenantId, { id: 'clearing:county-finance', name: '县财政 county finance', kind: 'clearing' });
  await ledger.openAccount(tenantId, { id: ACCOUNTS.ncmsFund, name: '新农合基金 NCMS fund', kind: 'fund' });
  await ledger.openAccount(tenantId, { id: ACCOUNTS.assistanceFund, name: '医疗救助垫付资金 assistance advance fund', kind: 'fund' });
  await ledger.openAccount(tenantId, { id: ACCOUNTS.civilAffairs, name: '县民政局 civil-affairs bureau', kind: 'clearing' });
  await ledger.execute(tenantId, [
    { kind: 'entry', entry: { id: 'demo-ncms-fund', memo: '新农合基金到位 NCMS fund', legs: [{ account: ACCOUNTS.ncmsFund, side: 'debit', amount: '1000000.00' }, { account: 'clearing:county-finance', side: 'credit', amount: '1000000.00' }] } },
  ]);
  await ncms.fundAssistance(tenantId, { id: 'demo-assistance-prefund', amount: '200000.00' });

  // A class-1 household, through the real eligibility flow: township review, then county approval.
  const tenant = (await platform.tenants.get(tenantId))!;
  const actor = (sub: string, roles: string[], scopes: Record<string, string[]> = {}) => ({ sub, tenantId, roles, scopes });
  const app = await cases.submit(actor('township-01', ['township-reviewer'], { township: ['dongguan'] }), tenant, {
    type: 'eligibility',
    input: {
      township: 'dongguan',
      householdHead: { name: '马德福', idNumber: '630121195602143417' },
      members: [{ name: '马秀兰', idNumber: '630121195810083427', relation: '配偶' }],
      requestedCategory: 'class1',
      evidence: ['低保证 dibao certificate 2009-0417'],
    },
  });
  await cases.transition(actor('township-01', ['township-reviewer'], { township: ['dongguan'] }), tenant, app.body.id, { action: 'approve_township', input: { note: '核实无误' } });
  const year = now.getUTCFullYear();
  await cases.transition(actor('civil-01', ['civil-affairs']), tenant, app.body.id, { action: 'approve', input: { category: 'class1', validFrom: `${year - 1}-01-01`, validTo: `${year + 1}-12-31` } });
}

/** The demo campus: its board, a directory, a roster, a few parcels waiting, takings flowing into the campus revenue account. */
export async function seedCampus(platform: Platform, tenantId: string, now = new Date()): Promise<void> {
  const { campus } = platform;
  await campus.putBoard(tenantId, DEMO_BOARD);
  await campus.m.store.put({ ...campus.m.key(tenantId, ['CONFIG'], 'CAMPUS'), entity: 'campus-config', revenueAccount: 'hhht-xc-campus:revenue' });
  for (const p of [
    { id: 'p-2026001', name: '张晓明', sub: 'student-2026001', phone: '13800001111', number: '2026001', mailbox: '桃李园A3-101' },
    { id: 'p-2026002', name: '李娜', phone: '13900002222', number: '2026002', mailbox: '桃李园B1-205', preferredDelivery: 'door' as const },
    { id: 't-1001', name: '王老师', phone: '13700003333', number: 'T1001', mailbox: '文科楼信箱17' },
  ]) {
    await campus.addPerson(tenantId, p);
  }
  const year = now.getUTCFullYear();
  await campus.putWorker(tenantId, { sub: 'worker-01', name: '赵勤', trainingDone: true, examPassed: true, contractFrom: `${year}-01-01`, contractUntil: `${year}-12-31` });
  await campus.putWorker(tenantId, { sub: 'worker-02', name: '钱工', trainingDone: true, examPassed: false, contractFrom: `${year}-01-01`, contractUntil: `${year}-12-31` });
  const worker = { sub: 'worker-01', tenantId, roles: ['student-worker'], scopes: {} };
  await campus.checkIn(tenantId, worker, { tracking: 'SF1234567890', carrier: '顺丰 SF', recipient: { number: '2026001' }, shelf: 'A-03', size: 'small' });
  await campus.checkIn(tenantId, worker, { tracking: 'YT9876543210', carrier: '圆通 YTO', recipient: { phone: '13900002222' }, shelf: 'B-11', size: 'medium' });
}
