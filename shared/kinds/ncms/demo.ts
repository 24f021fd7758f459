/** The NCMS demo: the seed's policy, four designated hospitals, a catalogue, funded accounts, and one registered household. */

import type { DemoContext } from '../../kit/plugin.ts';
import { importCatalogue } from './catalogue/catalogue.ts';
import { ConfigRecord, DEMO_CONFIG } from './config.ts';
import { addHospital } from './hospitals/hospitals.ts';
import type { NcmsServices } from './office.ts';
import { receiveFunds } from './periods/funding.ts';
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

export async function seedNcms(s: NcmsServices, { tenant, now, actingAs }: DemoContext): Promise<void> {
  const o = s.forTenant(tenant);
  const { cases } = s.parts;
  if ((await policies(o)).length === 0) await addPolicy(o, DEMO_POLICY);
  for (const h of DEMO_HOSPITALS) await addHospital(o, { ...h });
  await o.records.put(ConfigRecord, DEMO_CONFIG);
  await importCatalogue(o, DEMO_CATALOGUE);
  // The funds open with their first receipt (the kind declared them to the ledger).
  await receiveFunds(o, 'ncms', { id: 'demo-ncms-fund', amount: '1000000.00', memo: '新农合基金到位 NCMS fund' });
  await receiveFunds(o, 'assistance', { id: 'demo-assistance-prefund', amount: '200000.00' });

  // A class-1 household, through the real eligibility flow: township review, then county approval.
  const township = actingAs('township-01', ['township-reviewer'], { township: ['dongguan'] });
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
  await cases.transition(actingAs('civil-01', ['civil-affairs']), tenant, app.body.id, {
    action: 'approve',
    input: { category: 'class1', validFrom: `${year - 1}-01-01`, validTo: `${year + 1}-12-31` },
  });
}
