/** Property office (物业一站式服务): one service desk for every request of the residents. */
import { CUSTODY_PROBLEMS } from '../../capabilities/parcel-custody/index.ts';
import { defineKind } from '../../kit/plugin.ts';
import { seedProperty } from './demo.ts';
import { MAIL_KINDS } from './mail/mail.ts';
import { propertyNightly } from './nightly.ts';
import { propertyServices } from './office.ts';
import { propertyPages } from './pages.tsx';
import { PROPERTY_PROBLEMS } from './problems.ts';
import { CLEANING_PLACES, cleaningRequest } from './requests/cleaning.ts';
import { COMPLAINT_CATEGORIES, complaint } from './requests/complaint.ts';
import { FEEDBACK_KINDS, feedback } from './requests/feedback.ts';
import { inquiry } from './requests/inquiry.ts';
import { meetingBooking } from './requests/meeting.ts';
import { renovation } from './requests/renovation.ts';
import { CATEGORIES, repairRequest, TEAM_LABELS } from './requests/repair.ts';
import { serviceApplication } from './requests/service.ts';
import { visitorReception } from './requests/visitor.ts';
import { propertyRoutes } from './routes.ts';
import { SERVICE_UNITS } from './services/services.ts';

export const property = defineKind({
  kind: 'property',
  title: { zh: '物业服务中心', en: 'Property office' },
  roles: {
    resident: { label: { zh: '业主/住户', en: 'Resident' }, scopes: ['requester'] },
    'desk-agent': { label: { zh: '服务台接待员', en: 'Desk agent' } },
    'team-member': { label: { zh: '班组员工', en: 'Team member' }, scopes: ['team'] },
    'team-lead': { label: { zh: '班组长', en: 'Team lead' }, scopes: ['team'] },
    manager: { label: { zh: '物业经理', en: 'Property manager' } },
  },
  accounts: [
    { id: 'receivable:resident:*', kind: 'receivable', name: '应收住户 owed by a resident' },
    { id: 'receivable:household:*', kind: 'receivable', name: '应收住户 owed by a household' },
    { id: 'income:fees:*', kind: 'income', name: '物业费收入 fee income' },
    { id: 'clearing:payments:*', kind: 'clearing', name: '收款在途 payments received' },
    { id: 'income:repairs', kind: 'income', name: '维修收入 repair income' },
    { id: 'income:services:*', kind: 'income', name: '服务收入 service income' },
    { id: 'payable:deposits:*', kind: 'payable', name: '装修押金 renovation deposits held' },
    { id: 'income:renovation-damage', kind: 'income', name: '装修押金扣留 deposits kept for damage' },
  ],
  caseTypes: [repairRequest, cleaningRequest, complaint, inquiry, feedback, serviceApplication, renovation, meetingBooking, visitorReception],
  defaultCalendar: {
    timeZone: 'Asia/Shanghai',
    hours: {
      mon: [
        ['08:30', '12:00'],
        ['13:00', '17:30'],
      ],
      tue: [
        ['08:30', '12:00'],
        ['13:00', '17:30'],
      ],
      wed: [
        ['08:30', '12:00'],
        ['13:00', '17:30'],
      ],
      thu: [
        ['08:30', '12:00'],
        ['13:00', '17:30'],
      ],
      fri: [
        ['08:30', '12:00'],
        ['13:00', '17:30'],
      ],
      sat: [['09:00', '12:00']],
    },
    holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2027-01-01'],
    workdays: [],
    makeupHoursFrom: 'mon',
  },
  uses: ['calendar', 'sealing', 'outbox', 'parcel-custody'],
  labels: {
    category: Object.fromEntries(Object.entries(CATEGORIES).map(([code, c]) => [code, c.label])),
    team: TEAM_LABELS,
    urgency: { emergency: { zh: '紧急', en: 'Emergency' }, normal: { zh: '一般', en: 'Normal' } },
    propertyType: {
      residential: { zh: '住宅', en: 'Residential' },
      shop: { zh: '商铺', en: 'Shop' },
      office: { zh: '写字间', en: 'Office' },
      parking: { zh: '车位', en: 'Parking space' },
    },
    householdRole: { owner: { zh: '业主', en: 'Owner' }, tenant: { zh: '租户', en: 'Tenant' }, member: { zh: '家庭成员', en: 'Household member' } },
    householdStatus: { occupied: { zh: '已入住', en: 'Occupied' }, vacant: { zh: '空置', en: 'Vacant' } },
    cleaningPlace: CLEANING_PLACES,
    complaintCategory: COMPLAINT_CATEGORIES,
    feedbackKind: FEEDBACK_KINDS,
    serviceUnit: SERVICE_UNITS,
    mailKind: MAIL_KINDS,
    field: {
      suggestedTeam: { zh: '建议班组', en: 'Suggested team' },
      workNote: { zh: '完工说明', en: 'Work note' },
      doneAt: { zh: '完工时间', en: 'Done at' },
      charge: { zh: '费用', en: 'Charge' },
      rating: { zh: '评价', en: 'Rating' },
      reopenCount: { zh: '返修次数', en: 'Times reopened' },
      roomName: { zh: '会议室', en: 'Room' },
      needsApproval: { zh: '需审批', en: 'Needs approval' },
      startsAt: { zh: '开始时间', en: 'Starts' },
      endsAt: { zh: '结束时间', en: 'Ends' },
    },
    queue: { desk: { zh: '服务台', en: 'Service desk' }, manager: { zh: '经理审批', en: 'Manager approval' } },
    caseType: {
      repair: { zh: '报修', en: 'Repair' },
      cleaning: { zh: '保洁', en: 'Cleaning' },
      complaint: { zh: '投诉', en: 'Complaint' },
      inquiry: { zh: '问询', en: 'Inquiry' },
      feedback: { zh: '信息反馈', en: 'Feedback' },
      service: { zh: '服务申请', en: 'Service application' },
      renovation: { zh: '装修申请', en: 'Renovation' },
      meeting: { zh: '会议室预订', en: 'Meeting room' },
      visitor: { zh: '访客接待', en: 'Visitor' },
    },
    assignmentPolicy: {
      'round-robin': { zh: '轮流派单', en: 'Round-robin' },
      'least-open': { zh: '派给在办最少者', en: 'Least open work' },
      manual: { zh: '手工派单', en: 'By hand' },
    },
    depositStatus: {
      held: { zh: '押金暂扣', en: 'Held' },
      released: { zh: '已全额退还', en: 'Released' },
      'partly-kept': { zh: '部分扣留', en: 'Partly kept' },
    },
  },
  problems: { ...PROPERTY_PROBLEMS, ...CUSTODY_PROBLEMS },
  services: propertyServices,
  nightly: propertyNightly,
  ...(process.env.ONESTOP_PARTS !== 'worker' && { routes: propertyRoutes }),
  ...(process.env.ONESTOP_PARTS !== 'worker' && process.env.ONESTOP_PARTS !== 'api' && { console: { pages: propertyPages() } }),
  demo: {
    ...(process.env.ONESTOP_PARTS === undefined && { seed: seedProperty }),
    tenantId: 'demo-property',
    name: '示范小区物业服务中心 Demo Gardens property office',
    users: [
      { sub: 'resident-0101', roles: ['resident'] },
      { sub: 'desk-01', roles: ['desk-agent'] },
      { sub: 'manager-01', roles: ['manager'] },
      { sub: 'tech-01', roles: ['team-member'], scopes: { team: ['maintenance'] } },
      { sub: 'cleaner-02', roles: ['team-member'], scopes: { team: ['cleaning'] } },
      { sub: 'lead-01', roles: ['team-lead'], scopes: { team: ['maintenance'] } },
      { sub: 'admin', roles: ['tenant-admin'] },
      { sub: 'auditor', roles: ['auditor'] },
    ],
  },
});
