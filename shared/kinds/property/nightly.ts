/** The property office's part of the nightly run: the month's bills on the billing day, then reminders of what is overdue. */
import type { NightlyStep } from '../../pipeline/contract.ts';
import { remindArrears, runBilling } from './billing/billing.ts';
import type { PropertyServices } from './office.ts';

export function propertyNightly(s: PropertyServices): readonly NightlyStep[] {
  return [
    {
      name: 'property-billing',
      label: { zh: '物业费出账', en: 'Property fee bills' },
      run: async (ctx) => runBilling(s.forTenant(ctx.tenant), ctx.businessDate, ctx.checkpoint),
    },
    {
      name: 'property-reminders',
      label: { zh: '物业费催缴', en: 'Fee reminders' },
      needs: ['property-billing'],
      run: async (ctx) => remindArrears(s.forTenant(ctx.tenant), ctx.businessDate),
    },
  ];
}
