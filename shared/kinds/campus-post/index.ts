/**
 * Campus post office (校园邮政一站式服务点): the public board, the campus
 * directory, the student-worker roster, parcels with pickup codes and door
 * delivery, mailbox delivery and subscriptions, counter orders, and payroll
 * — each a slice of this folder, on this kind's namespace of the table —
 * with the day's takings, parcel reminders and month-end payroll run nightly.
 */
import { officeWeek } from '../../capabilities/calendar/index.ts';
import { defineKind } from '../../kit/plugin.ts';
import { seedCampus } from './demo.ts';
import { campusNightly } from './nightly.ts';
import { campusServices } from './office.ts';
import { campusPages, campusPublicPages } from './pages.tsx';
import { CAMPUS_PROBLEMS } from './problems.ts';
import { onRoster } from './roster/roster.ts';
import { campusRoutes } from './routes.ts';
import { campusWorkPages } from './work-pages.tsx';

export const campusPost = defineKind({
  kind: 'campus-post',
  title: { zh: '校园邮政服务点', en: 'Campus post office' },
  roles: {
    customer: { label: { zh: '师生（收件人）', en: 'Student or teacher' }, scopes: ['requester'] },
    'student-worker': { label: { zh: '勤工俭学学生', en: 'Student worker' }, scopes: ['roster'] },
    supervisor: { label: { zh: '邮政督导', en: 'Post office supervisor' } },
    'student-union': { label: { zh: '学生会', en: 'Student union' } },
  },
  dimensions: (s) => ({
    roster: {
      label: { zh: '在岗名册', en: 'On the roster' },
      held: async (actor, tenant) => ((await onRoster(s.forTenant(tenant), actor.sub)) ? ['on-roster'] : []),
    },
  }),
  accounts: [
    { id: 'cost:wages', kind: 'cost', name: '勤工俭学报酬 student-worker wages' },
    { id: 'payable:worker:*', kind: 'payable', name: '应付学生报酬 owed to a worker' },
    { id: 'clearing:campus-takings', kind: 'clearing', name: '服务点营业款 counter takings' },
    { id: 'income:campus:*', kind: 'income', name: '服务点收入 counter income' },
  ],
  caseTypes: [],
  defaultCalendar: officeWeek,
  uses: ['calendar', 'idempotency', 'outbox', 'sealing', 'cash-management', 'parcel-custody'],
  labels: {
    parcelSize: {
      small: { zh: '小件', en: 'Small' },
      medium: { zh: '中件', en: 'Medium' },
      large: { zh: '大件', en: 'Large' },
    },
    mailKind: {
      letter: { zh: '信件', en: 'Letter' },
      periodical: { zh: '报刊', en: 'Periodical' },
      printed: { zh: '印刷品', en: 'Printed matter' },
    },
    preferredDelivery: {
      pickup: { zh: '到柜台自取', en: 'Pick up at the counter' },
      door: { zh: '送货上门', en: 'Door delivery' },
    },
    parcelStatus: {
      waiting: { zh: '待取', en: 'Waiting' },
      unclaimed: { zh: '无主待查', en: 'Unclaimed' },
      'door-pending': { zh: '待送货上门', en: 'Door delivery pending' },
      released: { zh: '已取走', en: 'Released' },
      delivered: { zh: '已送达', en: 'Delivered' },
      'return-due': { zh: '待退回', en: 'To be returned' },
      locked: { zh: '已锁定', en: 'Locked' },
    },
    custody: {
      'checked-in': { zh: '入库', en: 'Checked in' },
      reminded: { zh: '已提醒', en: 'Reminded' },
      released: { zh: '交付', en: 'Released' },
      'return-due': { zh: '超期待退', en: 'Return due' },
      delivered: { zh: '送达', en: 'Delivered' },
      'release-refused': { zh: '取件验证失败', en: 'Release refused' },
      locked: { zh: '锁定', en: 'Locked' },
    },
    workType: {
      checkin: { zh: '包裹入库', en: 'Parcel check-in' },
      release: { zh: '包裹交付', en: 'Parcel release' },
      'mail-batch': { zh: '插箱投递', en: 'Mailbox batch' },
      'door-delivery': { zh: '送货上门', en: 'Door delivery' },
      'counter-order': { zh: '柜台业务', en: 'Counter order' },
    },
    serviceLine: {
      letters: { zh: '函件', en: 'Letters' },
      parcels: { zh: '包裹', en: 'Parcels' },
      express: { zh: '速递', en: 'Express' },
      periodicals: { zh: '报刊', en: 'Periodicals' },
      savings: { zh: '储蓄', en: 'Savings' },
      philately: { zh: '集邮', en: 'Philately' },
      delivery: { zh: '投递', en: 'Delivery' },
      agency: { zh: '代理', en: 'Agency' },
    },
    orderKind: {
      counter: { zh: '柜台销售', en: 'Counter sale' },
      subscription: { zh: '报刊订阅', en: 'Subscription' },
      'storage-fee': { zh: '包裹保管费', en: 'Storage fee' },
      'late-fee': { zh: '逾期费', en: 'Late fee' },
    },
    payment: {
      cash: { zh: '现金', en: 'Cash' },
      wechat: { zh: '微信支付', en: 'WeChat Pay' },
      alipay: { zh: '支付宝', en: 'Alipay' },
      card: { zh: '银行卡', en: 'Bank card' },
    },
  },
  problems: CAMPUS_PROBLEMS,
  services: campusServices,
  ...(process.env.ONESTOP_PARTS !== 'worker' && { routes: campusRoutes }),
  ...(process.env.ONESTOP_PARTS !== 'worker' &&
    process.env.ONESTOP_PARTS !== 'api' && {
      console: { pages: [...campusPages(), ...campusWorkPages()], public: campusPublicPages },
    }),
  nightly: campusNightly,
  demo: {
    tenantId: 'demo-campus-post',
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
    capabilities: ['cash-management'],
    ...(process.env.ONESTOP_PARTS === undefined && { seed: seedCampus }),
  },
});
