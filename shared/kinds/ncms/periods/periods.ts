/**
 * Periodic settlement with the hospitals: each month, a statement per
 * hospital of the stays it settled (rebuilt while a draft), approved by the
 * office (which closes the period to voids), then paid once from the NCMS
 * fund and the assistance advance fund.
 */
import { z } from 'zod';
import { Dec, formatAmount } from '../../../kernel/money.ts';
import { problems } from '../../../kernel/problems.ts';
import type { Actor } from '../../../kernel/tenancy.ts';
import { type TransferRequest, transferEntry } from '../../../ledger/index.ts';
import { entity } from '../../../store/namespace.ts';
import { ACCOUNTS } from '../accounts.ts';
import { hospitals } from '../hospitals/hospitals.ts';
import type { Office } from '../office.ts';
import { ncmsProblem } from '../problems.ts';
import { settledStays } from '../stays/stays.ts';
import { alertIfLow } from './funding.ts';

export const statementSchema = z.object({
  hospitalId: z.string(),
  period: z.string(),
  stays: z.number().int(),
  totalCost: z.string(),
  ncms: z.string(),
  assistance: z.string(),
  selfPay: z.string(),
  status: z.enum(['draft', 'approved', 'paid']),
  builtAt: z.string(),
  approvedBy: z.string().optional(),
  paidAt: z.string().optional(),
});
export type Statement = z.infer<typeof statementSchema>;

export const StatementRecord = entity({
  name: 'ncms-statement',
  attribute: 'statement',
  schema: statementSchema,
  key: (k: { period: string; hospitalId: string }) => ({ pk: ['PERIOD', k.period], sk: k.hospitalId }),
  keyOf: (s) => ({ period: s.period, hospitalId: s.hospitalId }),
});

export function statement(o: Office, period: string, hospitalId: string): Promise<Statement | undefined> {
  return o.records.get(StatementRecord, { period, hospitalId });
}

/** Builds (or rebuilds, while still a draft) each hospital's statement of the period. */
export async function buildStatements(o: Office, period: string): Promise<Statement[]> {
  const out: Statement[] = [];
  for (const h of await hospitals(o)) {
    const existing = await statement(o, period, h.id);
    if (existing && existing.status !== 'draft') {
      out.push(existing);
      continue;
    }
    const stays = await settledStays(o, h.id, period);
    const sum = (k: 'totalCost' | 'ncms' | 'assistance' | 'selfPay') => formatAmount(stays.reduce((s, x) => s.plus(x.settlement![k]), new Dec(0)));
    const built: Statement = {
      hospitalId: h.id,
      period,
      stays: stays.length,
      totalCost: sum('totalCost'),
      ncms: sum('ncms'),
      assistance: sum('assistance'),
      selfPay: sum('selfPay'),
      status: 'draft',
      builtAt: o.now().toISOString(),
    };
    // Approved meanwhile: keep the approved one.
    out.push(
      (await o.records.putIf(StatementRecord, built, { field: 'status', equals: 'draft', orAbsent: true })) ? built : (await statement(o, period, h.id))!,
    );
  }
  return out;
}

export async function approve(o: Office, actor: Actor, period: string, hospitalId: string): Promise<Statement> {
  const s = await statement(o, period, hospitalId);
  if (!s) throw problems.notFound(`Statement ${period} of ${hospitalId}`);
  if (s.status !== 'draft') return s;
  const approved: Statement = { ...s, status: 'approved', approvedBy: actor.sub };
  await o.records.put(StatementRecord, approved, { field: 'status', equals: 'draft' });
  return approved;
}

/** Pays an approved statement from the two funds, once; alerts both parties when the assistance fund runs low. */
export async function pay(o: Office, period: string, hospitalId: string): Promise<Statement> {
  const s = await statement(o, period, hospitalId);
  if (!s) throw problems.notFound(`Statement ${period} of ${hospitalId}`);
  if (s.status === 'paid') return s;
  if (s.status !== 'approved') throw ncmsProblem('statement-not-approved', 'The office approves a statement before it is paid.');
  const transfers: TransferRequest[] = [
    {
      id: `ncms-pay:${period}:${hospitalId}:ncms`,
      debit: ACCOUNTS.ncmsPayable(hospitalId),
      credit: ACCOUNTS.ncmsFund,
      amount: s.ncms,
      currency: 'CNY',
      memo: `新农合结算 ${period} NCMS payment`,
    },
    {
      id: `ncms-pay:${period}:${hospitalId}:assistance`,
      debit: ACCOUNTS.assistancePayable(hospitalId),
      credit: ACCOUNTS.assistanceFund,
      amount: s.assistance,
      currency: 'CNY',
      memo: `医疗救助结算 ${period} assistance payment`,
    },
  ].filter((t) => !new Dec(t.amount).isZero()) as TransferRequest[];
  const plan = await o.parts.ledger.plan(o.tenant.id, transfers.map(transferEntry), { now: o.now(), timeZone: o.tenant.calendar.timeZone, origin: 'system' });
  const paid: Statement = { ...s, status: 'paid', paidAt: o.now().toISOString() };
  await o.records.transact([o.records.putOp(StatementRecord, paid, { field: 'status', equals: 'approved' }), ...plan.actions]);
  await alertIfLow(o, period);
  return paid;
}
