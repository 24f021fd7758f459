/** Property office (物业一站式服务): one service desk for every request of the residents. */
import type { TenantKind } from '../../pipeline/contract.ts';
import { repairRequest } from './repair.ts';

export const property: TenantKind = {
  kind: 'property',
  title: '物业服务中心 Property office',
  roles: ['resident', 'desk-agent', 'team-member'],
  caseTypes: [repairRequest],
  defaultCalendar: {
    timeZone: 'Asia/Shanghai',
    hours: {
      mon: [['08:30', '12:00'], ['13:00', '17:30']],
      tue: [['08:30', '12:00'], ['13:00', '17:30']],
      wed: [['08:30', '12:00'], ['13:00', '17:30']],
      thu: [['08:30', '12:00'], ['13:00', '17:30']],
      fri: [['08:30', '12:00'], ['13:00', '17:30']],
      sat: [['09:00', '12:00']],
    },
    holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2027-01-01'],
    workdays: [],
    makeupHoursFrom: 'mon',
  },
  demo: {
    name: '示范小区物业服务中心 Demo Gardens property office',
    users: [
      { sub: 'resident-0101', roles: ['resident'] },
      { sub: 'desk-01', roles: ['desk-agent'] },
      { sub: 'tech-01', roles: ['team-member'], scopes: { team: ['maintenance'] } },
      { sub: 'admin', roles: ['tenant-admin'] },
      { sub: 'auditor', roles: ['auditor'] },
    ],
  },
};
