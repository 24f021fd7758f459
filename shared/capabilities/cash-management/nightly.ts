/**
 * The capability's nightly steps, after the kind's own (which post the
 * day's takings into revenue accounts): the end-of-day sweep level by level,
 * overdraft cover, internal interest (which needs both), and the due versus
 * paid-in reconciliation.
 */
import type { NightlyStep } from '../../pipeline/contract.ts';
import type { CashServices } from './services.ts';

export function cashSteps(s: CashServices): NightlyStep[] {
  return [
    {
      name: 'sweep',
      label: { zh: '日终逐级归集', en: 'End-of-day sweep' },
      async run(ctx) {
        const reports = await s.cash.sweep(ctx.tenant.id, ctx.businessDate, { timeZone: ctx.tenant.calendar.timeZone, beforeBatch: ctx.checkpoint });
        // What reached the region: every level moves the same money once more, so levels are not summed.
        return {
          batches: reports.reduce((n, r) => n + r.batches, 0),
          postings: reports.reduce((n, r) => n + r.postings, 0),
          intoRegion: reports.at(-1)?.swept ?? '0.00',
        };
      },
    },
    {
      name: 'overdraft-cover',
      label: { zh: '透支补足', en: 'Overdraft cover' },
      async run(ctx) {
        ctx.checkpoint();
        const report = await s.cash.coverOverdrafts(ctx.tenant.id, ctx.businessDate, { timeZone: ctx.tenant.calendar.timeZone });
        ctx.report('shortfalls', report.shortfalls);
        return { covered: report.covered.length, shortfalls: report.shortfalls.length };
      },
    },
    {
      name: 'interest',
      label: { zh: '内部计价', en: 'Internal interest' },
      needs: ['sweep', 'overdraft-cover'],
      async run(ctx) {
        ctx.checkpoint();
        const r = await s.pricing.run(ctx.tenant.id, ctx.businessDate, ctx.tenant.calendar.timeZone);
        return { accrued: r.accrued, posted: r.posted, total: r.total };
      },
    },
    {
      name: 'reconciliation',
      label: { zh: '应缴实缴核对', en: 'Due vs paid-in reconciliation' },
      async run(ctx) {
        const r = await s.reconciliation.run(ctx.tenant.id, ctx.businessDate);
        ctx.report('reconciliation', r.differences);
        return { units: r.units, differences: r.differences.length };
      },
    },
  ];
}
