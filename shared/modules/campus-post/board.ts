/**
 * The public service board (服务公告牌) of a campus post office: the eight
 * service lines with their items and prices, opening hours with holiday
 * exceptions, the service and supervision phones. Prices carry their
 * history: a change applies from its effective time and never alters an
 * order already taken.
 */
import { z } from 'zod';
import { amountSchema } from '../../kernel/money.ts';
import type { FundNature } from '../../ledger/accounts.ts';

export const SERVICE_LINES = ['letters', 'parcels', 'express', 'periodicals', 'savings', 'philately', 'delivery', 'agency'] as const;
export type ServiceLine = (typeof SERVICE_LINES)[number];

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

export const boardItemSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: text,
  unit: text.optional(),
  prices: z.array(price).min(1).max(50),
  /** Rentals (books, discs) are returned by a due date; late days cost a fee. */
  rental: z.strictObject({ days: z.number().int().min(1).max(365), lateFeePerDay: amountSchema() }).optional(),
  withdrawn: z.boolean().default(false),
});

export const boardSchema = z.strictObject({
  title: text,
  lines: z.array(z.strictObject({ id: z.enum(SERVICE_LINES), name: text, items: z.array(boardItemSchema).max(100) })).max(8),
  hours: z.strictObject({
    regular: z.array(z.strictObject({ days: text, open: z.string().regex(/^\d{2}:\d{2}$/), close: z.string().regex(/^\d{2}:\d{2}$/) })).min(1).max(7),
    exceptions: z.array(z.strictObject({ date: z.iso.date(), closed: z.boolean(), note: text.optional(), open: z.string().optional(), close: z.string().optional() })).max(100),
  }),
  phones: z.strictObject({ service: z.string().min(3).max(30), supervision: z.string().min(3).max(30) }),
  parcels: z.strictObject({
    reminderDays: z.array(z.number().int().min(1).max(60)).max(5),
    retentionDays: z.number().int().min(1).max(90),
    freeDays: z.number().int().min(0).max(60),
    storageFeePerDay: amountSchema(),
  }),
});
export type Board = z.infer<typeof boardSchema>;
export type BoardItem = z.infer<typeof boardItemSchema>;

/** The price in force at an instant. */
export function priceAt(item: BoardItem, at: string): string | undefined {
  return [...item.prices].sort((a, b) => (a.from < b.from ? -1 : 1)).filter((p) => p.from <= at).at(-1)?.amount;
}

export function findItem(board: Board, itemId: string): { line: ServiceLine; item: BoardItem } | undefined {
  for (const line of board.lines) {
    const item = line.items.find((i) => i.id === itemId);
    if (item) return { line: line.id, item };
  }
  return undefined;
}

/** The public view: current prices only, withdrawn items left out. */
export function publicBoard(board: Board, at: string) {
  return {
    title: board.title,
    phones: board.phones,
    hours: board.hours,
    lines: board.lines.map((l) => ({
      id: l.id,
      name: l.name,
      items: l.items.filter((i) => !i.withdrawn && priceAt(i, at) !== undefined).map((i) => ({ id: i.id, name: i.name, unit: i.unit, price: priceAt(i, at)!, ...(i.rental ? { rental: i.rental } : {}) })),
    })),
  };
}

const since = '2026-01-01T00:00:00.000Z';
const item = (id: string, zh: string, en: string, amount: string, extra: Partial<BoardItem> = {}): BoardItem => ({ id, name: { zh, en }, prices: [{ amount, from: since }], withdrawn: false, ...extra });

/** The demo campus's board, in Chinese as its users read it (English alongside). */
export const DEMO_BOARD: Board = {
  title: { zh: '内蒙古大学校园邮政一站式服务点', en: 'Inner Mongolia University campus post office' },
  lines: [
    { id: 'letters', name: { zh: '函件', en: 'Letters' }, items: [item('campus-envelope', '校园邮资封', 'Campus postage cover', '3.00'), item('postcard-custom', '个性化明信片', 'Personalised postcard', '5.00'), item('admission-mail', '录取通知书邮寄', 'Admission letter mailing', '18.00')] },
    { id: 'parcels', name: { zh: '包裹', en: 'Parcels' }, items: [item('campus-parcel', '校园包裹（首重）', 'Campus parcel (first kg)', '8.00')] },
    { id: 'express', name: { zh: '速递', en: 'Express' }, items: [item('ems-file', '学生档案EMS', 'Student file by EMS', '22.00'), item('ems-id', '身份证件EMS', 'ID card by EMS', '20.00')] },
    {
      id: 'periodicals',
      name: { zh: '报刊', en: 'Periodicals' },
      items: [
        item('sub-reader', '《读者》订阅一学期', '"Reader" for a term', '48.00'),
        item('sub-english', '《英语周报》订阅一学期', 'English Weekly for a term', '36.00'),
        item('book-cet', '四六级真题（租借）', 'CET past papers (rental)', '5.00', { rental: { days: 14, lateFeePerDay: '0.50' } }),
      ],
    },
    { id: 'savings', name: { zh: '储蓄', en: 'Savings' }, items: [item('tuition-transfer', '学费汇款手续费', 'Tuition remittance fee', '2.00')] },
    { id: 'philately', name: { zh: '集邮', en: 'Philately' }, items: [item('stamp-80', '普通邮票（1.20元）', 'Stamp (1.20)', '1.20'), item('album-grad', '毕业纪念邮册', 'Graduation stamp album', '128.00'), item('album-enrol', '新生入学纪念邮册', 'Enrolment stamp album', '98.00')] },
    { id: 'delivery', name: { zh: '投递', en: 'Delivery' }, items: [item('door-delivery', '送货上门（宿舍）', 'Door delivery (dormitory)', '2.00')] },
    { id: 'agency', name: { zh: '代理', en: 'Agency' }, items: [item('topup-50', '话费充值50元', 'Phone top-up 50', '50.00'), item('ticket-fee', '火车票代售服务费', 'Train ticket service fee', '5.00')] },
  ],
  hours: {
    regular: [
      { days: { zh: '周一至周五', en: 'Mon–Fri' }, open: '08:30', close: '18:00' },
      { days: { zh: '周六、周日', en: 'Sat–Sun' }, open: '10:00', close: '16:00' },
    ],
    exceptions: [{ date: '2026-10-01', closed: true, note: { zh: '国庆节休息', en: 'National Day: closed' } }],
  },
  phones: { service: '0471-4992000', supervision: '0471-11185' },
  parcels: { reminderDays: [3, 7], retentionDays: 14, freeDays: 3, storageFeePerDay: '0.50' },
};
