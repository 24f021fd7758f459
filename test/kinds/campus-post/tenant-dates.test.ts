/**
 * Dates of the campus post office follow the tenant's own zone, not the
 * machine's or UTC: a piece of work done early on the 1st (Shanghai time)
 * counts toward that month's pay, and a rental's due date counts from the
 * tenant's today.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { officeWeek } from '../../../shared/capabilities/calendar/index.ts';
import { priceOrder } from '../../../shared/kinds/campus-post/counter/orders.ts';
import { addPerson } from '../../../shared/kinds/campus-post/directory/directory.ts';
import { campusPost } from '../../../shared/kinds/campus-post/index.ts';
import type { CampusServices, Office } from '../../../shared/kinds/campus-post/office.ts';
import { checkIn } from '../../../shared/kinds/campus-post/parcels/parcels.ts';
import { payslip } from '../../../shared/kinds/campus-post/payroll/payroll.ts';
import type { Tenant } from '../../../shared/pipeline/contract.ts';
import { createTestPlatform } from '../../support/platform.ts';

let now = new Date('2026-09-30T21:00:00Z'); // 2026-10-01 05:00 in Shanghai
let o: Office;
const supervisor = { sub: 'supervisor', tenantId: 'zone-campus', roles: ['supervisor'], scopes: {} };

beforeAll(async () => {
  const t = await createTestPlatform({ clock: () => now });
  const services = t.platform.services.get(campusPost.kind) as CampusServices;
  const tenant: Tenant = {
    id: 'zone-campus',
    kind: campusPost.kind,
    name: 'Zone campus',
    calendar: officeWeek,
    status: 'active',
    createdAt: now.toISOString(),
  };
  o = services.forTenant(tenant);
  await addPerson(o, { id: 'p1', name: 'x', phone: '13811112222', number: '99001', mailbox: 'M1' });
});

describe.sequential('tenant-zone dates', () => {
  it('counts a piece done early on the 1st toward the month it is in the tenant’s zone', async () => {
    // Prepare
    now = new Date('2026-09-30T21:00:00Z');
    // Act
    const parcel = await checkIn(o, supervisor, { tracking: 'ZONE00000001', carrier: 'x', recipient: { phone: '13811112222' }, shelf: 's', size: 'small' });
    // Assess
    expect((await payslip(o, '2026-10', 'supervisor')).lines.map((l) => l.ref)).toEqual([parcel.id]);
    expect((await payslip(o, '2026-09', 'supervisor')).lines).toEqual([]);
  });

  it('dates a rental’s return from the tenant’s today', async () => {
    // Prepare: 23:30 UTC on 2 November is already 3 November in Shanghai.
    now = new Date('2026-11-02T23:30:00Z');
    // Act
    const order = await priceOrder(o, supervisor, { lines: [{ itemId: 'book-cet', quantity: 1 }], payment: 'cash' }, 'counter');
    // Assess
    expect([order.date, order.lines[0]?.dueOn]).toEqual(['2026-11-03', '2026-11-17']);
  });
});
