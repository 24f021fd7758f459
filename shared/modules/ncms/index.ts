/**
 * County NCMS office (新农合 + 民政医疗救助 一站式结算): eligibility
 * applications run through the case pipeline; stays, settlements and
 * periods are the module's own service (service.ts), on its namespace of
 * the table.
 */
import type { TenantKind } from '../../pipeline/contract.ts';
import { officeWeek } from '../../capabilities/calendar/office-week.ts';
import { eligibilityApplication } from './eligibility.ts';

export const ncms: TenantKind = {
  kind: 'ncms',
  title: '县合管办 County NCMS office',
  roles: ['ncms-office', 'civil-affairs', 'township-reviewer', 'hospital-operator'],
  caseTypes: [eligibilityApplication],
  defaultCalendar: officeWeek,
  demo: {
    name: '示范县新农合管理办公室 Demo County NCMS office',
    users: [
      { sub: 'office-01', roles: ['ncms-office', 'finance'] },
      { sub: 'civil-01', roles: ['civil-affairs'] },
      { sub: 'township-01', roles: ['township-reviewer'], scopes: { township: ['dongguan'] } },
      { sub: 'hospital-01', roles: ['hospital-operator'], scopes: { hospital: ['county-people'] } },
      { sub: 'admin', roles: ['tenant-admin'] },
      { sub: 'auditor', roles: ['auditor'] },
    ],
  },
};
