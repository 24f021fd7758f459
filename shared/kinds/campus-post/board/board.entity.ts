/**
 * The board as stored: one record per tenant, every item with its whole
 * price history. Read leniently (unknown fields are dropped, never fatal);
 * what may be written is the stricter input schema in board.ts.
 */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';

export const SERVICE_LINES = ['letters', 'parcels', 'express', 'periodicals', 'savings', 'philately', 'delivery', 'agency'] as const;
export type ServiceLine = (typeof SERVICE_LINES)[number];

const text = z.object({ zh: z.string(), en: z.string().optional() });

export const boardItemRecord = z.object({
  id: z.string(),
  name: text,
  unit: text.optional(),
  prices: z.array(z.object({ amount: z.string(), from: z.string() })),
  rental: z.object({ days: z.number().int(), lateFeePerDay: z.string() }).optional(),
  withdrawn: z.boolean().default(false),
});
export type BoardItem = z.infer<typeof boardItemRecord>;

export const boardRecord = z.object({
  title: text,
  lines: z.array(z.object({ id: z.enum(SERVICE_LINES), name: text, items: z.array(boardItemRecord) })),
  hours: z.object({
    regular: z.array(z.object({ days: text, open: z.string(), close: z.string() })),
    exceptions: z.array(z.object({ date: z.string(), closed: z.boolean(), note: text.optional(), open: z.string().optional(), close: z.string().optional() })),
  }),
  phones: z.object({ service: z.string(), supervision: z.string() }),
  parcels: z.object({ reminderDays: z.array(z.number().int()), retentionDays: z.number().int(), freeDays: z.number().int(), storageFeePerDay: z.string() }),
});
export type Board = z.infer<typeof boardRecord>;

export const BoardRecord = entity({
  name: 'campus-board',
  attribute: 'board',
  schema: boardRecord,
  key: () => ({ pk: ['BOARD'], sk: 'BOARD' }),
  keyOf: () => undefined,
});
