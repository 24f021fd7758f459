/** A door-delivery slot of a day and how many deliveries it holds (its count is the guard against overbooking). */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';

const slotRecord = z.object({ date: z.string(), slot: z.string(), booked: z.number().int() });
export const SlotRecord = entity({
  name: 'campus-slot',
  schema: slotRecord,
  key: (k: { date: string; slot: string }) => ({ pk: ['SLOT', k.date, k.slot], sk: 'S' }),
  keyOf: (s) => ({ date: s.date, slot: s.slot }),
});
