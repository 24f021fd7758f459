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
import { communityPages } from './pages.tsx';
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
    field: {
      birthDate: { zh: '出生日期', en: 'Date of birth' },
      validUntil: { zh: '有效期至', en: 'Valid until' },
      number: { zh: '证件编号', en: 'Number' },
      verification: { zh: '证件查验', en: 'Document check' },
      by: { zh: '经办人', en: 'By' },
      at: { zh: '时间', en: 'At' },
    },
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
    queue: {
      station: { zh: '登记', en: 'Registrations' },
      permits: { zh: '办证', en: 'Permits' },
      governance: { zh: '维权', en: 'Rights protection' },
      housing: { zh: '出租房屋', en: 'Rented housing' },
      hotline: { zh: '热线', en: 'Hotline' },
    },
    caseType: {
      registration: { zh: '流动人口登记', en: 'Registration' },
      'rented-house': { zh: '出租房屋', en: 'Rented house' },
      'residence-permit': { zh: '居住证', en: 'Residence permit' },
      'childbearing-certificate': { zh: '婚育证明', en: 'Childbearing certificate' },
      consultation: { zh: '咨询', en: 'Consultation' },
      'rights-protection': { zh: '维权', en: 'Rights protection' },
      'hotline-call': { zh: '热线来电', en: 'Hotline call' },
    },
    area: { north: { zh: '北区', en: 'North' }, south: { zh: '南区', en: 'South' }, east: { zh: '东区', en: 'East' } },
    marital: {
      single: { zh: '未婚', en: 'Single' },
      married: { zh: '已婚', en: 'Married' },
      divorced: { zh: '离异', en: 'Divorced' },
      widowed: { zh: '丧偶', en: 'Widowed' },
    },
    sex: { male: { zh: '男', en: 'Male' }, female: { zh: '女', en: 'Female' } },
    'task-status': { open: { zh: '待办', en: 'Open' }, done: { zh: '已办', en: 'Done' }, cancelled: { zh: '已取消', en: 'Cancelled' } },
    access: {
      reveal: { zh: '查看完整信息', en: 'Revealed' },
      'reveal-refused': { zh: '查看被拒', en: 'Reveal refused' },
      export: { zh: '导出本人信息', en: 'Own data exported' },
      'export-refused': { zh: '导出被拒', en: 'Export refused' },
    },
    'sealed-field': {
      idNumber: { zh: '身份证号', en: 'Identity number' },
      phone: { zh: '电话', en: 'Phone' },
      address: { zh: '地址', en: 'Address' },
      landlordIdNumber: { zh: '房东身份证号', en: 'Landlord’s identity number' },
      landlordPhone: { zh: '房东电话', en: 'Landlord’s phone' },
    },
    'section-field': {
      children: { zh: '子女数', en: 'Children' },
      certificate: { zh: '婚育证明', en: 'Childbearing certificate' },
      residenceRegistered: { zh: '已办居住登记', en: 'Residence registered' },
      permitEligible: { zh: '符合居住证条件', en: 'Eligible for a permit' },
      grid: { zh: '网格', en: 'Grid' },
      risk: { zh: '关注程度', en: 'Risk' },
      disputes: { zh: '矛盾纠纷', en: 'Disputes' },
      note: { zh: '办理情况', en: 'Note' },
      by: { zh: '经办人', en: 'By' },
      at: { zh: '时间', en: 'When' },
    },
  },
  defaultCalendar: officeWeek,
  uses: ['calendar'],
  services: communityServices,
  nightly: communityNightly,
  ...(process.env.ONESTOP_PARTS !== 'worker' && { routes: communityRoutes }),
  ...(process.env.ONESTOP_PARTS !== 'worker' && process.env.ONESTOP_PARTS !== 'api' && { console: { pages: communityPages() } }),
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
