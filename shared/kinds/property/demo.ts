/** The demo estate: two buildings of forty households with their areas and people. */

import { DateTime } from 'luxon';
import type { Access } from '../../kit/access.ts';
import type { DemoContext } from '../../kit/plugin.ts';
import type { Tenant } from '../../pipeline/contract.ts';
import { pay, runBilling, setPriceList, statementOf } from './billing/billing.ts';
import { addBuilding, addPerson, putHousehold } from './estate/estate.ts';
import { receiveMail } from './mail/mail.ts';
import { putRoom } from './meetings/rooms.ts';
import type { PropertyServices } from './office.ts';
import { fileRequest } from './requests/intake.ts';
import { setServicePrices } from './services/services.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

export async function seedProperty(s: PropertyServices, { tenant, now, actingAs }: DemoContext): Promise<void> {
  const o = s.forTenant(tenant);
  let n = 0;
  for (const building of ['1', '2']) {
    await addBuilding(o, { id: building, name: `${building} 号楼` });
    for (const unit of ['1', '2']) {
      for (let floor = 1; floor <= 5; floor++) {
        for (const door of ['01', '02']) {
          n++;
          const room = `${floor}${door}`;
          // Door 01 is the larger flat; the ground floor of building 2 is shops.
          const shop = building === '2' && floor === 1;
          const area = shop ? '58.40' : door === '01' ? '96.75' : '72.30';
          const h = await putHousehold(o, { building, unit, room, area, propertyType: shop ? 'shop' : 'residential' });
          if (n % 7 === 0) continue; // a few stand empty
          const sub = building === '1' && unit === '1' && room === '101' ? 'resident-0101' : undefined;
          await addPerson(o, h.id, {
            name: `${SURNAMES[n % SURNAMES.length]}${shop ? '老板' : '先生'}`,
            role: 'owner',
            phone: `139${String(10000000 + n).slice(-8)}`,
            ...(sub ? { sub } : {}),
          });
          if (n % 3 === 0)
            await addPerson(o, h.id, { name: `${SURNAMES[(n + 3) % SURNAMES.length]}女士`, role: 'tenant', phone: `138${String(20000000 + n).slice(-8)}` });
        }
      }
    }
  }
  await seedTeams(s, tenant.id, now);
  await putRoom(o.records, 'room-a', { name: '一号会议室 Room A', capacity: 12, needsApproval: false, opens: '08:00', closes: '21:00' });
  await putRoom(o.records, 'hall', { name: '业主活动中心 Residents’ hall', capacity: 80, needsApproval: true, opens: '09:00', closes: '21:00' });
  await setServicePrices(
    o.records,
    {
      services: [
        { code: 'access-card', name: '门禁卡 access card', price: '20.00', unit: 'each' },
        { code: 'parking-permit', name: '停车证 parking permit', price: '150.00', unit: 'month' },
        { code: 'moving', name: '搬家登记 moving in or out', price: '0.00', unit: 'time' },
        { code: 'key-custody', name: '钥匙托管 key custody', price: '10.00', unit: 'month' },
      ],
      renovationDeposit: '2000.00',
    },
    now,
  );
  // A price list, last month's bills, and most of them paid at the counter: the rest are arrears.
  await setPriceList(o, {
    fees: [
      { code: 'management', name: '物业管理费 management fee', perSquareMetre: { residential: '1.80', shop: '3.20' } },
      { code: 'waste', name: '垃圾清运费 waste collection', fixed: { residential: '10.00', shop: '30.00' } },
    ],
    billingDay: 1,
    dueDays: 15,
    reminders: [7, 30],
    lateFeeRate: '0.005',
  });
  const lastMonth = DateTime.fromJSDate(now, { zone: tenant.calendar.timeZone }).minus({ months: 1 }).startOf('month').toISODate()!;
  await runBilling(o, lastMonth);
  const methods = ['cash', 'wechat', 'alipay', 'card'] as const;
  let k = 0;
  for (const building of ['1', '2']) {
    for (const unit of ['1', '2']) {
      for (let floor = 1; floor <= 5; floor++) {
        for (const door of ['01', '02']) {
          const id = `${building}-${unit}-${floor}${door}`;
          if (++k % 4 === 0) continue; // a quarter leave it unpaid
          const due = (await statementOf(o, id)).due;
          if (due !== '0.00') await pay(o, 'desk-01', id, { id: `demo-${id}`, amount: due, method: methods[k % methods.length]! });
        }
      }
    }
  }
  await seedRequests(s, tenant, now, actingAs);
}

/** The teams: who is on each and how its jobs are handed out. */
export const DEMO_TEAMS = {
  maintenance: { members: ['tech-01', 'tech-02', 'tech-03'], leads: ['lead-01'], policy: 'round-robin' },
  electrical: { members: ['elec-01', 'elec-02'], leads: ['elec-01'], policy: 'least-open' },
  elevator: { members: ['lift-01'], leads: [], policy: 'manual' },
  cleaning: { members: ['cleaner-01', 'cleaner-02', 'cleaner-03'], leads: ['cleaner-01'], policy: 'least-open' },
  greening: { members: ['gardener-01'], leads: [], policy: 'round-robin' },
  security: { members: ['guard-01', 'guard-02'], leads: ['guard-01'], policy: 'round-robin' },
} as const;

export async function seedTeams(s: PropertyServices, tenantId: string, now: Date): Promise<void> {
  for (const [team, r] of Object.entries(DEMO_TEAMS)) {
    await s.parts.rosters.put(tenantId, team, { members: [...r.members], leads: [...r.leads], policy: r.policy }, now);
  }
}

/**
 * A day at the desk: a request of every type, in different states — filed
 * and moved on through the case pipeline as the people who would do it.
 */
async function seedRequests(s: PropertyServices, tenant: Tenant, now: Date, actingAs: DemoContext['actingAs']): Promise<void> {
  const { cases } = s.parts;
  const desk = actingAs('desk-01', ['desk-agent']);
  const manager = actingAs('manager-01', ['manager']);
  const resident = actingAs('resident-0101', ['resident']);
  const team = (sub: string, name: string) => actingAs(sub, ['team-member'], { team: [name] });
  const file = async (type: string, household: string, input: Record<string, unknown>, channel: 'phone' | 'walk-in' = 'phone') =>
    (await fileRequest(s, desk, tenant, { type, household, channel, input })).body.id;
  const step = (access: Access, id: string, action: string, input: Record<string, unknown> = {}) => cases.transition(access, tenant, id, { action, input });
  const day = (n: number) => DateTime.fromJSDate(now, { zone: tenant.calendar.timeZone }).plus({ days: n }).toISODate()!;

  await file('repair', '1-1-102', { category: 'plumbing', description: '卫生间下水慢 slow bathroom drain' });
  const dispatched = await file('repair', '1-2-201', { category: 'doors-windows', description: '入户门锁卡住 front door lock sticks' });
  await step(desk, dispatched, 'dispatch', { team: 'maintenance' });
  // Resident 0101's own repair, done and waiting for them to confirm and rate.
  const mine = (await fileRequest(s, resident, tenant, { type: 'repair', input: { category: 'electrical', description: '客厅灯不亮 living-room light out' } }))
    .body.id;
  await step(desk, mine, 'dispatch', { team: 'electrical' });
  await step(team('elec-01', 'electrical'), mine, 'complete', { note: '更换灯管 new tube', charge: '15.00' });
  const closed = await file('repair', '2-2-402', { category: 'electrical', description: '插座冒火花 sparking socket' });
  await step(desk, closed, 'dispatch', { team: 'electrical' });
  await step(team('elec-02', 'electrical'), closed, 'complete', { note: '更换插座 new socket' });
  await step(desk, closed, 'close', { note: '电话回访满意 phoned, satisfied', rating: 4 });

  const cleaning = await file('cleaning', '2-1-301', { place: 'public-area', description: '3 楼楼道有装修垃圾 renovation rubbish on the 3rd-floor landing' });
  await step(desk, cleaning, 'dispatch', {});
  await file('complaint', '1-2-502', { category: 'noise', description: '楼上装修周末早上七点施工 renovation noise at 7 a.m. on weekends' }, 'walk-in');
  const question = await file('inquiry', '2-2-302', { question: '物业费可以用微信交吗？ can I pay fees by WeChat?' });
  await step(desk, question, 'answer', { answer: '可以，服务台和小程序均支持微信支付。 Yes, at the desk or in the app.' });
  await file('feedback', '1-1-201', { kind: 'suggestion', text: '建议在小区门口加装快递柜 a parcel locker at the gate, please' });
  const parking = await file(
    'service',
    '1-1-101',
    { service: 'parking-permit', quantity: 3, detail: '车牌 青A·12345，三个月 plate 青A12345, three months' },
    'walk-in',
  );
  await step(desk, parking, 'accept', {});
  const refit = await file(
    'renovation',
    '2-1-301',
    {
      description: '厨房卫生间翻新 kitchen and bathroom refit',
      contractor: { name: '好家装饰 Good Home Decor', phone: '13700001234' },
      startOn: day(3),
      endOn: day(45),
      documents: [{ title: '平面图 floor plan', ref: 'DOC-DEMO-001' }],
    },
    'walk-in',
  );
  await step(manager, refit, 'approve', { conditions: '不得改动承重墙 no load-bearing walls' });
  await step(desk, refit, 'take-deposit', { method: 'wechat' });
  await file('meeting', '1-1-101', { room: 'room-a', date: day(1), from: '16:00', to: '17:00', purpose: '楼长例会 building captains', attendees: 8 });
  await file('meeting', '2-2-302', { room: 'hall', date: day(3), from: '14:00', to: '16:00', purpose: '老年合唱团排练 seniors’ choir', attendees: 40 });
  const o = s.forTenant(tenant);
  await receiveMail(o, desk.actor, { kind: 'parcel', tracking: 'SF1400000001', carrier: '顺丰 SF', household: '1-1-101', shelf: 'M-01', size: 'small' });
  await receiveMail(o, desk.actor, { kind: 'registered', tracking: 'XA2026112701', carrier: 'EMS', household: '2-2-302', shelf: 'M-02', size: 'small' });
  await (await fileRequest(s, resident, tenant, { type: 'visitor', input: { visitorName: '王阿姨', expectedOn: day(0), purpose: '探亲 family visit' } })).body
    .id;
}
