/**
 * The demo community: three areas with their collectors; floating residents
 * registered in each, some already handled by every department, some lodging
 * in the area's rented house; permits (one close to expiry, one waiting for
 * the police), a childbearing certificate for family planning, a wage
 * arrears case with governance, a consultation and a hotline call.
 */
import { DateTime } from 'luxon';
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

/** Lodgers of each area's rented house: one of each pair already handled by every department. */
const LODGERS = [
  { name: '马福林', area: 'north', origin: ['甘肃', '临夏', '广河'], born: '20010911', occupation: '拉面馆 noodle shop' },
  { name: '王小燕', area: 'north', origin: ['甘肃', '定西', '通渭'], born: '19680203', occupation: '保洁 cleaner' },
  { name: '刘洋', area: 'south', origin: ['四川', '达州', '渠县'], born: '19930420', occupation: '外卖骑手 rider' },
  { name: '陈桂芳', area: 'south', origin: ['重庆', '万州', '万州'], born: '19570812', occupation: '无 none' },
  { name: '杨建军', area: 'east', origin: ['陕西', '宝鸡', '陇县'], born: '19860101', occupation: '装修工 fitter' },
  { name: '苏丽娟', area: 'east', origin: ['青海', '西宁', '湟中'], born: '20090615', occupation: '学生 student' },
] as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '马', '韩', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀兰', '霞'];
const ORIGINS = [
  ['甘肃', '临夏', '积石山'],
  ['青海', '海东', '民和'],
  ['四川', '广安', '岳池'],
  ['河南', '驻马店', '上蔡'],
  ['陕西', '汉中', '城固'],
  ['宁夏', '吴忠', '同心'],
] as const;
/** Eighteen more residents, six per area, of every age band. */
const MORE = SURNAMES.map((surname, n) => ({
  name: surname + GIVEN[(n * 7) % GIVEN.length],
  area: (['north', 'south', 'east'] as const)[n % 3]!,
  origin: ORIGINS[n % ORIGINS.length]!,
  born: `${1950 + ((n * 7) % 60)}${String(1 + (n % 12)).padStart(2, '0')}${String(10 + n).padStart(2, '0')}`,
  occupation: ['务工 labourer', '经商 trader', '学生 student', '退休 retired'][n % 4]!,
}));

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
  const station = actingAs('station-01', ['station']);
  const houses: Record<string, string> = {};
  for (const [n, area] of ['north', 'south', 'east'].entries()) {
    const landlord = `630102196${n}0101${String(600 + n).padStart(3, '0')}`;
    const house = await cases.submit(actingAs(`collector-${area}`, ['collector'], { area: [area] }), tenant, {
      type: 'rented-house',
      input: {
        address: `${AREA_WORD[area]} 出租院 ${n + 1} 号 rented yard ${n + 1}`,
        area,
        landlordName: `${['张', '王', '李'][n]}房东`,
        landlordIdNumber: landlord + checkCharacter(landlord),
        landlordPhone: `1380971${String(2000 + n)}`,
        rooms: ['101', '102', '201', '202'],
      },
    });
    houses[area] = house.body.id;
  }
  // Two more houses per area, and more residents in each (waiting for the departments), so lists have pages and the figures something to count.
  for (const [n, area] of ['north', 'south', 'east', 'north', 'south', 'east'].entries()) {
    const landlord = `630102197${n}0202${String(700 + n).padStart(3, '0')}`;
    await cases.submit(actingAs(`collector-${area}`, ['collector'], { area: [area] }), tenant, {
      type: 'rented-house',
      input: {
        address: `${AREA_WORD[area]} 出租楼 ${n + 4} 号 rented block ${n + 4}`,
        area,
        landlordName: `${['赵', '钱', '孙', '周', '吴', '郑'][n]}房东`,
        landlordIdNumber: landlord + checkCharacter(landlord),
        landlordPhone: `1380971${String(3000 + n)}`,
        rooms: ['1', '2', '3'],
      },
    });
  }
  const filedBy = new Map<string, string>();
  for (const [i, p] of [...PEOPLE, ...LODGERS, ...MORE].entries()) {
    const lodger = i >= PEOPLE.length && i < PEOPLE.length + LODGERS.length;
    const first17 = `630104${p.born}${String(++seq * 2 + (seq % 2)).padStart(3, '0')}`;
    const collector = actingAs(`collector-${p.area}`, ['collector'], { area: [p.area] });
    const filed = await cases.submit(collector, tenant, {
      type: 'registration',
      input: {
        name: p.name,
        idNumber: first17 + checkCharacter(first17),
        phone: `1390971${String(1000 + seq).slice(-4)}`,
        origin: { province: p.origin[0], city: p.origin[1], county: p.origin[2] },
        address: lodger ? `${AREA_WORD[p.area]} 出租院 ${seq} 室` : `${AREA_WORD[p.area]} ${seq} 号院`,
        area: p.area,
        ...(lodger && { lodging: { house: houses[p.area]!, room: i % 2 ? '102' : '201', leaseUntil: '2027-08-31' } }),
        arrivedOn: '2026-09-01',
        intendedStayMonths: 12,
        occupation: p.occupation,
        marital: seq % 2 ? 'married' : 'single',
        document: 'id-card',
      },
    });
    filedBy.set(p.name, filed.body.id);
    // The first two, and one lodger of each pair, are done by every department; the others wait in their queues.
    if (seq <= 2 || (lodger && i % 2 === 0)) {
      const done = (sub: string, role: string, action: string, input: Record<string, unknown>) =>
        cases.transition(actingAs(sub, [role]), tenant, filed.body.id, { action, input: { ...input, note: '已核 checked' } });
      await done('police-01', 'police', 'police-record', { residenceRegistered: true, permitEligible: true });
      await done('planning-01', 'family-planning', 'planning-record', { children: 1, certificate: 'verified' });
      await done('governance-01', 'governance', 'governance-record', { grid: `${p.area}-1`, risk: 'none' });
    }
  }
  // A residence permit issued nearly a year ago (the nightly run reminds its renewal), one waiting for the police, a certificate for family planning.
  const issued = await cases.submit(station, tenant, { type: 'residence-permit', input: { person: filedBy.get('马小军')! } });
  const validFrom = DateTime.fromJSDate(now).minus({ years: 1 }).plus({ days: 20 }).toISODate()!;
  await cases.transition(actingAs('police-01', ['police']), tenant, issued.body.id, { action: 'issue', input: { validFrom, years: 1 } });
  await cases.submit(station, tenant, { type: 'residence-permit', input: { person: filedBy.get('韩梅')! } });
  await cases.submit(station, tenant, { type: 'childbearing-certificate', input: { person: filedBy.get('张丽')! } });
  const arrears = await cases.submit(station, tenant, {
    type: 'rights-protection',
    input: {
      person: filedBy.get('李建国')!,
      grievance: 'wage-arrears',
      against: '某建筑劳务公司 a building contractor',
      description: '拖欠两个月工资',
      amount: '9600.00',
    },
  });
  await cases.transition(actingAs('governance-01', ['governance']), tenant, arrears.body.id, { action: 'accept' });
  await cases.submit(station, tenant, {
    type: 'consultation',
    input: { name: '何先生', topic: 'schooling', question: '孩子能在本地上小学吗？', answer: '持居住证满一年可申请，请带居住证和户口簿来站里。' },
  });
  await cases.submit(station, tenant, {
    type: 'hotline-call',
    input: { name: '张房东', phone: '13809712000', caller: 'landlord', topic: 'housing', summary: '新租客入住，问怎么登记。', outcome: 'answered' },
  });
}

const AREA_WORD: Record<string, string> = { north: '北区', south: '南区', east: '东区' };
