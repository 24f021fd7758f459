/**
 * The assistance advance fund: civil affairs pre-funds it (预拨), hospitals'
 * statements draw on it, and both parties are alerted when it runs low;
 * the reconciliation between the office and civil affairs for a period.
 */
import { DateTime } from 'luxon';
import { enqueue } from '../../../capabilities/outbox/index.ts';
import { amountProblem, Dec, formatAmount } from '../../../kernel/money.ts';
import { problems } from '../../../kernel/problems.ts';
import { transferEntry } from '../../../ledger/index.ts';
import { ACCOUNTS } from '../accounts.ts';
import { officeConfig } from '../config.ts';
import { hospitals } from '../hospitals/hospitals.ts';
import type { Office } from '../office.ts';
import { settledStays } from '../stays/stays.ts';

/** Where each fund's money comes from: the county's finance bureau funds NCMS, civil affairs pre-funds assistance. */
const FUNDING = {
  ncms: { fund: ACCOUNTS.ncmsFund, from: ACCOUNTS.countyFinance, memo: '县财政拨付新农合基金 NCMS funding' },
  assistance: { fund: ACCOUNTS.assistanceFund, from: ACCOUNTS.civilAffairs, memo: '民政预拨医疗救助资金 assistance pre-funding' },
} as const;

/** Money paid into one of the office's funds (funds move only by these flows, never by a transfer a person names). */
export async function receiveFunds(o: Office, fund: keyof typeof FUNDING, input: { id: string; amount: string; memo?: string }) {
  const problem = amountProblem(input.amount);
  if (problem) throw problems.validation([{ field: 'amount', message: problem }]);
  const { fund: account, from, memo } = FUNDING[fund];
  return o.parts.ledger.execute(
    o.tenant.id,
    [transferEntry({ id: input.id, debit: account, credit: from, amount: input.amount, currency: 'CNY', memo: input.memo ?? memo })],
    { timeZone: o.tenant.calendar.timeZone, origin: 'system' },
  );
}

/** Office vs civil affairs for a period: assistance advanced by hospitals, funded, and paid out. */
export async function assistanceReconciliation(o: Office, period: string) {
  const advanced = (await Promise.all((await hospitals(o)).map((h) => settledStays(o, h.id, period))))
    .flat()
    .reduce((s, x) => s.plus(x.settlement!.assistance), new Dec(0));
  const from = `${period}-01`;
  const to = DateTime.fromISO(from).endOf('month').toISODate()!;
  const fund = await o.parts.ledger.statement(o.tenant.id, ACCOUNTS.assistanceFund, from, to).catch(() => undefined);
  const funded = (fund?.postings ?? []).filter((x) => x.side === 'debit').reduce((s, x) => s.plus(x.amount), new Dec(0));
  const paid = (fund?.postings ?? []).filter((x) => x.side === 'credit').reduce((s, x) => s.plus(x.amount), new Dec(0));
  return {
    period,
    advanced: formatAmount(advanced),
    funded: formatAmount(funded),
    paidToHospitals: formatAmount(paid),
    fundBalance: fund?.closing.net ?? '0.00',
    unfundedAdvances: formatAmount(Dec.max(0, advanced.minus(funded))),
  };
}

/** Below the threshold, civil affairs and the office each get one alert per period. */
export async function alertIfLow(o: Office, period: string): Promise<void> {
  const { lowBalanceThreshold } = await officeConfig(o);
  const fund = await o.parts.ledger.balance(o.tenant.id, ACCOUNTS.assistanceFund).catch(() => undefined);
  if (!fund || new Dec(fund.net).gte(lowBalanceThreshold)) return;
  for (const role of ['civil-affairs', 'ncms-office']) {
    const body = `医疗救助垫付资金余额 ${fund.net}，低于 ${lowBalanceThreshold}，请及时预拨。`;
    await o.records.writeOnce(
      enqueue(
        o.tenant.id,
        {
          kind: 'message',
          channel: 'mailbox',
          recipient: `role:${role}`,
          subject: '医疗救助垫付资金余额不足 Assistance fund low',
          body,
          event: 'assistance-fund-low',
        },
        o.now(),
        `assistance-low-${period}-${role}`,
      ),
    );
  }
}
