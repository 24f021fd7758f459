/** The demo estate: two buildings of forty households with their areas and people. */

import { DateTime } from 'luxon';
import type { DemoContext } from '../../kit/plugin.ts';
import { pay, runBilling, setPriceList, statementOf } from './billing/billing.ts';
import { addBuilding, addPerson, putHousehold } from './estate/estate.ts';
import { putRoom } from './meetings/rooms.ts';
import type { PropertyServices } from './office.ts';
import { setServicePrices } from './services/services.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

export async function seedProperty(s: PropertyServices, { tenant, now }: DemoContext): Promise<void> {
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
