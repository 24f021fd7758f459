/**
 * The campus post office's own work: the board, the campus directory, the
 * student-worker roster and piece tally, parcels (check-in with a pickup
 * code, release with a second factor and chain of custody, door delivery by
 * appointment), mailbox delivery, periodical subscriptions, counter orders
 * and rentals. Records live in the module's namespace of the table; money
 * reaches the ledger through the nightly settlement (daily.ts).
 */
import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { newId, ID_PATTERN } from '../../kernel/ids.ts';
import { withRetries } from '../../kernel/retry.ts';
import { amountSchema, Dec, formatAmount, roundAmount } from '../../kernel/money.ts';
import type { Actor } from '../../pipeline/contract.ts';
import { idempotentWrite, type WriteOutcome } from '../../capabilities/idempotency/idempotency.ts';
import { enqueue } from '../../capabilities/outbox/outbox.ts';
import { mask, type Sealer } from '../../capabilities/sealing/sealer.ts';
import { problems } from '../../kernel/problems.ts';
import type { ModuleStore } from '../../store/module-store.ts';
import { conditions, TransactionConflict, type Item, type WriteAction } from '../../store/store.ts';
import { campusProblem } from './problems.ts';
import { boardSchema, DEMO_BOARD, findItem, FUND_NATURE_OF, priceAt, type Board, type ServiceLine } from './board.ts';

export const WORK_TYPES = ['checkin', 'release', 'mail-batch', 'door-delivery', 'counter-order'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export const personSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().trim().min(1).max(50),
  sub: z.string().max(100).optional(),
  phone: z.string().regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number'),
  number: z.string().regex(/^[A-Za-z0-9]{4,20}$/, 'a student or staff number'),
  mailbox: z.string().trim().min(1).max(40),
  consent: z.strictObject({ notify: z.boolean() }).default({ notify: true }),
  preferredDelivery: z.enum(['pickup', 'door']).default('pickup'),
});
export type PersonInput = z.input<typeof personSchema>;
export interface Person extends Omit<z.infer<typeof personSchema>, 'phone'> {
  phone: string; // masked
  phoneLast4: string;
}

export const workerSchema = z.strictObject({
  sub: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(50),
  trainingDone: z.boolean(),
  examPassed: z.boolean(),
  contractFrom: z.iso.date(),
  contractUntil: z.iso.date(),
});
export type Worker = z.infer<typeof workerSchema>;

export const payrollSchema = z.strictObject({ baseWage: amountSchema(), rates: z.strictObject(Object.fromEntries(WORK_TYPES.map((w) => [w, amountSchema()])) as Record<WorkType, ReturnType<typeof amountSchema>>) });
export type PayrollConfig = z.infer<typeof payrollSchema>;
export const DEMO_PAYROLL: PayrollConfig = { baseWage: '600.00', rates: { checkin: '0.30', release: '0.20', 'mail-batch': '2.00', 'door-delivery': '3.00', 'counter-order': '0.50' } };

export interface Custody {
  at: string;
  action: 'checked-in' | 'reminded' | 'released' | 'return-due' | 'delivered' | 'release-refused' | 'locked';
  by: string;
  to?: string;
  note?: string;
}

export interface Parcel {
  id: string;
  tracking: string;
  carrier: string;
  recipientId?: string;
  recipientName?: string;
  shelf: string;
  size: 'small' | 'medium' | 'large';
  status: 'waiting' | 'unclaimed' | 'door-pending' | 'released' | 'delivered' | 'return-due' | 'locked';
  code?: string;
  checkedInAt: string;
  remindedDays: number[];
  failedAttempts: number;
  storageFee?: string;
  door?: { date: string; slot: string; worker?: string };
  custody: Custody[];
  version: number;
}

export interface OrderLine {
  itemId: string;
  name: string;
  line: ServiceLine;
  quantity: number;
  unitPrice: string;
  amount: string;
  dueOn?: string;
  lateFeePerDay?: string;
}

export interface Order {
  id: string;
  kind: 'counter' | 'subscription' | 'storage-fee' | 'late-fee';
  customer?: string;
  lines: OrderLine[];
  total: string;
  payment: 'cash' | 'wechat' | 'alipay' | 'card';
  paidAt: string;
  date: string;
  servedBy: string;
  returnedAt?: string;
}

const MAX_FAILED_RELEASES = 5;
const SLOTS = ['12:00-13:00', '18:00-19:00', '20:00-21:00'];
const SLOT_CAPACITY = 8;

export class CampusService {
  constructor(
    readonly m: ModuleStore,
    private readonly sealer: Sealer,
    private readonly clock: () => Date = () => new Date(),
    /** How many pickup codes exist (six digits); tests shrink it to force collisions. */
    private readonly codeSpace = 1_000_000,
  ) {}

  // ----------------------------------------------------------- board

  async board(tenantId: string): Promise<Board> {
    return ((await this.m.get(this.m.key(tenantId, ['BOARD'], 'BOARD')))?.board as Board) ?? DEMO_BOARD;
  }

  async putBoard(tenantId: string, input: unknown): Promise<Board> {
    const parsed = boardSchema.safeParse(input);
    if (!parsed.success) throw problems.validation(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    await this.m.store.put({ ...this.m.key(tenantId, ['BOARD'], 'BOARD'), entity: 'campus-board', board: parsed.data });
    return parsed.data;
  }

  // ----------------------------------------------------------- directory

  async addPerson(tenantId: string, input: PersonInput): Promise<Person> {
    const p = personSchema.parse(input);
    const person: Person = { ...p, phone: mask(p.phone), phoneLast4: p.phone.slice(-4) };
    await this.m.transact([
      { kind: 'put', item: { ...this.m.key(tenantId, ['PERSON', p.id], 'PERSON'), entity: 'campus-person', person } },
      { kind: 'put', item: { ...this.m.key(tenantId, ['LOOKUP', this.sealer.blindIndex(tenantId, `phone:${p.phone}`)], 'L'), personId: p.id } },
      { kind: 'put', item: { ...this.m.key(tenantId, ['LOOKUP', this.sealer.blindIndex(tenantId, `number:${p.number}`)], 'L'), personId: p.id } },
      ...(p.sub ? [{ kind: 'put' as const, item: { ...this.m.key(tenantId, ['LOOKUP', `sub:${p.sub}`], 'L'), personId: p.id } }] : []),
    ]);
    return person;
  }

  async person(tenantId: string, id: string): Promise<Person | undefined> {
    return (await this.m.get(this.m.key(tenantId, ['PERSON', id], 'PERSON')))?.person as Person | undefined;
  }

  /** The directory entry of a signed-in person (students and teachers see their own parcels). */
  async personOfSub(tenantId: string, sub: string): Promise<Person | undefined> {
    const hit = await this.m.get(this.m.key(tenantId, ['LOOKUP', `sub:${sub}`], 'L'));
    return hit ? this.person(tenantId, hit.personId as string) : undefined;
  }

  async findPerson(tenantId: string, by: { phone?: string; number?: string }): Promise<Person | undefined> {
    const value = by.phone ? `phone:${by.phone}` : by.number ? `number:${by.number}` : undefined;
    if (!value) return undefined;
    const hit = await this.m.get(this.m.key(tenantId, ['LOOKUP', this.sealer.blindIndex(tenantId, value)], 'L'));
    return hit ? this.person(tenantId, hit.personId as string) : undefined;
  }

  // ----------------------------------------------------------- workers

  async putWorker(tenantId: string, w: Worker): Promise<Worker> {
    await this.m.store.put({ ...this.m.key(tenantId, ['WORKERS'], w.sub), entity: 'campus-worker', worker: w });
    return w;
  }

  async workers(tenantId: string): Promise<Worker[]> {
    return (await this.m.all({ pk: this.m.pk(tenantId, 'WORKERS') })).map((i) => i.worker as Worker);
  }

  /** Only a trained worker with a passed exam and a contract in force may be given work. */
  async assertWorker(tenantId: string, actor: Actor): Promise<void> {
    if (!actor.roles.includes('student-worker')) return; // supervisors and admins are not on the roster
    const item = await this.m.get(this.m.key(tenantId, ['WORKERS'], actor.sub));
    const w = item?.worker as Worker | undefined;
    const today = this.today();
    if (!w || !w.trainingDone || !w.examPassed || w.contractFrom > today || w.contractUntil < today) {
      throw problems.forbidden(`${actor.sub} may not be assigned work: a worker needs training, a passed exam and a contract in force.`);
    }
  }

  /** The write that counts one piece of work toward a worker's monthly tally. */
  piece(tenantId: string, worker: string, type: WorkType, ref: string): WriteAction {
    const at = this.clock().toISOString();
    return { kind: 'put', item: { ...this.m.key(tenantId, ['PIECES', at.slice(0, 7), worker], `${at}#${type}#${ref}`), entity: 'campus-piece', piece: { type, ref, at } }, condition: conditions.absent() };
  }

  async pieces(tenantId: string, month: string, worker: string): Promise<Array<{ type: WorkType; ref: string; at: string }>> {
    return (await this.m.all({ pk: this.m.pk(tenantId, 'PIECES', month, worker) })).map((i) => i.piece as { type: WorkType; ref: string; at: string });
  }

  async payrollConfig(tenantId: string): Promise<PayrollConfig> {
    return ((await this.m.get(this.m.key(tenantId, ['CONFIG'], 'PAYROLL')))?.config as PayrollConfig) ?? DEMO_PAYROLL;
  }

  async setPayrollConfig(tenantId: string, config: PayrollConfig): Promise<PayrollConfig> {
    await this.m.store.put({ ...this.m.key(tenantId, ['CONFIG'], 'PAYROLL'), entity: 'campus-payroll', config });
    return config;
  }

  // ----------------------------------------------------------- parcels

  async checkIn(tenantId: string, actor: Actor, input: { tracking: string; carrier: string; recipient: { phone?: string; number?: string }; shelf: string; size: Parcel['size'] }): Promise<Parcel> {
    await this.assertWorker(tenantId, actor);
    const trackingKey = this.m.key(tenantId, ['TRACK', `${input.carrier}:${input.tracking}`], 'T');
    const existing = await this.m.get(trackingKey);
    if (existing) throw campusProblem('duplicate-tracking', `Tracking number ${input.tracking} (${input.carrier}) is already checked in here as parcel ${existing.parcelId}.`);
    const recipient = await this.findPerson(tenantId, input.recipient);
    const board = await this.board(tenantId);
    // A drawn code may already be taken: the transaction fails on its record and a fresh code is drawn.
    return withRetries(async () => {
      const now = this.clock().toISOString();
      const id = newId(this.clock().getTime());
      // Six random digits, unique among the uncollected parcels here: the code's own record is the lock.
      const code = recipient ? String(randomInt(0, this.codeSpace)).padStart(6, '0') : undefined;
      const door = recipient?.preferredDelivery === 'door';
      const parcel: Parcel = {
        id,
        tracking: input.tracking,
        carrier: input.carrier,
        ...(recipient ? { recipientId: recipient.id, recipientName: recipient.name } : {}),
        shelf: input.shelf,
        size: input.size,
        status: recipient ? (door ? 'door-pending' : 'waiting') : 'unclaimed',
        ...(code ? { code } : {}),
        checkedInAt: now,
        remindedDays: [],
        failedAttempts: 0,
        custody: [{ at: now, action: 'checked-in', by: actor.sub, note: input.shelf }],
        version: 1,
      };
      const actions: WriteAction[] = [
        { kind: 'put', item: this.parcelItem(tenantId, parcel), condition: conditions.absent() },
        { kind: 'put', item: { ...trackingKey, parcelId: id }, condition: conditions.absent() },
        this.piece(tenantId, actor.sub, 'checkin', id),
      ];
      if (code) actions.push({ kind: 'put', item: { ...this.m.key(tenantId, ['CODE', code], 'C'), parcelId: id }, condition: conditions.absent() });
      if (recipient && recipient.consent.notify) {
        actions.push(
          enqueue(tenantId, {
            kind: 'message',
            channel: 'mailbox',
            recipient: recipient.sub ?? `person:${recipient.id}`,
            subject: door ? '包裹到达，请预约送货 Parcel arrived: book a delivery slot' : `包裹到达，取件码 ${code} Parcel arrived: pickup code ${code}`,
            body: door
              ? `您的${input.carrier}包裹（${input.tracking}）已到，请预约送货上门时段。Your parcel has arrived; book a door-delivery slot.`
              : `您的${input.carrier}包裹（${input.tracking}）已到 ${board.title.zh}，货架 ${input.shelf}，取件码 ${code}，取件时请出示手机尾号。Pickup code ${code}, shelf ${input.shelf}; bring your phone's last four digits.`,
            event: 'parcel-arrived',
          }, this.clock()),
        );
      }
      if (!recipient) {
        actions.push(enqueue(tenantId, { kind: 'message', channel: 'mailbox', recipient: 'role:supervisor', subject: `无主包裹待查 Unclaimed parcel ${input.tracking}`, body: `收件人未在校园名录中找到，请查找收件人。Recipient not in the directory: please search.`, event: 'parcel-unclaimed' }, this.clock()));
      }
      try {
        await this.m.transact(actions);
        return parcel;
      } catch (err) {
        // The tracking record (index 1) means a concurrent duplicate check-in.
        if (err instanceof TransactionConflict && err.failed.includes(1)) throw campusProblem('duplicate-tracking', `Tracking number ${input.tracking} was just checked in here.`);
        throw err;
      }
    }, { attempts: 10, retryOn: (err) => err instanceof TransactionConflict });
  }

  async parcel(tenantId: string, id: string): Promise<Parcel> {
    const item = ID_PATTERN.test(id) ? await this.m.get(this.m.key(tenantId, ['PARCEL', id], 'PARCEL')) : undefined;
    if (!item) throw problems.notFound(`Parcel ${id}`);
    return item.parcel as Parcel;
  }

  async uncollected(tenantId: string): Promise<Parcel[]> {
    return (await this.m.all({ index: 'gsi1', pk: this.m.pk(tenantId, 'UNCOLLECTED') })).map((i) => i.parcel as Parcel);
  }

  /** A recipient's own parcels; staff may look up anyone's. */
  async parcelsOf(tenantId: string, personId: string): Promise<Parcel[]> {
    return (await this.m.all({ index: 'gsi2', pk: this.m.pk(tenantId, 'RECIPIENT', personId), descending: true })).map((i) => i.parcel as Parcel);
  }

  /**
   * Release at the counter: the code plus a second factor (the phone's last
   * four digits). A wrong code is a generic refusal; a right code with a
   * wrong second factor counts against that parcel, which locks after five.
   */
  async release(tenantId: string, actor: Actor, input: { code: string; last4: string; proxy?: { name: string; authorization: string } }): Promise<Parcel> {
    await this.assertWorker(tenantId, actor);
    const refuse = () => campusProblem('release-refused', 'No parcel matches this code and verification.');
    const codeItem = /^\d{6}$/.test(input.code) ? await this.m.get(this.m.key(tenantId, ['CODE', input.code], 'C')) : undefined;
    if (!codeItem) throw refuse();
    const parcel = await this.parcel(tenantId, codeItem.parcelId as string);
    if (parcel.status === 'released' || parcel.status === 'delivered') throw campusProblem('already-released', `Parcel ${parcel.id} was already handed over.`);
    if (parcel.status === 'locked') throw campusProblem('parcel-locked', 'This parcel is locked after repeated failed attempts; the supervisor must release it.');
    const person = parcel.recipientId ? await this.person(tenantId, parcel.recipientId) : undefined;
    const now = this.clock().toISOString();
    if (!person || person.phoneLast4 !== input.last4) {
      const failed = parcel.failedAttempts + 1;
      const locked = failed >= MAX_FAILED_RELEASES;
      const next: Parcel = { ...parcel, failedAttempts: failed, status: locked ? 'locked' : parcel.status, custody: [...parcel.custody, { at: now, action: locked ? 'locked' : 'release-refused', by: actor.sub }], version: parcel.version + 1 };
      const actions: WriteAction[] = [{ kind: 'put', item: this.parcelItem(tenantId, next), condition: conditions.version(parcel.version) }];
      if (locked) actions.push(enqueue(tenantId, { kind: 'message', channel: 'mailbox', recipient: 'role:supervisor', subject: `包裹已锁定 Parcel locked ${parcel.tracking}`, body: `取件验证连续失败 ${failed} 次，包裹已锁定。Repeated failed pickups: parcel locked.`, event: 'parcel-locked' }, this.clock()));
      // Counting the failure is best effort: if the parcel changed meanwhile, the refusal still stands.
      await this.m.transact(actions).catch(() => undefined);
      throw refuse();
    }
    const fee = await this.storageFee(tenantId, parcel);
    const released: Parcel = {
      ...parcel,
      status: 'released',
      ...(fee ? { storageFee: fee } : {}),
      custody: [...parcel.custody, { at: now, action: 'released', by: actor.sub, to: input.proxy ? `${input.proxy.name}（代取 proxy, ${input.proxy.authorization}）` : parcel.recipientName }],
      version: parcel.version + 1,
    };
    const actions: WriteAction[] = [
      { kind: 'put', item: this.parcelItem(tenantId, released), condition: conditions.version(parcel.version) },
      { kind: 'delete', key: this.m.key(tenantId, ['CODE', input.code], 'C') },
      this.piece(tenantId, actor.sub, 'release', parcel.id),
    ];
    if (fee) actions.push(...this.orderActions(tenantId, this.feeOrder(actor, parcel, fee)));
    try {
      await this.m.transact(actions);
    } catch (err) {
      if (err instanceof TransactionConflict) throw campusProblem('already-released', `Parcel ${parcel.id} was just handed over.`);
      throw err;
    }
    return released;
  }

  private async storageFee(tenantId: string, parcel: Parcel): Promise<string | undefined> {
    const { freeDays, storageFeePerDay } = (await this.board(tenantId)).parcels;
    const days = Math.floor(DateTime.fromJSDate(this.clock()).diff(DateTime.fromISO(parcel.checkedInAt), 'days').days);
    const charged = days - freeDays;
    return charged > 0 && new Dec(storageFeePerDay).gt(0) ? formatAmount(new Dec(storageFeePerDay).times(charged)) : undefined;
  }

  private feeOrder(actor: Actor, parcel: Parcel, fee: string): Order {
    const now = this.clock().toISOString();
    return {
      id: `fee-${parcel.id}`,
      kind: 'storage-fee',
      customer: parcel.recipientId,
      lines: [{ itemId: 'storage-fee', name: '包裹保管费 storage fee', line: 'parcels', quantity: 1, unitPrice: fee, amount: fee }],
      total: fee,
      payment: 'cash',
      paidAt: now,
      date: this.today(),
      servedBy: actor.sub,
    };
  }

  /** Door delivery by appointment: a slot with capacity, then proof of delivery. */
  async bookDoorDelivery(tenantId: string, parcelId: string, date: string, slot: string): Promise<Parcel> {
    if (!SLOTS.includes(slot)) throw problems.validation([{ field: 'slot', message: `one of ${SLOTS.join(', ')}` }]);
    const parcel = await this.parcel(tenantId, parcelId);
    if (!['waiting', 'door-pending'].includes(parcel.status)) throw campusProblem('not-deliverable', `Parcel ${parcelId} is ${parcel.status}.`);
    const slotKey = this.m.key(tenantId, ['SLOT', date, slot], 'S');
    const booked = ((await this.m.get(slotKey))?.booked as number | undefined) ?? 0;
    if (booked >= SLOT_CAPACITY) throw campusProblem('slot-full', `The ${date} ${slot} slot is full; choose another.`);
    const next: Parcel = { ...parcel, status: 'door-pending', door: { date, slot }, version: parcel.version + 1 };
    try {
      await this.m.transact([
        { kind: 'put', item: this.parcelItem(tenantId, next), condition: conditions.version(parcel.version) },
        { kind: 'put', item: { ...slotKey, booked: booked + 1 }, condition: booked === 0 ? conditions.absent() : { expression: 'booked = :b', values: { ':b': booked } } },
      ]);
    } catch (err) {
      if (err instanceof TransactionConflict) throw campusProblem('slot-changed', 'The slot or the parcel changed meanwhile; try again.');
      throw err;
    }
    return next;
  }

  async deliverToDoor(tenantId: string, actor: Actor, parcelId: string, proof: { receivedBy: string; note?: string }): Promise<Parcel> {
    await this.assertWorker(tenantId, actor);
    const parcel = await this.parcel(tenantId, parcelId);
    if (parcel.status !== 'door-pending' || !parcel.door) throw campusProblem('not-booked', 'The parcel has no booked delivery.');
    const now = this.clock().toISOString();
    const delivered: Parcel = { ...parcel, status: 'delivered', door: { ...parcel.door, worker: actor.sub }, custody: [...parcel.custody, { at: now, action: 'delivered', by: actor.sub, to: proof.receivedBy, note: proof.note }], version: parcel.version + 1 };
    await this.m.transact([
      { kind: 'put', item: this.parcelItem(tenantId, delivered), condition: conditions.version(parcel.version) },
      ...(parcel.code ? [{ kind: 'delete' as const, key: this.m.key(tenantId, ['CODE', parcel.code], 'C') }] : []),
      this.piece(tenantId, actor.sub, 'door-delivery', parcel.id),
    ]);
    return delivered;
  }

  parcelItem(tenantId: string, p: Parcel): Item {
    const open = ['waiting', 'unclaimed', 'door-pending', 'locked', 'return-due'].includes(p.status);
    return {
      ...this.m.key(tenantId, ['PARCEL', p.id], 'PARCEL'),
      entity: 'campus-parcel',
      parcel: p,
      version: p.version,
      ...(open ? { gsi1pk: this.m.pk(tenantId, 'UNCOLLECTED'), gsi1sk: `${p.checkedInAt}#${p.id}` } : {}),
      ...(p.recipientId ? { gsi2pk: this.m.pk(tenantId, 'RECIPIENT', p.recipientId), gsi2sk: `${p.checkedInAt}#${p.id}` } : {}),
    };
  }

  // ----------------------------------------------------------- mail and subscriptions

  /** A sorted batch of ordinary mail into mailboxes (插箱投递): no codes, one record per batch. */
  async sortMail(tenantId: string, actor: Actor, items: Array<{ kind: 'letter' | 'periodical' | 'printed'; mailbox: string; title?: string }>) {
    await this.assertWorker(tenantId, actor);
    const id = newId(this.clock().getTime());
    const batch = { id, sortedAt: this.clock().toISOString(), by: actor.sub, items, mailboxes: [...new Set(items.map((i) => i.mailbox))].length };
    await this.m.transact([{ kind: 'put', item: { ...this.m.key(tenantId, ['MAILBATCH', id], 'B'), entity: 'campus-mail-batch', batch, gsi1pk: this.m.pk(tenantId, 'MAILBATCHES'), gsi1sk: `${batch.sortedAt}#${id}` } }, this.piece(tenantId, actor.sub, 'mail-batch', id)]);
    return batch;
  }

  async subscribe(tenantId: string, actor: Actor, input: { personId: string; itemId: string; term: string; payment: Order['payment'] }) {
    const person = await this.person(tenantId, input.personId);
    if (!person) throw problems.notFound(`Person ${input.personId}`);
    await this.assertWorker(tenantId, actor);
    const order = await this.priceOrder(tenantId, actor, { customer: person.id, lines: [{ itemId: input.itemId, quantity: 1 }], payment: input.payment }, 'subscription');
    const subscription = { personId: person.id, itemId: input.itemId, term: input.term, mailbox: person.mailbox, orderId: order.id };
    // One subscription per person, periodical and term: the payment and the subscription commit together, so a retry cannot charge twice.
    const actions: WriteAction[] = [
      ...this.orderActions(tenantId, order),
      this.piece(tenantId, actor.sub, 'counter-order', order.id),
      { kind: 'put', item: { ...this.m.key(tenantId, ['SUBS', input.itemId, input.term], person.id), entity: 'campus-subscription', subscription }, condition: conditions.absent() },
    ];
    try {
      await this.m.transact(actions);
    } catch (err) {
      if (err instanceof TransactionConflict && err.failed.includes(actions.length - 1)) throw campusProblem('already-subscribed', `${person.id} already subscribes to ${input.itemId} for ${input.term}.`);
      throw err;
    }
    return { subscription, order };
  }

  /** An issue arrives: one mailbox batch with a copy for every subscriber of the term. */
  async issueArrived(tenantId: string, actor: Actor, itemId: string, term: string, issue: string) {
    const subs = (await this.m.all({ pk: this.m.pk(tenantId, 'SUBS', itemId, term) })).map((i) => i.subscription as { mailbox: string; personId: string });
    if (subs.length === 0) throw problems.notFound(`Subscribers of ${itemId} for ${term}`);
    return this.sortMail(tenantId, actor, subs.map((s) => ({ kind: 'periodical' as const, mailbox: s.mailbox, title: `${itemId} ${issue}` })));
  }

  // ----------------------------------------------------------- counter orders

  /**
   * A counter order at today's board prices; rentals get a due date. Revenue reaches the ledger with the
   * day's takings. With an idempotency key, the same order sent again is recorded (and paid) once.
   */
  async order(tenantId: string, actor: Actor, input: { customer?: string; lines: Array<{ itemId: string; quantity: number }>; payment: Order['payment'] }, idempotencyKey?: string): Promise<WriteOutcome<Order>> {
    await this.assertWorker(tenantId, actor);
    return idempotentWrite(this.m.store, { tenantId, key: idempotencyKey, fingerprint: ['campus-order', actor.sub, input] }, async () => {
      const order = await this.priceOrder(tenantId, actor, input, 'counter');
      return { actions: [...this.orderActions(tenantId, order), this.piece(tenantId, actor.sub, 'counter-order', order.id)], status: 201, body: order };
    });
  }

  private async priceOrder(tenantId: string, actor: Actor, input: { customer?: string; lines: Array<{ itemId: string; quantity: number }>; payment: Order['payment'] }, kind: Order['kind']): Promise<Order> {
    const board = await this.board(tenantId);
    const now = this.clock().toISOString();
    const lines: OrderLine[] = input.lines.map((l, i) => {
      const found = findItem(board, l.itemId);
      const price = found ? priceAt(found.item, now) : undefined;
      if (!found || found.item.withdrawn || !price) throw campusProblem('item-unavailable', `Item ${l.itemId} is not on offer.`, { errors: [{ field: `lines.${i}.itemId`, message: 'withdrawn or unknown' }] });
      const amount = formatAmount(roundAmount(new Dec(price).times(l.quantity)));
      return {
        itemId: l.itemId,
        name: found.item.name.zh,
        line: found.line,
        quantity: l.quantity,
        unitPrice: price,
        amount,
        ...(found.item.rental ? { dueOn: DateTime.fromISO(now).plus({ days: found.item.rental.days }).toISODate()!, lateFeePerDay: found.item.rental.lateFeePerDay } : {}),
      };
    });
    return { id: newId(this.clock().getTime()), kind, ...(input.customer ? { customer: input.customer } : {}), lines, total: formatAmount(lines.reduce((s, l) => s.plus(l.amount), new Dec(0))), payment: input.payment, paidAt: now, date: this.today(), servedBy: actor.sub };
  }

  /** A rental comes back: late days cost the item's late fee, charged as its own order. */
  async returnRental(tenantId: string, actor: Actor, orderId: string): Promise<{ order: Order; lateFee?: Order }> {
    const order = await this.getOrder(tenantId, orderId);
    const rentals = order.lines.filter((l) => l.dueOn);
    if (rentals.length === 0) throw campusProblem('not-a-rental', 'This order has nothing to return.');
    if (order.returnedAt) throw campusProblem('already-returned', 'Already returned.');
    const today = this.today();
    const fee = rentals.reduce((s, l) => {
      const late = Math.max(0, Math.floor(DateTime.fromISO(today).diff(DateTime.fromISO(l.dueOn!), 'days').days));
      return s.plus(new Dec(l.lateFeePerDay!).times(late).times(l.quantity));
    }, new Dec(0));
    const returned = { ...order, returnedAt: this.clock().toISOString() };
    const actions: WriteAction[] = [{ kind: 'put', item: this.orderItem(tenantId, returned) }];
    let lateFee: Order | undefined;
    if (fee.gt(0)) {
      lateFee = { id: `late-${order.id}`, kind: 'late-fee', customer: order.customer, lines: [{ itemId: 'late-fee', name: '逾期费 late fee', line: 'periodicals', quantity: 1, unitPrice: formatAmount(fee), amount: formatAmount(fee) }], total: formatAmount(fee), payment: 'cash', paidAt: returned.returnedAt, date: today, servedBy: actor.sub };
      actions.push(...this.orderActions(tenantId, lateFee));
    }
    await this.m.transact(actions);
    return { order: returned, ...(lateFee ? { lateFee } : {}) };
  }

  async getOrder(tenantId: string, id: string): Promise<Order> {
    const item = await this.m.get(this.m.key(tenantId, ['ORDER', id], 'O'));
    if (!item) throw problems.notFound(`Order ${id}`);
    return item.order as Order;
  }

  private orderItem(tenantId: string, order: Order): Item {
    return { ...this.m.key(tenantId, ['ORDER', order.id], 'O'), entity: 'campus-order', order, gsi1pk: this.m.pk(tenantId, 'ORDERS', order.date), gsi1sk: `${order.paidAt}#${order.id}` };
  }

  private orderActions(tenantId: string, order: Order): WriteAction[] {
    return [{ kind: 'put', item: this.orderItem(tenantId, order), condition: conditions.absent() }];
  }

  today(): string {
    return DateTime.fromJSDate(this.clock(), { zone: 'Asia/Shanghai' }).toISODate()!;
  }
}

/** Takings of a day per fund nature, from its orders. */
export async function takingsOf(m: ModuleStore, tenantId: string, date: string): Promise<Map<string, Dec>> {
  const orders = (await m.all({ index: 'gsi1', pk: m.pk(tenantId, 'ORDERS', date) })).map((i) => i.order as Order);
  const byFund = new Map<string, Dec>();
  for (const o of orders) for (const l of o.lines) byFund.set(FUND_NATURE_OF[l.line], (byFund.get(FUND_NATURE_OF[l.line]) ?? new Dec(0)).plus(l.amount));
  return byFund;
}

export { SLOTS };
