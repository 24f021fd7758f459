/**
 * County NCMS office (新农合 + 民政医疗救助 一站式结算). Eligibility
 * applications run through the case pipeline; policy, hospitals, catalogue,
 * stays and their settlement, periods, reports and surveys are this kind's
 * own slices, on its namespace of the table.
 */

import { officeWeek } from '../../capabilities/calendar/index.ts';
import { defineKind } from '../../kit/plugin.ts';
import { NCMS_ACCOUNTS } from './accounts.ts';
import { ncmsDashboard, ncmsSettings } from './blocks.tsx';
import { seedNcms } from './demo.ts';
import { eligibilityApplication } from './eligibility/eligibility.ts';
import { ncmsServices } from './office.ts';
import { ncmsPages } from './pages.tsx';
import { CATEGORY_LABELS, LEVEL_LABELS } from './policy/policy.ts';
import { NCMS_PROBLEMS } from './problems.ts';
import { ncmsRoutes } from './routes.ts';
import { surveyPages } from './surveys/page.tsx';
import { ncmsWorkPages } from './work-pages.tsx';

export const ncms = defineKind({
  kind: 'ncms',
  title: { zh: '县合管办', en: 'County NCMS office' },
  roles: {
    'ncms-office': { label: { zh: '合管办经办人', en: 'NCMS office' } },
    'civil-affairs': { label: { zh: '民政局', en: 'Civil affairs' } },
    'township-reviewer': { label: { zh: '乡镇审核员', en: 'Township reviewer' }, scopes: ['township'] },
    'hospital-operator': { label: { zh: '定点医院结算员', en: 'Hospital operator' }, scopes: ['hospital'] },
  },
  dimensions: () => ({
    hospital: { label: { zh: '定点医院', en: 'Hospital' } },
    township: { label: { zh: '乡镇', en: 'Township' } },
  }),
  accounts: NCMS_ACCOUNTS,
  caseTypes: [eligibilityApplication],
  defaultCalendar: officeWeek,
  uses: ['calendar', 'outbox', 'sealing'],
  labels: {
    queue: { eligibility: { zh: '资格审核', en: 'Eligibility review' } },
    field: {
      validFrom: { zh: '有效期自', en: 'Valid from' },
      validTo: { zh: '有效期至', en: 'Valid until' },
    },
    category: CATEGORY_LABELS,
    hospitalLevel: LEVEL_LABELS,
    banding: { progressive: { zh: '分段累进', en: 'Progressive bands' }, flat: { zh: '全额按段', en: 'Flat by band' } },
    roundingMode: { 'half-up': { zh: '四舍五入到分', en: 'Half up, to the fen' }, 'half-even': { zh: '银行家舍入到分', en: 'Half even, to the fen' } },
    stayStatus: { admitted: { zh: '在院', en: 'Admitted' }, settled: { zh: '已结算', en: 'Settled' } },
    registerStatus: { active: { zh: '有效', en: 'Active' }, revoked: { zh: '已撤销', en: 'Revoked' } },
    statementStatus: { draft: { zh: '草稿', en: 'Draft' }, approved: { zh: '已审核', en: 'Approved' }, paid: { zh: '已拨付', en: 'Paid' } },
  },
  problems: NCMS_PROBLEMS,
  services: ncmsServices,
  ...(process.env.ONESTOP_PARTS !== 'worker' && { routes: ncmsRoutes }),
  ...(process.env.ONESTOP_PARTS !== 'worker' &&
    process.env.ONESTOP_PARTS !== 'api' && {
      console: { pages: [...ncmsPages(), ...ncmsWorkPages], public: surveyPages, dashboard: ncmsDashboard, settings: ncmsSettings },
    }),
  demo: {
    tenantId: 'demo-ncms',
    name: '示范县新农合管理办公室 Demo County NCMS office',
    users: [
      { sub: 'office-01', roles: ['ncms-office', 'finance'] },
      { sub: 'civil-01', roles: ['civil-affairs'] },
      { sub: 'township-01', roles: ['township-reviewer'], scopes: { township: ['dongguan'] } },
      { sub: 'hospital-01', roles: ['hospital-operator'], scopes: { hospital: ['county-people'] } },
      { sub: 'admin', roles: ['tenant-admin'] },
      { sub: 'auditor', roles: ['auditor'] },
    ],
    ...(process.env.ONESTOP_PARTS === undefined && { seed: seedNcms }),
  },
});
