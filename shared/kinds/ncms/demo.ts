/** The NCMS demo: the seed's policy, four designated hospitals, a catalogue, funded accounts, and one registered household. */
import type { DemoContext } from '../../kit/plugin.ts';
import { ACCOUNTS } from './accounts.ts';
import { importCatalogue } from './catalogue/catalogue.ts';
import { addHospital } from './hospitals/hospitals.ts';
import type { NcmsServices } from './office.ts';
import { fundAssistance } from './periods/funding.ts';
import { addPolicy, policies } from './policy/policies.ts';
import { DEMO_POLICY } from './policy/policy.ts';

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

export async function seedNcms(s: NcmsServices, { tenant, now }: DemoContext): Promise<void> {
  const o = s.forTenant(tenant);
  const { ledger, cases } = s.parts;
  if ((await policies(o)).length === 0) await addPolicy(o, DEMO_POLICY);
  for (const h of DEMO_HOSPITALS) await addHospital(o, { ...h });
  await importCatalogue(o, DEMO_CATALOGUE);
  await ledger.openAccount(tenant.id, { id: 'clearing:county-finance', name: '县财政 county finance', kind: 'clearing' });
  await ledger.openAccount(tenant.id, { id: ACCOUNTS.ncmsFund, name: '新农合基金 NCMS fund', kind: 'fund' });
  await ledger.openAccount(tenant.id, { id: ACCOUNTS.assistanceFund, name: '医疗救助垫付资金 assistance advance fund', kind: 'fund' });
  await ledger.openAccount(tenant.id, { id: ACCOUNTS.civilAffairs, name: '县民政局 civil-affairs bureau', kind: 'clearing' });
  await ledger.execute(
    tenant.id,
    [
      {
        kind: 'entry',
        entry: {
          id: 'demo-ncms-fund',
          memo: '新农合基金到位 NCMS fund',
          legs: [
            { account: ACCOUNTS.ncmsFund, side: 'debit', amount: '1000000.00' },
            { account: 'clearing:county-finance', side: 'credit', amount: '1000000.00' },
          ],
        },
      },
    ],
    { timeZone: tenant.calendar.timeZone },
  );
  await fundAssistance(o, { id: 'demo-assistance-prefund', amount: '200000.00' });

  // A class-1 household, through the real eligibility flow: township review, then county approval.
  const actor = (sub: string, roles: string[], scopes: Record<string, string[]> = {}) => ({ sub, tenantId: tenant.id, roles, scopes });
  const township = actor('township-01', ['township-reviewer'], { township: ['dongguan'] });
  const app = await cases.submit(township, tenant, {
    type: 'eligibility',
    input: {
      township: 'dongguan',
      householdHead: { name: '马德福', idNumber: '630121195602143417' },
      members: [{ name: '马秀兰', idNumber: '630121195810083427', relation: '配偶' }],
      requestedCategory: 'class1',
      evidence: ['低保证 dibao certificate 2009-0417'],
    },
  });
  await cases.transition(township, tenant, app.body.id, { action: 'approve_township', input: { note: '核实无误' } });
  const year = now.getUTCFullYear();
  await cases.transition(actor('civil-01', ['civil-affairs']), tenant, app.body.id, {
    action: 'approve',
    input: { category: 'class1', validFrom: `${year - 1}-01-01`, validTo: `${year + 1}-12-31` },
  });
}
