/**
 * Mail handling (邮件管理): parcels and registered mail left at the desk for
 * residents, kept by the platform's parcel custody — the same check-in,
 * pickup code, second factor and chain of custody as the campus post
 * office's counter. The recipient is a person of a household; their notice
 * goes where the estate reaches them; the second factor is the last four
 * digits of the phone on their record.
 */
import { z } from 'zod';
import type { Keeper, Parcel } from '../../../capabilities/parcel-custody/index.ts';
import * as custody from '../../../capabilities/parcel-custody/index.ts';
import { problems } from '../../../kernel/problems.ts';
import type { Actor } from '../../../kernel/tenancy.ts';
import { PersonRecord } from '../estate/estate.entity.ts';
import { findHousehold, householdWithPeople } from '../estate/estate.ts';
import type { Office } from '../office.ts';
import { requesterOf } from '../requests/intake.ts';

export const MAIL_KINDS = {
  parcel: { zh: '包裹', en: 'Parcel' },
  registered: { zh: '挂号信', en: 'Registered mail' },
} as const;

export const mailIn = z.strictObject({
  kind: z
    .enum(Object.keys(MAIL_KINDS) as ['parcel', 'registered'])
    .default('parcel')
    .meta({ title: '类型 Kind' }),
  tracking: z
    .string()
    .regex(/^[A-Za-z0-9]{6,30}$/, '应为快递单号（6–30位字母或数字） a carrier tracking number')
    .meta({ title: '单号 Tracking number' }),
  carrier: z.string().trim().min(1).max(30).meta({ title: '承运 Carrier' }),
  household: z.string().max(64).meta({ title: '住户 Household' }).optional(),
  /** The person of the household it is addressed to (default: its first owner). */
  person: z.string().max(64).optional(),
  /** Or found by the phone on the label. */
  phone: z
    .string()
    .regex(/^1[3-9]\d{9}$/, '应为11位手机号码 expected an 11-digit mainland mobile number')
    .optional(),
  shelf: z.string().trim().min(1).max(20).meta({ title: '货架 Shelf' }),
  size: z.enum(['small', 'medium', 'large']).default('small'),
});
export type MailIn = z.infer<typeof mailIn>;

export const pickup = z.strictObject({
  code: z.string().max(10),
  last4: z.string().regex(/^\d{4}$/, '应为手机尾号四位 the last four digits of the phone'),
  proxy: z.strictObject({ name: z.string().trim().min(1).max(50), authorization: z.string().trim().min(1).max(100) }).optional(),
});

const keeper = (o: Office): Keeper => ({ tenantId: o.tenant.id, records: o.records, now: o.now });
/** A person of the estate as a recipient of mail: household and person, one id. */
const recipientId = (householdId: string, personId: string) => `${householdId}:${personId}`;

async function addressee(o: Office, input: MailIn) {
  if (input.phone) {
    const found = await findHousehold(o, { phone: input.phone });
    return found?.person;
  }
  if (!input.household) return undefined;
  const found = await householdWithPeople(o, input.household).catch(() => undefined);
  if (!found) throw problems.validation([{ field: 'household', message: `no household ${input.household} in this estate` }]);
  const living = found.people.filter((p) => !p.movedOutAt);
  const chosen = input.person ? living.find((p) => p.id === input.person) : (living.find((p) => p.role === 'owner') ?? living[0]);
  if (input.person && !chosen) throw problems.validation([{ field: 'person', message: 'no such person living in the household' }]);
  return chosen;
}

export async function receiveMail(o: Office, actor: Actor, input: MailIn): Promise<Parcel> {
  const person = await addressee(o, input);
  const what = MAIL_KINDS[input.kind];
  return custody.checkIn(
    keeper(o),
    actor,
    { tracking: input.tracking, carrier: input.kind === 'registered' ? `${input.carrier} 挂号信` : input.carrier, shelf: input.shelf, size: input.size },
    person ? { id: recipientId(person.householdId, person.id), name: person.name, address: requesterOf(person), notify: true } : undefined,
    {
      arrival: (p) => ({
        subject: `${what.zh}已到服务台，取件码 ${p.code} ${what.en} at the desk: code ${p.code}`,
        body: `您的${what.zh}（${p.carrier} ${p.tracking}）已在物业服务台代收，货架 ${p.shelf}，取件码 ${p.code}；取件时请报手机尾号。Pickup code ${p.code}; give the last four digits of your phone.`,
        event: 'mail-arrived',
      }),
      unclaimed: {
        recipient: 'role:desk-agent',
        subject: `收件人不明 Addressee unknown ${input.tracking}`,
        body: '未能在住户档案中找到收件人，请核实。No one on the estate record matches the label.',
        event: 'mail-unclaimed',
      },
    },
  );
}

export function handOver(o: Office, actor: Actor, input: z.infer<typeof pickup>): Promise<Parcel> {
  return custody.release(keeper(o), actor, input, {
    secondFactor: async (p) => {
      if (!p.recipientId) return undefined;
      const at = p.recipientId.indexOf(':');
      const person = await o.records.get(PersonRecord, { householdId: p.recipientId.slice(0, at), id: p.recipientId.slice(at + 1) });
      return person?.phone.slice(-4);
    },
    locked: (p, failed) => ({
      recipient: 'role:manager',
      subject: `邮件已锁定 Mail locked ${p.tracking}`,
      body: `取件验证连续失败 ${failed} 次，已锁定。Repeated failed pickups: locked.`,
      event: 'mail-locked',
    }),
  });
}

export const mailAtDesk = (o: Office) => custody.uncollected(keeper(o));

/** A resident's mail, newest first. */
export async function myMail(o: Office, sub: string): Promise<Parcel[]> {
  const mine = await findHousehold(o, { sub });
  if (!mine) throw problems.notFound('Your household (ask the desk to put you on its record)');
  return custody.parcelsOf(keeper(o), recipientId(mine.household.id, mine.person.id));
}
