/**
 * The nightly look at the parcels still waiting: a reminder at each of the
 * board's reminder ages (to recipients who agreed to notices), and past the
 * retention limit the parcel is flagged for return, with a word to its
 * recipient and the supervisor. Message ids make a rerun send nothing twice.
 */
import { DateTime } from 'luxon';
import { type Parcel, ParcelRecord } from '../../../capabilities/parcel-custody/index.ts';
import type { NightlyStep, StepMessage } from '../../../pipeline/contract.ts';
import { board } from '../board/board.ts';
import { person, recipientOf } from '../directory/directory.ts';
import type { CampusServices } from '../office.ts';
import { uncollected } from './parcels.ts';

export function parcelRemindersStep(s: CampusServices): NightlyStep {
  return {
    name: 'parcel-reminders',
    label: { zh: '包裹催领与退回', en: 'Parcel reminders and returns' },
    async run(ctx) {
      const o = s.forTenant(ctx.tenant);
      const { parcels: rules } = await board(o);
      const at = ctx.now.toISOString();
      // A parcel's age is counted at the end of the business day, in the tenant's zone.
      const endOfDay = DateTime.fromISO(ctx.businessDate, { zone: ctx.tenant.calendar.timeZone }).endOf('day');
      let reminded = 0;
      let returnDue = 0;
      let messages = 0;
      for (const parcel of await uncollected(o)) {
        if (!parcel.recipientId || parcel.status === 'return-due') continue;
        const age = Math.floor(endOfDay.diff(DateTime.fromISO(parcel.checkedInAt), 'days').days);
        const who = await person(o, parcel.recipientId);
        const recipient = who ? recipientOf(who) : `person:${parcel.recipientId}`;
        let next: Parcel | undefined;
        const send: StepMessage[] = [];
        if (age >= rules.retentionDays) {
          next = { ...parcel, status: 'return-due', custody: [...parcel.custody, { at, action: 'return-due', by: 'system' }], version: parcel.version + 1 };
          send.push(
            {
              id: `parcel-return-${parcel.id}`,
              recipient,
              subject: '包裹即将退回 Parcel to be returned',
              body: `您的包裹（${parcel.tracking}）已超过保管期 ${rules.retentionDays} 天，将退回寄件人。Your parcel passed the retention limit and goes back to the sender.`,
              event: 'parcel-return',
            },
            {
              id: `parcel-return-${parcel.id}-supervisor`,
              recipient: 'role:supervisor',
              subject: `待退回包裹 Parcel to return ${parcel.tracking}`,
              body: `货架 ${parcel.shelf}`,
              event: 'parcel-return',
            },
          );
          returnDue++;
        } else {
          const due = rules.reminderDays.filter((d) => age >= d && !parcel.remindedDays.includes(d));
          if (due.length && who?.consent.notify !== false) {
            next = {
              ...parcel,
              remindedDays: [...parcel.remindedDays, ...due],
              custody: [...parcel.custody, { at, action: 'reminded', by: 'system' }],
              version: parcel.version + 1,
            };
            send.push({
              id: `parcel-reminder-${parcel.id}-${Math.max(...due)}`,
              recipient,
              subject: `请尽快取件 Reminder: parcel waiting ${age} days`,
              body: `您的包裹（${parcel.tracking}）已到 ${age} 天，取件码 ${parcel.code}，货架 ${parcel.shelf}。Pickup code ${parcel.code}.`,
              event: 'parcel-reminder',
            });
            reminded++;
          }
        }
        if (!next) continue;
        // Sent before the parcel records it: a run that dies in between sends the same ids again, which is nothing.
        ctx.checkpoint();
        messages += await ctx.send(send);
        ctx.checkpoint();
        // If the parcel changed meanwhile (released), tomorrow's run decides again.
        await o.records.putIf(ParcelRecord, next, { version: parcel.version });
      }
      return { reminded, returnDue, messages };
    },
  };
}
