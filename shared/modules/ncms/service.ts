/**
 * The NCMS office's one-stop inpatient settlement: policies, hospitals, the
 * catalogue, admissions checked against the register, bill lines, daily
 * pre-settlement, discharge settlement with annual caps consumed atomically
 * and the hospital's advance posted to the ledger, voids, periodic
 * statements and payment, assistance funding, and surveys.
 */
import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { transferEntry, type Ledger, type TransferRequest } from '../../ledger/ledger.ts';
import { amountProblem, Dec, formatAmount, roundAmount } from '../../kernel/money.ts';
import type { Actor } from '../../pipeline/contract.ts';
import { enqueue } from '../../capabilities/outbox/outbox.ts';
import { mask, type Sealer } from '../../capabilities/sealing/sealer.ts';
import { problems, problem } from '../../kernel/problems.ts';
import type { ModuleStore } from '../../store/module-store.ts';
import { conditions, ConditionFailed, TransactionConflict, type Item, type WriteAction } from '../../store/store.ts';
import { newId, ID_PATTERN } from '../../kernel/ids.ts';
import { CONTENTION, withRetries } from '../../kernel/retry.ts';
import { ncmsProblem } from './problems.ts';
import { calculateSettlement, type SettlementResult } from './calculate.ts';
import { DEMO_POLICY, HOSPITAL_LEVELS, policySchema, type Category, type HospitalLevel, type Policy } from './policy.ts';

export const hospitalSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  name: z.string().trim().min(1).max(200),
  level: z.enum(HOSPITAL_LEVELS),
  township: z.string().trim().min(1).max(40),
});
export type Hospital = z.infer<typeof hospitalSchema>;

export interface CatalogueItem {
  code: string;
  name: string;
  kind: 'drug' | 'treatment';
  eligible: boolean;
}

export interface BillLine {
  n: number;
  code: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  eligible: boolean;
}

export interface Settlement extends SettlementResult {
  n: number;
  dischargedOn: string;
  year: string;
  totalCost: string;
  eligibleCost: string;
  settledAt: string;
  entryIds: string[];
}

export interface Stay {
  id: string;
  hospitalId: string;
  hospitalLevel: HospitalLevel;
  personKey: string;
  patient: { name: string; idNumber: string };
  category: Category;
  registerEntry?: { applicationId: string; validFrom: string; validTo: string };
  admittedOn: string;
  status: 'admitted' | 'settled';
  version: number;
  lines: number;
  settlement?: Settlement;
  voided: Array<{ at: string; by: string; reason: string; settlement: Settlement }>;
  survey?: { score: number; comment?: string; at: string };
  /** The patient's name and identity number, sealed. */
  sealed: string;
}

export interface Statement {
  hospitalId: string;
  period: string;
  stays: number;
  totalCost: string;
  ncms: string;
  assistance: string;
  selfPay: string;
  status: 'draft' | 'approved' | 'paid';
  builtAt: string;
  approvedBy?: string;
  paidAt?: string;
}

export interface NcmsConfig {
  insuredPopulation: number;
  beneficiaryPopulation: number;
  /** The assistance advance fund alerts both parties below this balance. */
  lowBalanceThreshold: string;
}

/** The seed's county: 379,256 insured, 28,006 in the low-income groups. */
export const DEMO_CONFIG: NcmsConfig = { insuredPopulation: 379256, beneficiaryPopulation: 28006, lowBalanceThreshold: '50000.00' };

export const ACCOUNTS = {
  /** Per hospital, so concurrent discharges at different hospitals never touch the same account. */
  ncmsCost: (h: string) => `cost:ncms-compensation:${h}`,
  assistanceCost: (h: string) => `cost:medical-assistance:${h}`,
  ncmsFund: 'fund:ncms',
  assistanceFund: 'fund:assistance-advance',
  civilAffairs: 'clearing:civil-affairs',
  ncmsPayable: (h: string) => `payable:hospital:${h}:ncms`,
  assistancePayable: (h: string) => `payable:hospital:${h}:assistance`,
};

/** A concurrent change (the same person, hospital or account): back off and try again, then give up with a 409. */
const CONTENDED = {
  attempts: 20,
  retryOn: (err: unknown) => err instanceof TransactionConflict,
  exhausted: () => problem('busy', 'Too many simultaneous changes to the same records; try again.'),
  ...CONTENTION,
};
const period = (date: string) => date.slice(0, 7);

export class NcmsService {
  constructor(
    private readonly m: ModuleStore,
    private readonly ledger: Ledger,
    private readonly sealer: Sealer,
    private readonly surveySecret: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  // ----------------------------------------------------------- policy

  async policyFor(tenantId: string, date: string): Promise<Policy> {
    const items = await this.m.all({ pk: this.m.pk(tenantId, 'POLICY'), descending: true });
    const found = items.map((i) => i.policy as Policy).find((p) => p.effectiveFrom <= date);
    return found ?? DEMO_POLICY;
  }

  async policies(tenantId: string): Promise<Policy[]> {
    return (await this.m.all({ pk: this.m.pk(tenantId, 'POLICY') })).map((i) => i.policy as Policy);
  }

  /** A new version: numbered one above the latest, never overwriting one a settlement may have used. */
  async addPolicy(tenantId: string, input: unknown): Promise<Policy> {
    const parsed = policySchema.safeParse(input);
    if (!parsed.success) throw ncmsProblem('invalid-policy', 'The policy does not make sense.', { errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
    const latest = (await this.policies(tenantId)).at(-1);
    const expected = (latest?.version ?? 0) + 1;
    if (parsed.data.version !== expected) throw ncmsProblem('invalid-policy', `The next policy version is ${expected}.`, { errors: [{ field: 'version', message: `must be ${expected}` }] });
    try {
      await this.m.store.put({ ...this.m.key(tenantId, ['POLICY'], `V#${String(expected).padStart(5, '0')}`), entity: 'ncms-policy', policy: parsed.data }, conditions.absent());
    } catch (err) {
      if (err instanceof ConditionFailed) throw ncmsProblem('policy-exists', `Policy version ${expected} was just added by someone else.`);
      throw err;
    }
    return parsed.data;
  }

  // ----------------------------------------------------------- hospitals, catalogue, configuration

  async addHospital(tenantId: string, h: Hospital): Promise<Hospital> {
    await this.m.store.put({ ...this.m.key(tenantId, ['HOSP'], h.id), entity: 'ncms-hospital', hospital: h });
    return h;
  }

  async hospital(tenantId: string, id: string): Promise<Hospital | undefined> {
    return (await this.m.get(this.m.key(tenantId, ['HOSP'], id)))?.hospital as Hospital | undefined;
  }

  async hospitals(tenantId: string): Promise<Hospital[]> {
    return (await this.m.all({ pk: this.m.pk(tenantId, 'HOSP') })).map((i) => i.hospital as Hospital);
  }

  async config(tenantId: string): Promise<NcmsConfig> {
    return ((await this.m.get(this.m.key(tenantId, ['CONFIG'], 'CONFIG')))?.config as NcmsConfig) ?? DEMO_CONFIG;
  }

  async setConfig(tenantId: string, config: NcmsConfig): Promise<NcmsConfig> {
    await this.m.store.put({ ...this.m.key(tenantId, ['CONFIG'], 'CONFIG'), entity: 'ncms-config', config });
    return config;
  }

  /** CSV with a header `code,name,kind,eligible`; each bad row is reported, the good ones imported. */
  async importCatalogue(tenantId: string, csv: string): Promise<{ imported: number; errors: Array<{ row: number; message: string }> }> {
    const rows = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
    const header = rows.shift()?.split(',').map((h) => h.trim().toLowerCase());
    if (!header || ['code', 'name', 'kind', 'eligible'].some((h, i) => header[i] !== h)) {
      throw problem('invalid-csv', 'The first line must be the header: code,name,kind,eligible', { errors: [{ field: 'csv', message: 'missing or wrong header' }] });
    }
    const errors: Array<{ row: number; message: string }> = [];
    const items: CatalogueItem[] = [];
    const seen = new Set<string>();
    rows.forEach((line, i) => {
      const row = i + 2;
      const cells = line.split(',').map((c) => c.trim());
      const [code, name, kind, eligible] = cells;
      if (cells.length !== 4) return errors.push({ row, message: `expected 4 columns, found ${cells.length}` });
      if (!/^[A-Za-z0-9.-]{1,30}$/.test(code!)) return errors.push({ row, message: `code ${JSON.stringify(code)} is not a catalogue code` });
      if (seen.has(code!)) return errors.push({ row, message: `code ${code} appears twice` });
      if (!name) return errors.push({ row, message: 'name is empty' });
      if (kind !== 'drug' && kind !== 'treatment') return errors.push({ row, message: 'kind must be drug or treatment' });
      if (!['yes', 'no', 'true', 'false', '是', '否'].includes(eligible!.toLowerCase())) return errors.push({ row, message: 'eligible must be yes or no' });
      seen.add(code!);
      items.push({ code: code!, name: name!, kind, eligible: ['yes', 'true', '是'].includes(eligible!.toLowerCase()) });
    });
    for (let i = 0; i < items.length; i += 25) {
      await this.m.transact(items.slice(i, i + 25).map((item) => ({ kind: 'put' as const, item: { ...this.m.key(tenantId, ['CAT'], item.code), entity: 'ncms-catalogue', item } })));
    }
    return { imported: items.length, errors };
  }

  private async catalogue(tenantId: string, codes: string[]): Promise<Map<string, CatalogueItem>> {
    const found = await Promise.all([...new Set(codes)].map((c) => this.m.get(this.m.key(tenantId, ['CAT'], c))));
    return new Map(found.filter((i): i is Item => !!i).map((i) => [(i.item as CatalogueItem).code, i.item as CatalogueItem]));
  }

  // ----------------------------------------------------------- register and admission

  async registerEntry(tenantId: string, personKey: string, date: string) {
    const items = await this.m.all({ pk: this.m.pk(tenantId, 'PERSON', personKey), prefix: 'REG#' });
    return items.find((e) => e.status === 'active' && String(e.validFrom) <= date && date <= String(e.validTo)) as
      | (Item & { category: Category; validFrom: string; validTo: string; applicationId: string })
      | undefined;
  }

  async admit(tenantId: string, actor: Actor, input: { hospitalId: string; patient: { name: string; idNumber: string }; admittedOn: string }): Promise<Stay> {
    const hospital = await this.hospital(tenantId, input.hospitalId);
    if (!hospital || !this.mayUseHospital(actor, hospital.id)) throw problems.notFound(`Hospital ${input.hospitalId}`);
    const personKey = this.sealer.blindIndex(tenantId, input.patient.idNumber);
    const entry = await this.registerEntry(tenantId, personKey, input.admittedOn);
    const stay: Stay = {
      id: newId(this.clock().getTime()),
      hospitalId: hospital.id,
      hospitalLevel: hospital.level,
      personKey,
      patient: { name: mask(input.patient.name), idNumber: mask(input.patient.idNumber) },
      category: entry?.category ?? 'ordinary',
      ...(entry ? { registerEntry: { applicationId: entry.applicationId, validFrom: entry.validFrom, validTo: entry.validTo } } : {}),
      admittedOn: input.admittedOn,
      status: 'admitted',
      version: 1,
      lines: 0,
      voided: [],
      sealed: this.sealer.seal(tenantId, input.patient),
    };
    await this.m.store.put(this.stayItem(tenantId, stay), conditions.absent());
    return stay;
  }

  async stay(tenantId: string, actor: Actor, id: string): Promise<{ stay: Stay; lines: BillLine[] }> {
    if (!ID_PATTERN.test(id)) throw problems.notFound(`Stay ${id}`);
    const items = await this.m.all({ pk: this.m.pk(tenantId, 'STAY', id), consistent: true });
    const head = items.find((i) => i.sk === 'STAY');
    const stay = head?.stay as Stay | undefined;
    if (!stay || !this.mayUseHospital(actor, stay.hospitalId)) throw problems.notFound(`Stay ${id}`);
    return { stay, lines: items.filter((i) => i.sk.startsWith('LINE#')).map((i) => i.line as BillLine) };
  }

  async stays(tenantId: string, actor: Actor, hospitalId: string): Promise<Stay[]> {
    if (!this.mayUseHospital(actor, hospitalId)) throw problems.notFound(`Hospital ${hospitalId}`);
    return (await this.m.all({ index: 'gsi1', pk: this.m.pk(tenantId, 'HOSPSTAYS', hospitalId), descending: true })).map((i) => i.stay as Stay);
  }

  async addBillLines(tenantId: string, actor: Actor, id: string, lines: Array<{ code: string; description: string; quantity: string; unitPrice: string }>) {
    const { stay } = await this.stay(tenantId, actor, id);
    if (stay.status !== 'admitted') throw ncmsProblem('stay-settled', 'The stay is settled; void the settlement to change the bill.');
    const catalogue = await this.catalogue(tenantId, lines.map((l) => l.code));
    const added: BillLine[] = lines.map((l, i) => ({
      n: stay.lines + i + 1,
      code: l.code,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      amount: formatAmount(roundAmount(new Dec(l.quantity).times(l.unitPrice))),
      // Lines outside the catalogue count in the total cost but not in the eligible cost.
      eligible: catalogue.get(l.code)?.eligible ?? false,
    }));
    const next = { ...stay, lines: stay.lines + added.length, version: stay.version + 1 };
    await this.m.transact([
      { kind: 'put', item: this.stayItem(tenantId, next), condition: conditions.version(stay.version) },
      ...added.map((line) => ({ kind: 'put' as const, item: { ...this.m.key(tenantId, ['STAY', id], `LINE#${String(line.n).padStart(5, '0')}`), entity: 'ncms-bill-line', line }, condition: conditions.absent() })),
    ]);
    return added;
  }

  // ----------------------------------------------------------- settlement

  /** What the patient would pay if discharged on `asOf` (default today): no writes. */
  async preSettle(tenantId: string, actor: Actor, id: string, asOf?: string) {
    const { stay, lines } = await this.stay(tenantId, actor, id);
    const date = asOf ?? this.today();
    return { stayId: id, asOf: date, ...(await this.compute(tenantId, stay, lines, date)) };
  }

  /**
   * Final settlement. One transaction: the stay, the person's annual usage
   * (conditioned on the version read, so two concurrent discharges of one
   * person cannot both use the same room under a cap), the ledger entries
   * for the hospital's advance, and the satisfaction survey.
   */
  async discharge(tenantId: string, actor: Actor, id: string, dischargedOn: string): Promise<Stay> {
    return withRetries(async () => {
      const { stay, lines } = await this.stay(tenantId, actor, id);
      if (stay.status !== 'admitted') throw ncmsProblem('stay-settled', 'The stay is already settled.');
      if (dischargedOn < stay.admittedOn) throw ncmsProblem('invalid-discharge', 'The discharge date is before the admission date.', { errors: [{ field: 'dischargedOn', message: 'must not be before admittedOn' }] });
      const year = dischargedOn.slice(0, 4);
      const usage = await this.usage(tenantId, stay.personKey, year);
      const result = await this.compute(tenantId, stay, lines, dischargedOn, usage);
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
      push('assistance', ACCOUNTS.assistanceCost(stay.hospitalId), ACCOUNTS.assistancePayable(stay.hospitalId), result.assistance, `医疗救助垫付 assistance advance ${stay.id}`);
      const settlement: Settlement = { ...result, n, dischargedOn, year, settledAt: this.clock().toISOString(), entryIds };
      const settled: Stay = { ...stay, status: 'settled', version: stay.version + 1, settlement };
      const ledgerPlan = await this.ledger.plan(tenantId, transfers.map(transferEntry), { now: this.clock() });
      const survey = enqueue(
        tenantId,
        { kind: 'message', channel: 'mailbox', recipient: `patient:${stay.id}`, subject: '出院满意度调查 Satisfaction survey', body: `请为本次住院结算服务评分：/v1/public/ncms/surveys/${tenantId}/${stay.id}?token=${this.surveyToken(tenantId, stay.id)}`, event: 'discharge' },
        this.clock(),
        `survey-${stay.id}-${n}`,
      );
      await this.m.transact([
        { kind: 'put', item: this.stayItem(tenantId, settled), condition: conditions.version(stay.version) },
        this.usageAction(tenantId, stay.personKey, year, usage, new Dec(result.ncms), new Dec(result.assistance)),
        ...ledgerPlan.actions,
        survey,
      ]);
      return settled;
    }, CONTENDED);
  }

  /** Voids a settlement whose period is still open: reverses its postings, gives the caps back, and reopens the stay. */
  async void(tenantId: string, actor: Actor, id: string, reason: string): Promise<Stay> {
    return withRetries(async () => {
      const { stay } = await this.stay(tenantId, actor, id);
      const s = stay.settlement;
      if (stay.status !== 'settled' || !s) throw ncmsProblem('stay-not-settled', 'Only a settled stay can be voided.');
      const statement = await this.statement(tenantId, period(s.dischargedOn), stay.hospitalId);
      if (statement && statement.status !== 'draft') throw ncmsProblem('period-closed', `The ${period(s.dischargedOn)} statement of ${stay.hospitalId} is ${statement.status}; its settlements can no longer be voided.`);
      const usage = await this.usage(tenantId, stay.personKey, s.year);
      const reversals: TransferRequest[] = [];
      for (const entryId of s.entryIds) {
        const entry = await this.ledger.getEntry(tenantId, entryId);
        if (!entry) continue;
        const debit = entry.legs.find((l) => l.side === 'debit')!;
        const credit = entry.legs.find((l) => l.side === 'credit')!;
        reversals.push({ id: `${entryId}:void`, debit: credit.account, credit: debit.account, amount: debit.amount, currency: 'CNY', memo: `冲销 void ${entryId}: ${reason}` });
      }
      const ledgerPlan = await this.ledger.plan(tenantId, reversals.map(transferEntry), { now: this.clock() });
      const reopened: Stay = { ...stay, status: 'admitted', version: stay.version + 1, settlement: undefined, voided: [...stay.voided, { at: this.clock().toISOString(), by: actor.sub, reason, settlement: s }] };
      await this.m.transact([
        { kind: 'put', item: this.stayItem(tenantId, reopened), condition: conditions.version(stay.version) },
        this.usageAction(tenantId, stay.personKey, s.year, usage, new Dec(s.ncms).negated(), new Dec(s.assistance).negated()),
        ...ledgerPlan.actions,
      ]);
      return reopened;
    }, CONTENDED);
  }

  async usage(tenantId: string, personKey: string, year: string) {
    const item = await this.m.get(this.m.key(tenantId, ['PERSON', personKey], `CAPS#${year}`));
    return { ncmsPaid: (item?.ncmsPaid as string) ?? '0.00', assistancePaid: (item?.assistancePaid as string) ?? '0.00', version: (item?.version as number) ?? 0 };
  }

  private usageAction(tenantId: string, personKey: string, year: string, usage: { ncmsPaid: string; assistancePaid: string; version: number }, ncms: Dec, assistance: Dec): WriteAction {
    return {
      kind: 'put',
      item: {
        ...this.m.key(tenantId, ['PERSON', personKey], `CAPS#${year}`),
        entity: 'ncms-annual-usage',
        ncmsPaid: formatAmount(new Dec(usage.ncmsPaid).plus(ncms)),
        assistancePaid: formatAmount(new Dec(usage.assistancePaid).plus(assistance)),
        version: usage.version + 1,
      },
      condition: usage.version === 0 ? conditions.absent() : conditions.version(usage.version),
    };
  }

  private async compute(tenantId: string, stay: Stay, lines: BillLine[], date: string, usage?: { ncmsPaid: string; assistancePaid: string }) {
    const total = lines.reduce((s, l) => s.plus(l.amount), new Dec(0));
    const eligible = lines.filter((l) => l.eligible).reduce((s, l) => s.plus(l.amount), new Dec(0));
    const used = usage ?? (await this.usage(tenantId, stay.personKey, date.slice(0, 4)));
    const policy = await this.policyFor(tenantId, date);
    const result = calculateSettlement(policy, {
      category: stay.category,
      hospitalLevel: stay.hospitalLevel,
      totalCost: formatAmount(total),
      eligibleCost: formatAmount(eligible),
      ncmsPaidThisYear: used.ncmsPaid,
      assistancePaidThisYear: used.assistancePaid,
    });
    return { ...result, totalCost: formatAmount(total), eligibleCost: formatAmount(eligible) };
  }

  // ----------------------------------------------------------- periods

  async statement(tenantId: string, p: string, hospitalId: string): Promise<Statement | undefined> {
    return (await this.m.get(this.m.key(tenantId, ['PERIOD', p], hospitalId)))?.statement as Statement | undefined;
  }

  async settledStays(tenantId: string, hospitalId: string, p: string): Promise<Stay[]> {
    return (await this.m.all({ index: 'gsi2', pk: this.m.pk(tenantId, 'SETTLED', hospitalId, p) })).map((i) => i.stay as Stay);
  }

  /** Builds (or rebuilds, while still a draft) each hospital's statement of the period. */
  async buildStatements(tenantId: string, p: string): Promise<Statement[]> {
    const out: Statement[] = [];
    for (const h of await this.hospitals(tenantId)) {
      const existing = await this.statement(tenantId, p, h.id);
      if (existing && existing.status !== 'draft') {
        out.push(existing);
        continue;
      }
      const stays = await this.settledStays(tenantId, h.id, p);
      const sum = (k: 'totalCost' | 'ncms' | 'assistance' | 'selfPay') => formatAmount(stays.reduce((s, x) => s.plus(x.settlement![k]), new Dec(0)));
      const statement: Statement = { hospitalId: h.id, period: p, stays: stays.length, totalCost: sum('totalCost'), ncms: sum('ncms'), assistance: sum('assistance'), selfPay: sum('selfPay'), status: 'draft', builtAt: this.clock().toISOString() };
      try {
        await this.m.store.put(
          { ...this.m.key(tenantId, ['PERIOD', p], h.id), entity: 'ncms-statement', statement },
          { expression: 'attribute_not_exists(pk) OR statement.#status = :draft', names: { '#status': 'status' }, values: { ':draft': 'draft' } },
        );
        out.push(statement);
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err;
        out.push((await this.statement(tenantId, p, h.id))!);
      }
    }
    return out;
  }

  async approve(tenantId: string, actor: Actor, p: string, hospitalId: string): Promise<Statement> {
    const s = await this.statement(tenantId, p, hospitalId);
    if (!s) throw problems.notFound(`Statement ${p} of ${hospitalId}`);
    if (s.status !== 'draft') return s;
    const approved: Statement = { ...s, status: 'approved', approvedBy: actor.sub };
    await this.m.store.put({ ...this.m.key(tenantId, ['PERIOD', p], hospitalId), entity: 'ncms-statement', statement: approved }, { expression: 'statement.#status = :draft', names: { '#status': 'status' }, values: { ':draft': 'draft' } });
    return approved;
  }

  /** Pays an approved statement from the two funds, once; alerts both parties when the assistance fund runs low. */
  async pay(tenantId: string, p: string, hospitalId: string): Promise<Statement> {
    const s = await this.statement(tenantId, p, hospitalId);
    if (!s) throw problems.notFound(`Statement ${p} of ${hospitalId}`);
    if (s.status === 'paid') return s;
    if (s.status !== 'approved') throw ncmsProblem('statement-not-approved', 'The office approves a statement before it is paid.');
    const transfers: TransferRequest[] = [
      { id: `ncms-pay:${p}:${hospitalId}:ncms`, debit: ACCOUNTS.ncmsPayable(hospitalId), credit: ACCOUNTS.ncmsFund, amount: s.ncms, currency: 'CNY', memo: `新农合结算 ${p} NCMS payment` },
      { id: `ncms-pay:${p}:${hospitalId}:assistance`, debit: ACCOUNTS.assistancePayable(hospitalId), credit: ACCOUNTS.assistanceFund, amount: s.assistance, currency: 'CNY', memo: `医疗救助结算 ${p} assistance payment` },
    ].filter((t) => !new Dec(t.amount).isZero()) as TransferRequest[];
    const plan = await this.ledger.plan(tenantId, transfers.map(transferEntry), { now: this.clock() });
    const paid: Statement = { ...s, status: 'paid', paidAt: this.clock().toISOString() };
    await this.m.transact([
      { kind: 'put', item: { ...this.m.key(tenantId, ['PERIOD', p], hospitalId), entity: 'ncms-statement', statement: paid }, condition: { expression: 'statement.#status = :approved', names: { '#status': 'status' }, values: { ':approved': 'approved' } } },
      ...plan.actions,
    ]);
    await this.alertIfLow(tenantId, p);
    return paid;
  }

  /** Civil affairs pre-funds the assistance advance fund (预拨). */
  async fundAssistance(tenantId: string, input: { id: string; amount: string; memo?: string }) {
    const problem = amountProblem(input.amount);
    if (problem) throw problems.validation([{ field: 'amount', message: problem }]);
    return this.ledger.execute(tenantId, [transferEntry({ id: input.id, debit: ACCOUNTS.assistanceFund, credit: ACCOUNTS.civilAffairs, amount: input.amount, currency: 'CNY', memo: input.memo ?? '民政预拨医疗救助资金 assistance pre-funding' })]);
  }

  /** Office vs civil affairs for a period: assistance advanced by hospitals, funded, and paid out. */
  async assistanceReconciliation(tenantId: string, p: string) {
    const advanced = (await Promise.all((await this.hospitals(tenantId)).map((h) => this.settledStays(tenantId, h.id, p)))).flat().reduce((s, x) => s.plus(x.settlement!.assistance), new Dec(0));
    const from = `${p}-01`;
    const to = DateTime.fromISO(from).endOf('month').toISODate()!;
    const fund = await this.ledger.statement(tenantId, ACCOUNTS.assistanceFund, from, to).catch(() => undefined);
    const funded = (fund?.postings ?? []).filter((x) => x.side === 'debit').reduce((s, x) => s.plus(x.amount), new Dec(0));
    const paid = (fund?.postings ?? []).filter((x) => x.side === 'credit').reduce((s, x) => s.plus(x.amount), new Dec(0));
    return { period: p, advanced: formatAmount(advanced), funded: formatAmount(funded), paidToHospitals: formatAmount(paid), fundBalance: fund?.closing.net ?? '0.00', unfundedAdvances: formatAmount(Dec.max(0, advanced.minus(funded))) };
  }

  private async alertIfLow(tenantId: string, p: string) {
    const { lowBalanceThreshold } = await this.config(tenantId);
    const fund = await this.ledger.balance(tenantId, ACCOUNTS.assistanceFund).catch(() => undefined);
    if (!fund || new Dec(fund.net).gte(lowBalanceThreshold)) return;
    const now = this.clock();
    for (const role of ['civil-affairs', 'ncms-office']) {
      const msg = enqueue(tenantId, { kind: 'message', channel: 'mailbox', recipient: `role:${role}`, subject: '医疗救助垫付资金余额不足 Assistance fund low', body: `医疗救助垫付资金余额 ${fund.net}，低于 ${lowBalanceThreshold}，请及时预拨。`, event: 'assistance-fund-low' }, now, `assistance-low-${p}-${role}`);
      if (msg.kind !== 'put') continue;
      try {
        await this.m.store.put(msg.item, msg.condition);
      } catch (err) {
        if (!(err instanceof ConditionFailed)) throw err;
      }
    }
  }

  // ----------------------------------------------------------- surveys

  surveyToken(tenantId: string, stayId: string): string {
    return createHmac('sha256', `survey\n${this.surveySecret}`).update(`${tenantId}\n${stayId}`).digest('base64url').slice(0, 22);
  }

  async submitSurvey(tenantId: string, stayId: string, token: string, answer: { score: number; comment?: string }) {
    const expected = this.surveyToken(tenantId, stayId);
    const item = ID_PATTERN.test(stayId) && token === expected ? await this.m.get(this.m.key(tenantId, ['STAY', stayId], 'STAY')) : undefined;
    if (!item || (item.stay as Stay).status !== 'settled') throw problems.notFound('Survey');
    const stay = item.stay as Stay;
    if (stay.survey) throw ncmsProblem('survey-answered', 'This survey has been answered.');
    const next = { ...stay, survey: { ...answer, at: this.clock().toISOString() }, version: stay.version + 1 };
    await this.m.store.put(this.stayItem(tenantId, next), conditions.version(stay.version));
    return next.survey;
  }

  // ----------------------------------------------------------- helpers

  /** Hospital operators work only with their own hospital's patients; other roles are not limited. */
  mayUseHospital(actor: Actor, hospitalId: string): boolean {
    if (!actor.roles.includes('hospital-operator') || actor.roles.some((r) => ['ncms-office', 'civil-affairs', 'tenant-admin', 'auditor'].includes(r))) return true;
    return (actor.scopes.hospital ?? []).includes(hospitalId);
  }

  private stayItem(tenantId: string, stay: Stay): Item {
    const settledKeys = stay.status === 'settled' && stay.settlement ? { gsi2pk: this.m.pk(tenantId, 'SETTLED', stay.hospitalId, period(stay.settlement.dischargedOn)), gsi2sk: `${stay.settlement.dischargedOn}#${stay.id}` } : {};
    return {
      ...this.m.key(tenantId, ['STAY', stay.id], 'STAY'),
      entity: 'ncms-stay',
      stay,
      version: stay.version,
      gsi1pk: this.m.pk(tenantId, 'HOSPSTAYS', stay.hospitalId),
      gsi1sk: `${stay.admittedOn}#${stay.id}`,
      ...settledKeys,
    };
  }

  private today(): string {
    return DateTime.fromJSDate(this.clock(), { zone: 'Asia/Shanghai' }).toISODate()!;
  }
}
