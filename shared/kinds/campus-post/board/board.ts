/**
 * The public service board (服务公告牌) of a campus post office: the eight
 * service lines with their items and prices, opening hours with holiday
 * exceptions, the service and supervision phones. Prices carry their
 * history: a change applies from its effective time and never alters an
 * order already taken.
 */
import { z } from 'zod';
import type { FundNature } from '../../../capabilities/cash-management/index.ts';
import { amountSchema } from '../../../kernel/money.ts';
import { problems } from '../../../kernel/problems.ts';
import type { Office } from '../office.ts';
import { type Board, type BoardItem, BoardRecord, boardItemRecord, boardRecord, SERVICE_LINES, type ServiceLine } from './board.entity.ts';
import { DEMO_BOARD } from './demo-board.ts';

/** Where each line's revenue goes in the postal company's books (its fund nature). */
export const FUND_NATURE_OF: Record<ServiceLine, FundNature> = {
  letters: 'postal',
  parcels: 'postal',
  express: 'postal',
  periodicals: 'periodicals',
  savings: 'agency',
  philately: 'philately',
  delivery: 'postal',
  agency: 'agency',
};

const text = z.strictObject({ zh: z.string().trim().min(1).max(200), en: z.string().trim().max(200).optional() });
const price = z.strictObject({ amount: amountSchema(), from: z.iso.datetime() });

const boardItemInput = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: text,
  unit: text.optional(),
  prices: z.array(price).min(1).max(50),
  /** Rentals (books, discs) are returned by a due date; late days cost a fee. */
  rental: z.strictObject({ days: z.number().int().min(1).max(365), lateFeePerDay: amountSchema() }).optional(),
  withdrawn: z.boolean().default(false),
});

/** What a supervisor may put on the board: every field checked, nothing unknown. */
export const boardInput = z.strictObject({
  title: text,
  lines: z.array(z.strictObject({ id: z.enum(SERVICE_LINES), name: text, items: z.array(boardItemInput).max(100) })).max(8),
  hours: z.strictObject({
    regular: z
      .array(z.strictObject({ days: text, open: z.string().regex(/^\d{2}:\d{2}$/), close: z.string().regex(/^\d{2}:\d{2}$/) }))
      .min(1)
      .max(7),
    exceptions: z
      .array(z.strictObject({ date: z.iso.date(), closed: z.boolean(), note: text.optional(), open: z.string().optional(), close: z.string().optional() }))
      .max(100),
  }),
  phones: z.strictObject({ service: z.string().min(3).max(30), supervision: z.string().min(3).max(30) }),
  parcels: z.strictObject({
    reminderDays: z.array(z.number().int().min(1).max(60)).max(5),
    retentionDays: z.number().int().min(1).max(90),
    freeDays: z.number().int().min(0).max(60),
    storageFeePerDay: amountSchema(),
  }),
});

/** The board as stored (the demo board until a supervisor puts one). */
export async function board(o: Office): Promise<Board> {
  return (await o.records.get(BoardRecord, undefined)) ?? DEMO_BOARD;
}

export async function putBoard(o: Office, input: unknown): Promise<Board> {
  const parsed = boardInput.safeParse(input);
  if (!parsed.success) throw problems.validation(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  await o.records.put(BoardRecord, parsed.data);
  return parsed.data;
}

/** The price in force at an instant. */
export function priceAt(item: BoardItem, at: string): string | undefined {
  return [...item.prices]
    .sort((a, b) => (a.from < b.from ? -1 : 1))
    .filter((p) => p.from <= at)
    .at(-1)?.amount;
}

export function findItem(b: Board, itemId: string): { line: ServiceLine; item: BoardItem } | undefined {
  for (const line of b.lines) {
    const item = line.items.find((i) => i.id === itemId);
    if (item) return { line: line.id, item };
  }
  return undefined;
}

/** What the public sees of a board: each item's current price only. */
export const publicBoardSchema = boardRecord.pick({ title: true, phones: true, hours: true }).extend({
  lines: z.array(
    boardRecord.shape.lines.element
      .pick({ id: true, name: true })
      .extend({ items: z.array(boardItemRecord.pick({ id: true, name: true, unit: true, rental: true }).extend({ price: z.string() })) }),
  ),
});
export type PublicBoard = z.infer<typeof publicBoardSchema>;

/** The public view: current prices only, withdrawn items left out. */
export function publicBoard(b: Board, at: string): PublicBoard {
  return {
    title: b.title,
    phones: b.phones,
    hours: b.hours,
    lines: b.lines.map((l) => ({
      id: l.id,
      name: l.name,
      items: l.items.flatMap((i) => {
        const price = i.withdrawn ? undefined : priceAt(i, at);
        return price === undefined ? [] : [{ id: i.id, name: i.name, unit: i.unit, price, ...(i.rental ? { rental: i.rental } : {}) }];
      }),
    })),
  };
}
