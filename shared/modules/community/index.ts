/**
 * Community centre (社区流动人口一站式服务). The tenant kind, its roles and
 * demo users are registered; registration case types are not built yet.
 */
import type { TenantKind } from '../../pipeline/contract.ts';
import { officeWeek } from '../../capabilities/calendar/office-week.ts';

export const community: TenantKind = {
  kind: 'community',
  title: '社区流动人口服务站 Community centre',
  roles: ['collector', 'family-planning', 'governance', 'police', 'resident'],
  caseTypes: [],
  defaultCalendar: officeWeek,
  demo: {
    name: '示范社区流动人口服务站 Demo community centre',
    users: [
      { sub: 'collector-01', roles: ['collector'], scopes: { area: ['north'] } },
      { sub: 'police-01', roles: ['police'] },
      { sub: 'admin', roles: ['tenant-admin'] },
      { sub: 'auditor', roles: ['auditor'] },
    ],
  },
};
