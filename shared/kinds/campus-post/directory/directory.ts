/**
 * The campus directory: students, teachers and staff who receive mail here.
 * Phones are kept masked and found through a blind index; a signed-in
 * person finds their own entry (students and teachers see their parcels).
 */
import { z } from 'zod';
import { mask } from '../../../capabilities/sealing/index.ts';
import type { Office } from '../office.ts';
import { LookupRecord, type Person, PersonRecord } from './person.entity.ts';

export const personInput = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, '应为小写字母、数字或连字符 lower-case letters, digits or hyphens')
    .meta({ title: '编号 Id' }),
  name: z.string().trim().min(1).max(50).meta({ title: '姓名 Name' }),
  sub: z.string().max(100).optional().meta({ title: '登录账号 Sign-in account' }),
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 an 11-digit mainland mobile number')
    .meta({ title: '手机号 Phone' }),
  number: z
    .string()
    .regex(/^[A-Za-z0-9]{4,20}$/, '应为学号或工号 a student or staff number')
    .meta({ title: '学号/工号 Student/staff number' }),
  mailbox: z.string().trim().min(1).max(40).meta({ title: '信箱 Mailbox' }),
  consent: z
    .strictObject({ notify: z.boolean().meta({ title: '接收到件通知 Notify on arrival' }) })
    .default({ notify: true })
    .meta({ title: '同意事项 Consent' }),
  preferredDelivery: z.enum(['pickup', 'door']).default('pickup').meta({ title: '取件方式 Preferred delivery' }),
});
/** A recipient is found by the phone or the student/staff number typed in full (compared through the blind index). */
export const lookupQuery = z.object({
  phone: z.string().max(20).optional().meta({ title: '手机号 Phone' }),
  number: z.string().max(20).optional().meta({ title: '学号/工号 Student/staff number' }),
});

export type PersonInput = z.input<typeof personInput>;

const blind = (o: Office, value: string) => o.parts.sealer.blindIndex(o.tenant.id, value);

export async function addPerson(o: Office, input: PersonInput): Promise<Person> {
  const p = personInput.parse(input);
  const person: Person = { ...p, phone: mask(p.phone), phoneLast4: p.phone.slice(-4) };
  await o.records.transact([
    o.records.putOp(PersonRecord, person),
    o.records.putOp(LookupRecord, { by: blind(o, `phone:${p.phone}`), personId: p.id }),
    o.records.putOp(LookupRecord, { by: blind(o, `number:${p.number}`), personId: p.id }),
    ...(p.sub ? [o.records.putOp(LookupRecord, { by: `sub:${p.sub}`, personId: p.id })] : []),
  ]);
  return person;
}

export function person(o: Office, id: string): Promise<Person | undefined> {
  return o.records.get(PersonRecord, id);
}

/** The directory entry of a signed-in person. */
export async function personOfSub(o: Office, sub: string): Promise<Person | undefined> {
  const hit = await o.records.get(LookupRecord, `sub:${sub}`);
  return hit ? person(o, hit.personId) : undefined;
}

export async function findPerson(o: Office, by: { phone?: string; number?: string }): Promise<Person | undefined> {
  const value = by.phone ? `phone:${by.phone}` : by.number ? `number:${by.number}` : undefined;
  if (!value) return undefined;
  const hit = await o.records.get(LookupRecord, blind(o, value));
  return hit ? person(o, hit.personId) : undefined;
}

/** Where a person's messages go: their sign-in's mailbox, or one kept under their directory id. */
export const recipientOf = (p: Pick<Person, 'id' | 'sub'>) => p.sub ?? `person:${p.id}`;
