/**
 * Admission (备案) at a designated hospital, checked against the register
 * for the admission date; bill lines during the stay (lines outside the
 * catalogue count in the total, not in the eligible cost); a hospital's
 * stays, and its settled stays of a month.
 */
import { mask } from '../../../capabilities/sealing/index.ts';
import { ID_PATTERN, newId } from '../../../kernel/ids.ts';
import { Dec, formatAmount, roundAmount } from '../../../kernel/money.ts';
import { problems } from '../../../kernel/problems.ts';
import type { Access } from '../../../kit/access.ts';
import { catalogueItems } from '../catalogue/catalogue.ts';
import { registerEntry } from '../eligibility/register.ts';
import { hospital } from '../hospitals/hospitals.ts';
import type { Office } from '../office.ts';
import { ncmsProblem } from '../problems.ts';
import { type BillLine, BillLineRecord, type Stay, StayRecord, settledInMonth, stayOfHospital } from './stay.entity.ts';

export async function admit(
  o: Office,
  access: Access,
  input: { hospitalId: string; patient: { name: string; idNumber: string }; admittedOn: string },
): Promise<Stay> {
  o.businessDate('admittedOn', input.admittedOn);
  const h = await hospital(o, input.hospitalId);
  if (!h) throw problems.notFound(`Hospital ${input.hospitalId}`);
  await access.require({ hospital: h.id }, `Hospital ${input.hospitalId}`);
  const { sealer } = o.parts;
  const personKey = sealer.blindIndex(o.tenant.id, input.patient.idNumber);
  const entry = await registerEntry(o, personKey, input.admittedOn);
  const stay: Stay = {
    id: newId(o.now().getTime()),
    hospitalId: h.id,
    hospitalLevel: h.level,
    personKey,
    patient: { name: mask(input.patient.name), idNumber: mask(input.patient.idNumber) },
    category: entry?.category ?? 'ordinary',
    ...(entry ? { registerEntry: { applicationId: entry.applicationId, validFrom: entry.validFrom, validTo: entry.validTo } } : {}),
    admittedOn: input.admittedOn,
    status: 'admitted',
    version: 1,
    lines: 0,
    voided: [],
    sealed: sealer.seal(o.tenant.id, input.patient),
  };
  await o.records.put(StayRecord, stay, 'absent');
  return stay;
}

/** A stay with its bill lines, if the caller may work with its hospital; anything else is the same 404. */
export async function stayWithLines(o: Office, access: Access, id: string): Promise<{ stay: Stay; lines: BillLine[] }> {
  if (!ID_PATTERN.test(id)) throw problems.notFound(`Stay ${id}`);
  const partition = await o.records.partition(['STAY', id], { consistent: true });
  const stay = partition.of(StayRecord)[0];
  if (!stay) throw problems.notFound(`Stay ${id}`);
  await access.require({ hospital: stay.hospitalId }, `Stay ${id}`);
  return { stay, lines: partition.of(BillLineRecord) };
}

/** A hospital's stays, newest admission first. */
/** A stay's patient in clear, for the hospital treating them or the office: recorded under the reader and the stay first. */
export async function patientInClear(o: Office, access: Access, id: string, reason: string): Promise<{ name: string; idNumber: string }> {
  const { stay } = await stayWithLines(o, access, id);
  await o.parts.cases.recordRead(access, o.tenant, { record: `stay:${stay.id}`, subject: `stay:${stay.id}`, fields: ['patient'], reason });
  return o.parts.sealer.open(o.tenant.id, stay.sealed) as { name: string; idNumber: string };
}

/** How many index pages one search reads on through before it answers with a cursor to go on. */
const SEARCH_PAGES = 10;

/**
 * A page of a hospital's stays, newest admission first. `idNumber` finds a
 * patient's stays by their identity number typed in full, compared through
 * the blind index (the number is not kept in clear, nor put in the cursor);
 * a search reads on through up to ten index pages and answers with a cursor
 * to go on.
 */
export async function staysOf(
  o: Office,
  access: Access,
  q: { hospital: string; idNumber?: string; limit: number; cursor?: string },
): Promise<{ items: Stay[]; nextCursor?: string }> {
  await access.require({ hospital: q.hospital }, `Hospital ${q.hospital}`);
  const key = q.idNumber ? o.parts.sealer.blindIndex(o.tenant.id, q.idNumber.toUpperCase()) : undefined;
  const term = key ?? '';
  const cursors = o.cursors(`stays:${q.hospital}:${term}`);
  const matches = (s: Stay) => !key || s.personKey === key;
  const items: Stay[] = [];
  let startKey = cursors.decode(q.cursor);
  for (let read = 0; read < (term ? SEARCH_PAGES : 1); read++) {
    const page = await o.records.page(
      StayRecord,
      stayOfHospital,
      { hospitalId: q.hospital },
      { limit: q.limit, descending: true, ...(startKey ? { startKey } : {}) },
    );
    items.push(...page.items.filter(matches));
    startKey = page.lastKey;
    if (!startKey || items.length >= q.limit) break;
  }
  return { items, nextCursor: cursors.encode(startKey) };
}

export async function addBillLines(
  o: Office,
  access: Access,
  id: string,
  lines: Array<{ code: string; description: string; quantity: string; unitPrice: string }>,
): Promise<BillLine[]> {
  const { stay } = await stayWithLines(o, access, id);
  if (stay.status !== 'admitted') throw ncmsProblem('stay-settled', 'The stay is settled; void the settlement to change the bill.');
  const catalogue = await catalogueItems(
    o,
    lines.map((l) => l.code),
  );
  const added: BillLine[] = lines.map((l, i) => ({
    stayId: stay.id,
    n: stay.lines + i + 1,
    code: l.code,
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    amount: formatAmount(roundAmount(new Dec(l.quantity).times(l.unitPrice))),
    // Lines outside the catalogue count in the total cost but not in the eligible cost.
    eligible: catalogue.get(l.code)?.eligible ?? false,
  }));
  const next: Stay = { ...stay, lines: stay.lines + added.length, version: stay.version + 1 };
  await o.records.transact([
    o.records.putOp(StayRecord, next, { version: stay.version }),
    ...added.map((line) => o.records.putOp(BillLineRecord, line, 'absent')),
  ]);
  return added;
}

/** A hospital's stays settled in a month (by discharge date). */
export function settledStays(o: Office, hospitalId: string, period: string): Promise<Stay[]> {
  return o.records.find(StayRecord, settledInMonth, { hospitalId, period });
}
