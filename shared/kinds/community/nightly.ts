/**
 * The community's part of the nightly run, each step reading only what is
 * due by tonight (one range query per kind of due) and settling it through
 * the registration's or permit's own `system` step, once per due: visits
 * for checks grown older than the station's interval, renewal reminders and
 * expiry of permits, and the purge of personal data past its retention.
 */
import { DateTime } from 'luxon';
import type { NightlyStep } from '../../pipeline/contract.ts';
import type { CommunityServices } from './office.ts';
import { type Due, type DueKind, DueRecord } from './station/due.entity.ts';
import { settingsOf } from './station/station.ts';

export function communityNightly(s: CommunityServices): readonly NightlyStep[] {
  const dueBy = (tenantId: string, kind: DueKind, by: string): Promise<Due[]> =>
    s.parts.records.forTenant(tenantId).list(DueRecord, ['DUE', kind], { between: ['', `${by}~`] });
  return [
    {
      name: 'community-visits',
      label: { zh: '核查走访到期', en: 'Re-verification visits due' },
      run: async ({ tenant, now, checkpoint }) => {
        const { reverifyMonths } = await settingsOf(s.parts.records.forTenant(tenant.id));
        let visits = 0;
        for (const d of await dueBy(tenant.id, 'verification', DateTime.fromJSDate(now).minus({ months: reverifyMonths }).toUTC().toISO()!)) {
          checkpoint();
          if (await s.parts.cases.fireSystem(tenant, d.caseId, 'visit-due', { key: d.from })) visits++;
        }
        return { visits };
      },
    },
    {
      name: 'community-permits',
      label: { zh: '证件换证提醒与到期', en: 'Permit renewals and expiry' },
      run: async ({ tenant, businessDate, checkpoint }) => {
        const { renewalNoticeDays } = await settingsOf(s.parts.records.forTenant(tenant.id));
        const noticeBy = DateTime.fromISO(businessDate).plus({ days: renewalNoticeDays }).toISODate()!;
        let reminded = 0;
        let expired = 0;
        for (const d of await dueBy(tenant.id, 'expiry', noticeBy)) {
          checkpoint();
          // Valid through its last day: it expires the day after.
          if (d.from < businessDate) {
            if (await s.parts.cases.fireSystem(tenant, d.caseId, 'expire', { key: d.from })) expired++;
          } else if (await s.parts.cases.fireSystem(tenant, d.caseId, 'remind-renewal', { key: d.from })) reminded++;
        }
        return { reminded, expired };
      },
    },
    {
      name: 'community-retention',
      label: { zh: '个人信息到期清除', en: 'Personal data past retention' },
      run: async ({ tenant, now, checkpoint }) => {
        const { retentionMonths } = await settingsOf(s.parts.records.forTenant(tenant.id));
        let purged = 0;
        for (const d of await dueBy(tenant.id, 'retention', DateTime.fromJSDate(now).minus({ months: retentionMonths }).toUTC().toISO()!)) {
          checkpoint();
          if (await s.parts.cases.fireSystem(tenant, d.caseId, 'purge', { key: d.from })) purged++;
        }
        return { purged };
      },
    },
  ];
}
