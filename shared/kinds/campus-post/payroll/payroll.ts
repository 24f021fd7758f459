/**
 * Student-worker pay: base wage + pieces × piece rate (基本工资加计件付酬).
 * The payslip of a month lists every counted piece; a worker may dispute a
 * line. The month's pay is posted on its last day by the nightly run.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { amountSchema, Dec, formatAmount } from '../../../kernel/money.ts';
import type { Access } from '../../../kit/access.ts';
import type { TransferRequest } from '../../../ledger/index.ts';
import type { NightlyStep, StepMessage } from '../../../pipeline/contract.ts';
import type { CampusServices, Office } from '../office.ts';
import { pieces, underContract, workers } from '../roster/roster.ts';
import { WORK_TYPES } from '../roster/worker.entity.ts';
import { type Dispute, DisputeRecord, type PayrollConfig, PayrollConfigRecord } from './payroll.entity.ts';

export const payrollInput = z.strictObject({
  baseWage: amountSchema().meta({ title: '基本工资（元/月） Base wage (yuan a month)' }),
  rates: z
    .strictObject({
      checkin: amountSchema().meta({ title: '包裹入库（元/件） Parcel check-in (yuan each)' }),
      release: amountSchema().meta({ title: '包裹交付（元/件） Parcel release (yuan each)' }),
      'mail-batch': amountSchema().meta({ title: '插箱投递（元/批） Mailbox batch (yuan each)' }),
      'door-delivery': amountSchema().meta({ title: '送货上门（元/件） Door delivery (yuan each)' }),
      'counter-order': amountSchema().meta({ title: '柜台业务（元/笔） Counter order (yuan each)' }),
    })
    .meta({ title: '计件单价 Piece rates' }),
});

/** The rates a campus pays until its supervisor sets its own. */
export const DEMO_PAYROLL: PayrollConfig = {
  baseWage: '600.00',
  rates: { checkin: '0.30', release: '0.20', 'mail-batch': '2.00', 'door-delivery': '3.00', 'counter-order': '0.50' },
};

export async function payrollConfig(o: Office): Promise<PayrollConfig> {
  return (await o.records.get(PayrollConfigRecord, undefined)) ?? DEMO_PAYROLL;
}

export async function setPayrollConfig(o: Office, config: PayrollConfig): Promise<PayrollConfig> {
  await o.records.put(PayrollConfigRecord, config);
  return config;
}

export const payslipSchema = z.object({
  worker: z.string(),
  month: z.string(),
  baseWage: z.string(),
  /** Every counted piece, in the order done, at its rate. */
  lines: z.array(z.object({ n: z.number().int(), type: z.enum(WORK_TYPES), ref: z.string(), at: z.string(), rate: z.string() })),
  byType: z.partialRecord(z.enum(WORK_TYPES), z.object({ count: z.number().int(), rate: z.string(), amount: z.string() })),
  total: z.string(),
  /** The ledger transfer that pays it at month end. */
  transferId: z.string(),
});
export type Payslip = z.infer<typeof payslipSchema>;

export async function payslip(o: Office, month: string, worker: string): Promise<Payslip> {
  const config = await payrollConfig(o);
  const done = await pieces(o, month, worker);
  const byType: Payslip['byType'] = {};
  for (const type of WORK_TYPES) {
    const count = done.filter((p) => p.type === type).length;
    if (count) byType[type] = { count, rate: config.rates[type], amount: formatAmount(new Dec(config.rates[type]).times(count)) };
  }
  const total = Object.values(byType).reduce((s, t) => s.plus(t.amount), new Dec(config.baseWage));
  return {
    worker,
    month,
    baseWage: config.baseWage,
    lines: done.map((p, i) => ({ n: i + 1, type: p.type, ref: p.ref, at: p.at, rate: config.rates[p.type] })),
    byType,
    total: formatAmount(total),
    transferId: `payroll:${month}:${worker}`,
  };
}

/** A payslip is its worker's: their own to them, any to the roster's keepers and auditors; to anyone else it does not exist. */
export const slipScope = (worker: string) => ({ requester: worker });

export async function dispute(o: Office, access: Access, month: string, worker: string, input: { line: number; reason: string }): Promise<Dispute> {
  await access.require(slipScope(worker), `Payslip of ${worker}`);
  const d: Dispute = { month, worker, ...input, by: access.actor.sub, at: o.now().toISOString(), status: 'open' };
  await o.records.put(DisputeRecord, d);
  return d;
}

/** On a month's last day: each worker under contract that month is paid base + pieces, with a payslip notice. */
export function payrollStep(s: CampusServices): NightlyStep {
  return {
    name: 'payroll',
    label: { zh: '勤工俭学报酬（月末）', en: 'Student-worker payroll (month end)' },
    async run(ctx) {
      const date = ctx.businessDate;
      if (DateTime.fromISO(date).endOf('month').toISODate() !== date) return { payslips: 0, posted: 0, replayed: 0, messages: 0 };
      const month = date.slice(0, 7);
      const o = s.forTenant(ctx.tenant);
      const transfers: TransferRequest[] = [];
      const messages: StepMessage[] = [];
      for (const w of await workers(o)) {
        if (!underContract(w, `${month}-01`, date)) continue;
        const slip = await payslip(o, month, w.sub);
        transfers.push({
          id: slip.transferId,
          debit: 'cost:wages',
          credit: `payable:worker:${w.sub}`,
          amount: slip.total,
          currency: 'CNY',
          memo: `勤工俭学报酬 ${month} base + piece rate`,
        });
        messages.push({
          id: `payslip-${month}-${w.sub}`,
          recipient: w.sub,
          subject: `${month} 工资单 Payslip`,
          body: `本月报酬 ${slip.total} 元（基本工资 ${slip.baseWage} + 计件 ${slip.lines.length} 件）。Your payslip is ready.`,
          event: 'payslip',
        });
      }
      const { posted, replayed } = await ctx.post(transfers);
      ctx.checkpoint();
      const sent = await ctx.send(messages);
      return { payslips: transfers.length, posted, replayed, messages: sent };
    },
  };
}
