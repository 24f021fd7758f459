/** Property office (物业一站式服务): one service desk for every request of the residents. */
import { defineKind } from '../../kit/plugin.ts';
import { CATEGORIES, repairRequest, type TEAMS } from './repair.ts';

const TEAM_LABELS: Record<(typeof TEAMS)[number], { zh: string; en: string }> = {
  maintenance: { zh: '维修班', en: 'Maintenance' },
  electrical: { zh: '电工班', en: 'Electricians' },
  elevator: { zh: '电梯班', en: 'Elevators' },
  cleaning: { zh: '保洁班', en: 'Cleaning' },
  greening: { zh: '绿化班', en: 'Grounds' },
  security: { zh: '秩序维护班', en: 'Security' },
};

export const property = defineKind({
  kind: 'property',
  title: { zh: '物业服务中心', en: 'Property office' },
  roles: {
    resident: { label: { zh: '业主/住户', en: 'Resident' }, scopes: ['requester'] },
    'desk-agent': { label: { zh: '服务台接待员', en: 'Desk agent' } },
    'team-member': { label: { zh: '班组员工', en: 'Team member' }, scopes: ['team'] },
  },
  accounts: [
    { id: 'receivable:resident:*', kind: 'receivable', name: '应收住户 owed by a resident' },
    { id: 'income:repairs', kind: 'income', name: '维修收入 repair income' },
  ],
  caseTypes: [repairRequest],
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
  uses: ['calendar'],
  labels: {
    category: Object.fromEntries(Object.entries(CATEGORIES).map(([code, c]) => [code, c.label])),
    team: TEAM_LABELS,
    urgency: { emergency: { zh: '紧急', en: 'Emergency' }, normal: { zh: '一般', en: 'Normal' } },
  },
  services: () => ({}),
  demo: {
    tenantId: 'demo-property',
    name: '示范小区物业服务中心 Demo Gardens property office',
    users: [
      { sub: 'resident-0101', roles: ['resident'] },
      { sub: 'desk-01', roles: ['desk-agent'] },
      { sub: 'tech-01', roles: ['team-member'], scopes: { team: ['maintenance'] } },
      { sub: 'admin', roles: ['tenant-admin'] },
      { sub: 'auditor', roles: ['auditor'] },
    ],
  },
});
