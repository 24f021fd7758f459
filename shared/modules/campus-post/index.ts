/**
 * Campus post office (校园邮政一站式服务点): the board, parcels, mailbox
 * delivery, subscriptions, counter orders and student-worker payroll
 * (service.ts), with takings, reminders and payroll run nightly (daily.ts).
 */
import type { TenantKind } from '../../pipeline/contract.ts';
import { officeWeek } from '../../capabilities/calendar/office-week.ts';
import { campusDaily } from './daily.ts';

export const campusPost: TenantKind = {
  kind: 'campus-post',
  title: '校园邮政服务点 Campus post office',
  roles: ['customer', 'student-worker', 'supervisor', 'student-union'],
  caseTypes: [],
  dailySettlement: campusDaily,
  defaultCalendar: officeWeek,
  demo: {
    name: '示范大学校园邮政服务点 Demo University post office',
    users: [
      { sub: 'student-2026001', roles: ['customer'] },
      { sub: 'worker-01', roles: ['student-worker'] },
      { sub: 'union-01', roles: ['student-union'] },
      { sub: 'supervisor', roles: ['supervisor', 'tenant-admin'] },
      { sub: 'finance-region', roles: ['finance'], scopes: { unit: ['nm'] } },
      { sub: 'finance-hhht', roles: ['finance'], scopes: { unit: ['hhht'] } },
      { sub: 'finance-campus', roles: ['finance'], scopes: { unit: ['hhht-xc-campus'] } },
      { sub: 'auditor', roles: ['auditor'] },
    ],
  },
};
