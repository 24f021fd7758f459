/** The demo estate: two buildings of forty households with their areas and people. */
import type { DemoContext } from '../../kit/plugin.ts';
import { addBuilding, addPerson, putHousehold } from './estate/estate.ts';
import type { PropertyServices } from './office.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

export async function seedProperty(s: PropertyServices, { tenant }: DemoContext): Promise<void> {
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
}
