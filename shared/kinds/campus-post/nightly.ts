/**
 * What a campus business day produces, run by the nightly settlement before
 * the postal company's own steps (so the sweep carries the takings up):
 * the day's takings per fund nature into the campus revenue account, parcel
 * reminders and return warnings, and on a month's last day the payroll.
 */
import type { NightlyStep } from '../../pipeline/contract.ts';
import { takingsStep } from './counter/takings.ts';
import type { CampusServices } from './office.ts';
import { parcelRemindersStep } from './parcels/reminders.ts';
import { payrollStep } from './payroll/payroll.ts';

export function campusNightly(s: CampusServices): NightlyStep[] {
  return [takingsStep(s), parcelRemindersStep(s), payrollStep(s)];
}
