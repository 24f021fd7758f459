/**
 * The estate directory (小区住户档案): buildings, households with their
 * area and property type, and their people. The desk finds a household by
 * its room or by a person's phone; a signed-in resident finds their own.
 * An import from CSV reports every row it could not take.
 */
import { z } from 'zod';
import { mask } from '../../../capabilities/sealing/index.ts';
import { parseCsv } from '../../../kernel/csv.ts';
import { newId } from '../../../kernel/ids.ts';
import { amountSchema, Dec, formatAmount } from '../../../kernel/money.ts';
import { problems } from '../../../kernel/problems.ts';
import type { WriteOp } from '../../../store/namespace.ts';
import type { Office } from '../office.ts';
import { propertyProblem } from '../problems.ts';
import {
  type Building,
  BuildingRecord,
  EstateLookupRecord,
  HOUSEHOLD_ROLES,
  type Household,
  type HouseholdPerson,
  HouseholdRecord,
  householdsByPlace,
  PersonRecord,
  PROPERTY_TYPES,
} from './estate.entity.ts';

const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,10}$/, '最多10位字母或数字 letters and digits (up to 10)');
const phone = z.string().regex(/^1[3-9]\d{9}$/, '应为11位手机号码 an 11-digit mainland mobile number');

export const buildingInput = z.strictObject({ id: code, name: z.string().trim().min(1).max(50) });

export const householdInput = z.strictObject({
  building: code,
  unit: code.optional(),
  room: code,
  area: amountSchema().refine((a) => /^\d+(\.\d+)?$/.test(a) && new Dec(a).gt(0) && new Dec(a).lte(100_000), 'an area in m² above 0 and at most 100,000'),
  propertyType: z.enum(PROPERTY_TYPES),
});
export type HouseholdInput = z.infer<typeof householdInput>;

export const personInput = z.strictObject({
  name: z.string().trim().min(1).max(50),
  role: z.enum(HOUSEHOLD_ROLES),
  phone,
  sub: z.string().min(1).max(100).optional(),
});
export type PersonInput = z.infer<typeof personInput>;

/** A household's id is its place: building, unit and room (`3-2-501`, or `12-0-101` without units). */
export const householdId = (h: Pick<Household, 'building' | 'unit' | 'room'>) => `${h.building}-${h.unit ?? '0'}-${h.room}`.toLowerCase();

const blind = (o: Office, value: string) => o.parts.sealer.blindIndex(o.tenant.id, value);

export async function addBuilding(o: Office, input: z.infer<typeof buildingInput>): Promise<Building> {
  await o.records.put(BuildingRecord, input);
  return input;
}

export function buildings(o: Office): Promise<Building[]> {
  return o.records.list(BuildingRecord, ['BUILDINGS']);
}

/** Adds a household, or changes its area or type (its people stay). */
export async function putHousehold(o: Office, input: HouseholdInput): Promise<Household> {
  if (!(await o.records.get(BuildingRecord, input.building))) {
    throw problems.validation([{ field: 'building', message: `no building ${input.building} in this estate` }]);
  }
  const id = householdId(input);
  const existing = await o.records.get(HouseholdRecord, id);
  const household: Household = {
    id,
    ...input,
    area: formatAmount(new Dec(input.area)),
    status: existing?.status ?? 'vacant',
    people: existing?.people ?? 0,
    updatedAt: o.now().toISOString(),
  };
  await o.records.put(HouseholdRecord, household);
  return household;
}

export function household(o: Office, id: string): Promise<Household | undefined> {
  return o.records.get(HouseholdRecord, id.toLowerCase());
}

/** A household with the people on record (masked), or the 404. */
export async function householdWithPeople(o: Office, id: string): Promise<{ household: Household; people: HouseholdPerson[] }> {
  const partition = await o.records.partition(['HOUSEHOLD', id.toLowerCase()]);
  const h = partition.of(HouseholdRecord)[0];
  if (!h) throw problems.notFound(`Household ${id}`);
  return { household: h, people: partition.of(PersonRecord) };
}

/** The writes that put a person on a household's record, with the look-ups that find them. */
async function personOps(o: Office, h: Household, input: PersonInput): Promise<{ person: HouseholdPerson; ops: WriteOp[] }> {
  const byPhone = await o.records.get(EstateLookupRecord, blind(o, `phone:${input.phone}`));
  if (byPhone && byPhone.householdId !== h.id) {
    throw propertyProblem('phone-in-use', 'This phone is on another household’s record; move the person out there first.', {
      errors: [{ field: 'phone', message: 'already on another household' }],
    });
  }
  const person: HouseholdPerson = {
    id: byPhone?.personId ?? newId(o.now().getTime()),
    householdId: h.id,
    name: input.name,
    role: input.role,
    phone: mask(input.phone),
    sealedPhone: o.parts.sealer.seal(o.tenant.id, { phone: input.phone }),
    ...(input.sub ? { sub: input.sub } : {}),
  };
  const ops: WriteOp[] = [
    o.records.putOp(PersonRecord, person),
    o.records.putOp(EstateLookupRecord, { by: blind(o, `phone:${input.phone}`), householdId: h.id, personId: person.id }),
    ...(input.sub ? [o.records.putOp(EstateLookupRecord, { by: `sub:${input.sub}`, householdId: h.id, personId: person.id })] : []),
  ];
  return { person, ops: byPhone ? ops : [...ops, ...occupancy(o, h, +1)] };
}

/** The household's record with one more (or fewer) people, and occupied while anyone lives there. */
function occupancy(o: Office, h: Household, delta: number): WriteOp[] {
  const people = Math.max(0, h.people + delta);
  return [o.records.putOp(HouseholdRecord, { ...h, people, status: people > 0 ? 'occupied' : 'vacant', updatedAt: o.now().toISOString() })];
}

export async function addPerson(o: Office, id: string, input: PersonInput): Promise<HouseholdPerson> {
  const { household: h } = await householdWithPeople(o, id);
  const { person, ops } = await personOps(o, h, input);
  await o.records.transact(ops);
  return person;
}

/** A person moves out: kept on record with the date, no longer found by phone or sign-in. */
export async function moveOut(o: Office, id: string, personId: string): Promise<HouseholdPerson> {
  const { household: h, people } = await householdWithPeople(o, id);
  const person = people.find((p) => p.id === personId && !p.movedOutAt);
  if (!person) throw problems.notFound(`Person ${personId} of household ${id}`);
  const phoneNumber = o.parts.sealer.open(o.tenant.id, person.sealedPhone).phone as string;
  const gone: HouseholdPerson = { ...person, movedOutAt: o.today() };
  await o.records.transact([
    o.records.putOp(PersonRecord, gone),
    o.records.deleteOp(EstateLookupRecord, blind(o, `phone:${phoneNumber}`)),
    ...(person.sub ? [o.records.deleteOp(EstateLookupRecord, `sub:${person.sub}`)] : []),
    ...occupancy(o, h, -1),
  ]);
  return gone;
}

/** The household (and person) a phone or a sign-in belongs to. */
export async function findHousehold(o: Office, by: { phone?: string; sub?: string }): Promise<{ household: Household; person: HouseholdPerson } | undefined> {
  const key = by.phone ? blind(o, `phone:${by.phone}`) : by.sub ? `sub:${by.sub}` : undefined;
  const hit = key ? await o.records.get(EstateLookupRecord, key) : undefined;
  if (!hit) return undefined;
  const { household: h, people } = await householdWithPeople(o, hit.householdId);
  const person = people.find((p) => p.id === hit.personId);
  return person ? { household: h, person } : undefined;
}

/** A page of households in building, unit and room order; `building` narrows to one building. */
export async function listHouseholds(o: Office, q: { building?: string; limit: number; cursor?: string }) {
  const listing = `households:${q.building ?? '*'}`;
  const cursors = o.cursors(listing);
  const page = await o.records.page(HouseholdRecord, householdsByPlace, undefined, {
    limit: q.limit,
    startKey: cursors.decode(q.cursor),
    ...(q.building ? { prefix: `${q.building}#` } : {}),
  });
  return { items: page.items, nextCursor: cursors.encode(page.lastKey) };
}

/** Every household, for the monthly bills (all pages). */
export function allHouseholds(o: Office): Promise<Household[]> {
  return o.records.find(HouseholdRecord, householdsByPlace, undefined);
}

const IMPORT_HEADER = ['building', 'unit', 'room', 'area', 'type', 'name', 'role', 'phone'];

export interface ImportReport {
  households: number;
  people: number;
  rows: Array<{ row: number; household?: string; outcome: 'added' | 'updated' | 'refused'; message?: string }>;
}

/**
 * CSV with a header `building,unit,room,area,type,name,role,phone`, one row
 * per person (the household's columns repeat); buildings named in it are
 * created. Each row is taken or refused on its own, and reported.
 */
export async function importEstate(o: Office, csv: string): Promise<ImportReport> {
  const parsed = parseCsv(csv);
  const header = parsed.header.map((h) => h.toLowerCase());
  if (IMPORT_HEADER.some((h, i) => header[i] !== h)) {
    throw propertyProblem('invalid-estate-csv', `The first line must be the header: ${IMPORT_HEADER.join(',')}`, {
      errors: [{ field: 'csv', message: 'missing or wrong header' }],
    });
  }
  const report: ImportReport = { households: 0, people: 0, rows: [] };
  const known = new Set((await buildings(o)).map((b) => b.id));
  const seen = new Set<string>();
  for (const { line: row, cells } of parsed.rows) {
    const [building = '', unit = '', room = '', area = '', type = '', name = '', role = '', phoneNumber = ''] = cells;
    const place = householdInput.safeParse({ building, ...(unit ? { unit } : {}), room, area, propertyType: type });
    const who = personInput.safeParse({ name, role, phone: phoneNumber });
    if (!place.success || !who.success) {
      const issue = (place.error ?? who.error)!.issues[0]!;
      report.rows.push({ row, outcome: 'refused', message: `${String(issue.path[0] ?? 'row')}: ${issue.message}` });
      continue;
    }
    try {
      if (!known.has(place.data.building)) {
        await addBuilding(o, { id: place.data.building, name: `${place.data.building} 号楼` });
        known.add(place.data.building);
      }
      const id = householdId(place.data);
      const isNew = !seen.has(id) && !(await household(o, id));
      const h = seen.has(id) ? (await household(o, id))! : await putHousehold(o, place.data);
      if (!seen.has(id)) report.households++;
      seen.add(id);
      const { ops } = await personOps(o, h, who.data);
      await o.records.transact(ops);
      report.people++;
      report.rows.push({ row, household: id, outcome: isNew ? 'added' : 'updated' });
    } catch (err) {
      report.rows.push({ row, outcome: 'refused', message: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}
