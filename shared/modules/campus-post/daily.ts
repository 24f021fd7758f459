/**
 * What a campus business day produces, run by the nightly settlement: the
 * day's takings per fund nature into the campus revenue account (so the
 * sweep carries them up the postal hierarchy), parcel reminders and return
 * warnings, and on the last day of a month the student workers' payroll
 * (base wage + pieces × piece rate) with a payslip notice each.
 */
import { DateTime } from 'luxon';
import type { TransferRequest } from '../../ledger/ledger.ts';
import { Dec, formatAmount } from '../../kernel/money.ts';
import type { DailyContext, DailyMessage, DailyResult } from '../../pipeline/contract.ts';
import type { ModuleStore } from '../../store/module-store.ts';
import { conditions, ConditionFailed } from '../../store/store.ts';
import { DEMO_BOARD, type Board } from './board.ts';
import { DEMO_PAYROLL, takingsOf, WORK_TYPES, type Parcel, type PayrollConfig, type Person, type Worker, type WorkType } from './service.ts';

export interface Payslip {
  worker: string;
  month: string;
  baseWage: string;
  lines: Array<{ n: number; type: WorkType; ref: string; at: string; rate: string }>;
  byType: Record<string, { count: number; rate: string; amount: string }>;
  total: string;
  transferId: string;
}

export async function campusConfig(m: ModuleStore, tenantId: string) {
  const item = await m.get(m.key(tenantId, ['CONFIG'], 'CAMPUS'));
  return { revenueAccount: (item?.revenueAccount as string | undefined) ?? 'clearing:campus-takings' };
}

export async function payslip(m: ModuleStore, tenantId: string, month: string, worker: string): Promise<Payslip> {
  const config = ((await m.get(m.key(tenantId, ['CONFIG'], 'PAYROLL')))?.config as PayrollConfig) ?? DEMO_PAYROLL;
  const pieces = (await m.all({ pk: m.pk(tenantId, 'PIECES', month, worker) })).map((i) => i.piece as { type: WorkType; ref: string; at: string });
  const byType: Payslip['byType'] = {};
  for (const type of WORK_TYPES) {
    const count = pieces.filter((p) => p.type === type).length;
    if (count) byType[type] = { count, rate: config.rates[type], amount: formatAmount(new Dec(config.rates[type]).times(count)) };
  }
  const total = Object.values(byType).reduce((s, t) => s.plus(t.amount), new Dec(config.baseWage));
  return {
    worker,
    month,
    baseWage: config.baseWage,
    lines: pieces.map((p, i) => ({ n: i + 1, ...p, rate: config.rates[p.type] })),
    byType,
    total: formatAmount(total),
    transferId: `payroll:${month}:${worker}`,
  };
}

export async function campusDaily(ctx: DailyContext): Promise<DailyResult> {
  const { records: m, tenantId, businessDate } = ctx;
  const transfers: TransferRequest[] = [];
  const messages: DailyMessage[] = [];

  // 1. The day's takings, per fund nature.
  const { revenueAccount } = await campusConfig(m, tenantId);
  for (const [fund, amount] of await takingsOf(m, tenantId, businessDate)) {
    if (amount.isZero()) continue;
    transfers.push({ id: `takings:${businessDate}:${fund}`, debit: revenueAccount, debitDim: `${fund}|`, credit: `income:campus:${fund}`, amount: formatAmount(amount), currency: 'CNY', memo: `营业收入 takings ${businessDate} ${fund}` });
  }

  // 2. Parcel reminders and return warnings, each sent once.
  const board = ((await m.get(m.key(tenantId, ['BOARD'], 'BOARD')))?.board as Board) ?? DEMO_BOARD;
  let reminded = 0;
  let returnDue = 0;
  const today = DateTime.fromISO(businessDate).endOf('day');
  for (const item of await m.all({ index: 'gsi1', pk: m.pk(tenantId, 'UNCOLLECTED') })) {
    const parcel = item.parcel as Parcel;
    if (!parcel.recipientId || parcel.status === 'return-due') continue;
    const age = Math.floor(today.diff(DateTime.fromISO(parcel.checkedInAt), 'days').days);
    const person = (await m.get(m.key(tenantId, ['PERSON', parcel.recipientId], 'PERSON')))?.person as Person | undefined;
    const recipient = person?.sub ?? `person:${parcel.recipientId}`;
    let next: Parcel | undefined;
    if (age >= board.parcels.retentionDays) {
      next = { ...parcel, status: 'return-due', custody: [...parcel.custody, { at: ctx.now.toISOString(), action: 'return-due', by: 'system' }], version: parcel.version + 1 };
      messages.push({ id: `parcel-return-${parcel.id}`, recipient, subject: '包裹即将退回 Parcel to be returned', body: `您的包裹（${parcel.tracking}）已超过保管期 ${board.parcels.retentionDays} 天，将退回寄件人。Your parcel passed the retention limit and goes back to the sender.`, event: 'parcel-return' });
      messages.push({ id: `parcel-return-${parcel.id}-supervisor`, recipient: 'role:supervisor', subject: `待退回包裹 Parcel to return ${parcel.tracking}`, body: `货架 ${parcel.shelf}`, event: 'parcel-return' });
      returnDue++;
    } else {
      const due = board.parcels.reminderDays.filter((d) => age >= d && !parcel.remindedDays.includes(d));
      if (due.length && person?.consent.notify !== false) {
        next = { ...parcel, remindedDays: [...parcel.remindedDays, ...due], custody: [...parcel.custody, { at: ctx.now.toISOString(), action: 'reminded', by: 'system' }], version: parcel.version + 1 };
        messages.push({ id: `parcel-reminder-${parcel.id}-${Math.max(...due)}`, recipient, subject: `请尽快取件 Reminder: parcel waiting ${age} days`, body: `您的包裹（${parcel.tracking}）已到 ${age} 天，取件码 ${parcel.code}，货架 ${parcel.shelf}。Pickup code ${parcel.code}.`, event: 'parcel-reminder' });
        reminded++;
      }
    }
    if (next) {
      try {
        await m.store.put({ ...item, parcel: next, version: next.version }, conditions.version(parcel.version));
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err; // changed meanwhile (released): tomorrow decides again
      }
    }
  }

  // 3. Payroll, on the month's last day.
  let payslips = 0;
  if (DateTime.fromISO(businessDate).endOf('month').toISODate() === businessDate) {
    const month = businessDate.slice(0, 7);
    const workers = (await m.all({ pk: m.pk(tenantId, 'WORKERS') })).map((i) => i.worker as Worker);
    for (const w of workers) {
      if (w.contractUntil < `${month}-01` || w.contractFrom > businessDate) continue;
      const slip = await payslip(m, tenantId, month, w.sub);
      transfers.push({ id: slip.transferId, debit: 'cost:wages', credit: `payable:worker:${w.sub}`, amount: slip.total, currency: 'CNY', memo: `勤工俭学报酬 ${month} base + piece rate` });
      messages.push({ id: `payslip-${month}-${w.sub}`, recipient: w.sub, subject: `${month} 工资单 Payslip`, body: `本月报酬 ${slip.total} 元（基本工资 ${slip.baseWage} + 计件 ${slip.lines.length} 件）。Your payslip is ready.`, event: 'payslip' });
      payslips++;
    }
  }
  return { transfers, messages, counts: { reminded, returnDue, payslips } };
}
