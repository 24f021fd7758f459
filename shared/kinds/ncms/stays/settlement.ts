/**
 * Discharge settlement and its void. A settlement is one transaction: the
 * stay, the person's annual usage (conditioned on the version read, so two
 * concurrent discharges of one person cannot both use the same room under
 * a cap), the ledger entries for the hospital's advance, and the
 * satisfaction survey. A void, while the period is open, reverses the
 * postings, gives the caps back and reopens the stay. The daily
 * pre-settlement (每天预结算) runs the same arithmetic without writing.
 */
import { enqueue } from '../../../capabilities/outbox/index.ts';
import { Dec, formatAmount } from '../../../kernel/money.ts';
import { problem } from '../../../kernel/problems.ts';
import { CONTENTION, withRetries } from '../../../kernel/retry.ts';
import type { Access } from '../../../kit/access.ts';
import { type TransferRequest, transferEntry } from '../../../ledger/index.ts';
import { TransactionConflict, type WriteOp } from '../../../store/namespace.ts';
import { ACCOUNTS } from '../accounts.ts';
import type { Office } from '../office.ts';
import { statement } from '../periods/periods.ts';
import { calculateSettlement } from '../policy/calculate.ts';
import { policyFor } from '../policy/policies.ts';
import { ncmsProblem } from '../problems.ts';
import { surveyLink, surveyToken } from '../surveys/surveys.ts';
import { type BillLine, type Settlement, type Stay, StayRecord, type Usage, UsageRecord } from './stay.entity.ts';
import { stayWithLines } from './stays.ts';

/** A concurrent change (the same person, hospital or account): back off and try again, then give up with a 409. */
const CONTENDED = {
  attempts: 20,
  retryOn: (err: unknown) => err instanceof TransactionConflict,
  exhausted: () => problem('busy', 'Too many simultaneous changes to the same records; try again.'),
  ...CONTENTION,
};

const period = (date: string) => date.slice(0, 7);

export async function usage(o: Office, personKey: string, year: string): Promise<Usage> {
  return (await o.records.get(UsageRecord, { personKey, year })) ?? { personKey, year, ncmsPaid: '0.00', assistancePaid: '0.00', version: 0 };
}

function usageOp(o: Office, u: Usage, ncms: Dec, assistance: Dec): WriteOp {
  const next: Usage = {
    ...u,
    ncmsPaid: formatAmount(new Dec(u.ncmsPaid).plus(ncms)),
    assistancePaid: formatAmount(new Dec(u.assistancePaid).plus(assistance)),
    version: u.version + 1,
  };
  return o.records.putOp(UsageRecord, next, u.version === 0 ? 'absent' : { version: u.version });
}

/** The settlement arithmetic for a stay's bill on a date, under the policy in force then. */
export async function computeSettlement(o: Office, stay: Stay, lines: BillLine[], date: string, used?: Usage) {
  const total = lines.reduce((s, l) => s.plus(l.amount), new Dec(0));
  const eligible = lines.filter((l) => l.eligible).reduce((s, l) => s.plus(l.amount), new Dec(0));
  const u = used ?? (await usage(o, stay.personKey, date.slice(0, 4)));
  const result = calculateSettlement(await policyFor(o, date), {
    category: stay.category,
    hospitalLevel: stay.hospitalLevel,
    totalCost: formatAmount(total),
    eligibleCost: formatAmount(eligible),
    ncmsPaidThisYear: u.ncmsPaid,
    assistancePaidThisYear: u.assistancePaid,
  });
  return { ...result, totalCost: formatAmount(total), eligibleCost: formatAmount(eligible) };
}

export function discharge(o: Office, access: Access, id: string, dischargedOn: string): Promise<Stay> {
  o.businessDate('dischargedOn', dischargedOn);
  return withRetries(async () => {
    const { stay, lines } = await stayWithLines(o, access, id);
    if (stay.status !== 'admitted') throw ncmsProblem('stay-settled', 'The stay is already settled.');
    if (dischargedOn < stay.admittedOn)
      throw ncmsProblem('invalid-discharge', 'The discharge date is before the admission date.', {
        errors: [{ field: 'dischargedOn', message: 'must not be before admittedOn' }],
      });
    const year = dischargedOn.slice(0, 4);
    const used = await usage(o, stay.personKey, year);
    const result = await computeSettlement(o, stay, lines, dischargedOn, used);
    const n = stay.voided.length + 1;
    const entryIds: string[] = [];
    const transfers: TransferRequest[] = [];
    const push = (suffix: string, debit: string, credit: string, amount: string, memo: string) => {
      if (new Dec(amount).isZero()) return;
      const tid = `ncms:${stay.id}:s${n}:${suffix}`;
      entryIds.push(tid);
      transfers.push({ id: tid, debit, credit, amount, currency: 'CNY', memo, ref: { stay: stay.id, hospital: stay.hospitalId } });
    };
    push('ncms', ACCOUNTS.ncmsCost(stay.hospitalId), ACCOUNTS.ncmsPayable(stay.hospitalId), result.ncms, `新农合垫付 NCMS advance ${stay.id}`);
    push(
      'assistance',
      ACCOUNTS.assistanceCost(stay.hospitalId),
      ACCOUNTS.assistancePayable(stay.hospitalId),
      result.assistance,
      `医疗救助垫付 assistance advance ${stay.id}`,
    );
    const settlement: Settlement = { ...result, n, dischargedOn, year, settledAt: o.now().toISOString(), entryIds };
    const settled: Stay = { ...stay, status: 'settled', version: stay.version + 1, settlement };
    const ledgerPlan = await o.parts.ledger.plan(o.tenant.id, transfers.map(transferEntry), {
      now: o.now(),
      timeZone: o.tenant.calendar.timeZone,
      origin: 'system',
    });
    const survey = enqueue(
      o.tenant.id,
      {
        kind: 'message',
        channel: 'mailbox',
        recipient: `patient:${stay.id}`,
        subject: '出院满意度调查 Satisfaction survey',
        body: `请为本次住院结算服务评分 Rate your discharge settlement：${surveyLink(o.tenant.id, stay.id, surveyToken(o, stay.id))}`,
        event: 'discharge',
      },
      o.now(),
      `survey-${stay.id}-${n}`,
    );
    await o.records.transact([
      o.records.putOp(StayRecord, settled, { version: stay.version }),
      usageOp(o, used, new Dec(result.ncms), new Dec(result.assistance)),
      ...ledgerPlan.actions,
      survey,
    ]);
    return settled;
  }, CONTENDED);
}

/** Voids a settlement whose period is still open: reverses its postings, gives the caps back, and reopens the stay. */
export function voidSettlement(o: Office, access: Access, id: string, reason: string): Promise<Stay> {
  return withRetries(async () => {
    const { stay } = await stayWithLines(o, access, id);
    const s = stay.settlement;
    if (stay.status !== 'settled' || !s) throw ncmsProblem('stay-not-settled', 'Only a settled stay can be voided.');
    const st = await statement(o, period(s.dischargedOn), stay.hospitalId);
    if (st && st.status !== 'draft')
      throw ncmsProblem(
        'period-closed',
        `The ${period(s.dischargedOn)} statement of ${stay.hospitalId} is ${st.status}; its settlements can no longer be voided.`,
      );
    const used = await usage(o, stay.personKey, s.year);
    const reversals: TransferRequest[] = [];
    for (const entryId of s.entryIds) {
      const entry = await o.parts.ledger.getEntry(o.tenant.id, entryId);
      if (!entry) continue;
      const debit = entry.legs.find((l) => l.side === 'debit')!;
      const credit = entry.legs.find((l) => l.side === 'credit')!;
      reversals.push({
        id: `${entryId}:void`,
        debit: credit.account,
        credit: debit.account,
        amount: debit.amount,
        currency: 'CNY',
        memo: `冲销 void ${entryId}: ${reason}`,
      });
    }
    const ledgerPlan = await o.parts.ledger.plan(o.tenant.id, reversals.map(transferEntry), {
      now: o.now(),
      timeZone: o.tenant.calendar.timeZone,
      origin: 'system',
    });
    const reopened: Stay = {
      ...stay,
      status: 'admitted',
      version: stay.version + 1,
      settlement: undefined,
      voided: [...stay.voided, { at: o.now().toISOString(), by: access.actor.sub, reason, settlement: s }],
    };
    await o.records.transact([
      o.records.putOp(StayRecord, reopened, { version: stay.version }),
      usageOp(o, used, new Dec(s.ncms).negated(), new Dec(s.assistance).negated()),
      ...ledgerPlan.actions,
    ]);
    return reopened;
  }, CONTENDED);
}

/** What the patient would pay if discharged on `asOf` (default today): no writes. */
export async function preSettle(o: Office, access: Access, id: string, asOf?: string) {
  const { stay, lines } = await stayWithLines(o, access, id);
  const date = asOf === undefined ? o.today() : o.businessDate('asOf', asOf);
  return { stayId: id, asOf: date, ...(await computeSettlement(o, stay, lines, date)) };
}
