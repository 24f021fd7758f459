/** The demo campus: its board, its revenue account in the postal hierarchy, a directory, a roster, and two parcels waiting. */
import type { DemoContext } from '../../kit/plugin.ts';
import { putBoard } from './board/board.ts';
import { DEMO_BOARD } from './board/demo-board.ts';
import { setRevenueAccount } from './counter/takings.ts';
import { addPerson } from './directory/directory.ts';
import type { CampusServices } from './office.ts';
import { checkIn } from './parcels/parcels.ts';
import { putWorker } from './roster/roster.ts';

export async function seedCampus(s: CampusServices, { tenant, now }: DemoContext): Promise<void> {
  const o = s.forTenant(tenant);
  await putBoard(o, DEMO_BOARD);
  // The campus service point's revenue account (hhht-xc-campus) in the postal company's hierarchy.
  await setRevenueAccount(o, 'hhht-xc-campus:revenue');
  for (const p of [
    { id: 'p-2026001', name: '张晓明', sub: 'student-2026001', phone: '13800001111', number: '2026001', mailbox: '桃李园A3-101' },
    { id: 'p-2026002', name: '李娜', phone: '13900002222', number: '2026002', mailbox: '桃李园B1-205', preferredDelivery: 'door' as const },
    { id: 't-1001', name: '王老师', phone: '13700003333', number: 'T1001', mailbox: '文科楼信箱17' },
  ]) {
    await addPerson(o, p);
  }
  const year = now.getUTCFullYear();
  await putWorker(o, { sub: 'worker-01', name: '赵勤', trainingDone: true, examPassed: true, contractFrom: `${year}-01-01`, contractUntil: `${year}-12-31` });
  await putWorker(o, { sub: 'worker-02', name: '钱工', trainingDone: true, examPassed: false, contractFrom: `${year}-01-01`, contractUntil: `${year}-12-31` });
  const worker = { sub: 'worker-01', tenantId: tenant.id, roles: ['student-worker'], scopes: {} };
  await checkIn(o, worker, { tracking: 'SF1234567890', carrier: '顺丰 SF', recipient: { number: '2026001' }, shelf: 'A-03', size: 'small' });
  await checkIn(o, worker, { tracking: 'YT9876543210', carrier: '圆通 YTO', recipient: { phone: '13900002222' }, shelf: 'B-11', size: 'medium' });
}
