/** The demo community: floating residents registered in three areas, some already handled by every department. */
import type { DemoContext } from '../../kit/plugin.ts';
import { checkCharacter } from './identity/identity-number.ts';
import type { CommunityServices } from './office.ts';
import { AreaRecord } from './station/station.ts';

const PEOPLE = [
  { name: '马小军', area: 'north', origin: ['甘肃', '临夏', '东乡'], born: '19900315', occupation: '餐馆厨师 cook' },
  { name: '韩梅', area: 'north', origin: ['青海', '海东', '化隆'], born: '19951102', occupation: '超市收银 cashier' },
  { name: '李建国', area: 'south', origin: ['四川', '南充', '营山'], born: '19780624', occupation: '建筑工 builder' },
  { name: '张丽', area: 'south', origin: ['河南', '周口', '沈丘'], born: '19880209', occupation: '家政 housekeeper' },
  { name: '赵强', area: 'east', origin: ['陕西', '渭南', '蒲城'], born: '19990718', occupation: '快递员 courier' },
  { name: '冶秀英', area: 'east', origin: ['宁夏', '固原', '西吉'], born: '19830530', occupation: '个体 self-employed' },
] as const;

const AREAS = [
  { area: 'north', name: '北区 North', responsible: 'station-01', collectors: ['collector-north'] },
  { area: 'south', name: '南区 South', responsible: 'station-01', collectors: ['collector-south'] },
  { area: 'east', name: '东区 East', responsible: 'station-01', collectors: ['collector-east'] },
];

export async function seedCommunity(s: CommunityServices, { tenant, actingAs, now }: DemoContext): Promise<void> {
  const { cases } = s.parts;
  const { records } = s.forTenant(tenant);
  for (const a of AREAS) await records.put(AreaRecord, { ...a, updatedAt: now.toISOString() });
  let seq = 0;
  for (const p of PEOPLE) {
    const first17 = `630104${p.born}${String(++seq * 2 + (seq % 2)).padStart(3, '0')}`;
    const collector = actingAs(`collector-${p.area}`, ['collector'], { area: [p.area] });
    const filed = await cases.submit(collector, tenant, {
      type: 'registration',
      input: {
        name: p.name,
        idNumber: first17 + checkCharacter(first17),
        phone: `1390971${String(1000 + seq).slice(-4)}`,
        origin: { province: p.origin[0], city: p.origin[1], county: p.origin[2] },
        address: `${p.area === 'north' ? '北区' : p.area === 'south' ? '南区' : '东区'} ${seq} 号院`,
        area: p.area,
        arrivedOn: '2026-09-01',
        intendedStayMonths: 12,
        occupation: p.occupation,
        marital: seq % 2 ? 'married' : 'single',
        document: 'id-card',
      },
    });
    // The first two are done by every department; the others wait in their queues.
    if (seq <= 2) {
      const done = (sub: string, role: string, action: string, input: Record<string, unknown>) =>
        cases.transition(actingAs(sub, [role]), tenant, filed.body.id, { action, input: { ...input, note: '已核 checked' } });
      await done('police-01', 'police', 'police-record', { residenceRegistered: true, permitEligible: true });
      await done('planning-01', 'family-planning', 'planning-record', { children: 1, certificate: 'verified' });
      await done('governance-01', 'governance', 'governance-record', { grid: `${p.area}-1`, risk: 'none' });
    }
  }
}
