/**
 * Community centre (社区流动人口一站式服务): floating residents registered
 * once, their documents checked once, the registration shared by family
 * planning, the police station and comprehensive governance.
 */
import { officeWeek } from '../../capabilities/calendar/index.ts';
import { defineKind } from '../../kit/plugin.ts';
import { seedCommunity } from './demo.ts';
import { CALL_OUTCOMES, CALLERS, hotlineCall } from './hotline/hotline.ts';
import { INSPECTIONS, rentedHouse } from './housing/rented-house.ts';
import { communityNightly } from './nightly.ts';
import { communityServices } from './office.ts';
import { PERMIT_TYPES } from './permits/permits.ts';
import { COMMUNITY_PROBLEMS } from './problems.ts';
import { CERTIFICATE_STATUS, DEPARTMENTS, DEREGISTRATION_REASONS, DOCUMENTS, RISK_LEVELS, registration } from './registration/registration.ts';
import { communityRoutes } from './routes.ts';
import { consultation, TOPICS } from './services/consultation.ts';
import { BODIES, GRIEVANCES, OUTCOMES, rightsProtection } from './services/rights-protection.ts';

export const community = defineKind({
  kind: 'community',
  title: { zh: '社区流动人口服务站', en: 'Community centre' },
  roles: {
    collector: { label: { zh: '信息协管员', en: 'Information collector' }, scopes: ['area'] },
    'family-planning': { label: { zh: '计生', en: 'Family planning' } },
    governance: { label: { zh: '综治', en: 'Comprehensive governance' } },
    police: { label: { zh: '派出所', en: 'Police station' } },
    resident: { label: { zh: '居民', en: 'Resident' }, scopes: ['requester'] },
    station: { label: { zh: '服务站工作人员', en: 'Station staff' } },
  },
  dimensions: () => ({ area: { label: { zh: '片区', en: 'Area' } } }),
  caseTypes: [registration, rentedHouse, ...PERMIT_TYPES, consultation, rightsProtection, hotlineCall],
  problems: COMMUNITY_PROBLEMS,
  labels: {
    department: DEPARTMENTS,
    document: DOCUMENTS,
    'deregistration-reason': DEREGISTRATION_REASONS,
    risk: RISK_LEVELS,
    certificate: CERTIFICATE_STATUS,
    topic: TOPICS,
    grievance: GRIEVANCES,
    'referral-body': BODIES,
    outcome: OUTCOMES,
    caller: CALLERS,
    'call-outcome': CALL_OUTCOMES,
    inspection: INSPECTIONS,
  },
  defaultCalendar: officeWeek,
  uses: ['calendar'],
  services: communityServices,
  nightly: communityNightly,
  ...(process.env.ONESTOP_PARTS !== 'worker' && { routes: communityRoutes }),
  demo: {
    ...(process.env.ONESTOP_PARTS === undefined && { seed: seedCommunity }),
    tenantId: 'demo-community',
    name: '示范社区流动人口服务站 Demo community centre',
    users: [
      { sub: 'collector-north', roles: ['collector'], scopes: { area: ['north'] } },
      { sub: 'collector-south', roles: ['collector'], scopes: { area: ['south'] } },
      { sub: 'collector-east', roles: ['collector'], scopes: { area: ['east'] } },
      { sub: 'police-01', roles: ['police'] },
      { sub: 'planning-01', roles: ['family-planning'] },
      { sub: 'governance-01', roles: ['governance'] },
      { sub: 'station-01', roles: ['station'] },
      { sub: 'admin', roles: ['tenant-admin'] },
      { sub: 'auditor', roles: ['auditor'] },
    ],
  },
});
