/**
 * External channels: a new mailbox message, as the stream hands it over,
 * reaches the recipient's preferred reachable channel once, even across
 * retries; teams and roles stay in the mailbox; a success writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact, ContactDirectory, ExternalChannel, OutgoingMessage } from '../../shared/capabilities/outbox/channels.ts';
import { outboxKeys } from '../../shared/capabilities/outbox/keys.ts';
import { enqueue, type OutboxItem } from '../../shared/capabilities/outbox/outbox.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

const T = 'demo-property';
let now = new Date('2026-11-27T02:00:00Z');
let t: TestPlatform;
const sent: Array<{ channel: string; to: Contact; message: OutgoingMessage }> = [];
let failEmails = 0;

/** Stands in for the provider: SES/SNS cannot run here (their adapters are tested against the SDK separately). */
class RecordingChannel implements ExternalChannel {
  constructor(readonly name: 'email' | 'sms') {}
  canReach(c: Contact) {
    return this.name === 'email' ? !!c.email : !!c.phone;
  }
  async send(to: Contact, message: OutgoingMessage) {
    if (this.name === 'email' && failEmails > 0) {
      failEmails--;
      throw new Error('provider unavailable');
    }
    sent.push({ channel: this.name, to, message });
  }
}

const contacts: Record<string, Contact> = { 'with-email': { email: 'e@example.com', phone: '+8613800000000' }, 'phone-only': { phone: '+8613900000000' } };
const directory: ContactDirectory = { contactOf: async (_tenant, recipient) => contacts[recipient] };

async function message(recipient: string) {
  const put = enqueue(T, { kind: 'message', channel: 'mailbox', recipient, subject: '报修已受理', body: 'b', event: 'created' }, now);
  if (put.kind !== 'put') throw new Error('expected a put');
  await t.platform.store.put(put.item, put.condition);
  return (put.item.message as { id: string }).id;
}

beforeAll(async () => {
  t = await createTestPlatform({
    clock: () => now,
    dispatcher: { channels: [new RecordingChannel('email'), new RecordingChannel('sms')], directory, backoff: () => 1000 },
  });
  // What the demo tenant's seeding sent is out of the way first.
  await t.deliverAll(T);
  sent.length = 0;
});

describe('external delivery', () => {
  it('sends by the first channel that reaches the person, and keeps the mailbox copy', async () => {
    await message('with-email');
    await message('phone-only');
    await message('team:maintenance');
    t.platform.store.resetMetrics();
    await t.platform.dispatcher.drain(T);
    // Sent straight from the stream: no lease, no mark, nothing queued; the one call is the sweep's look for due retries.
    expect(t.platform.store.metrics.calls).toEqual({ Query: 1 });
    expect(sent.map((s) => [s.channel, s.to.email ?? s.to.phone]).sort()).toEqual([
      ['email', 'e@example.com'],
      ['sms', '+8613900000000'],
    ]);
    const admin = await t.token(T, ['tenant-admin']);
    for (const recipient of ['phone-only', 'team:maintenance', 'with-email']) {
      const mail = await t.call('GET', `/v1/mailbox?recipient=${encodeURIComponent(recipient)}`, { token: admin });
      expect(mail.body.items.filter((m: { body: string }) => m.body === 'b')).toHaveLength(1);
    }
  });

  it('retries a failed send without sending twice, and records the channel used', async () => {
    sent.length = 0;
    failEmails = 1;
    const id = await message('with-email');
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ retry: 1 });
    now = new Date(now.getTime() + 1000);
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ delivered: 1 });
    expect(sent).toHaveLength(1);
    const retry = `${id}-send`;
    const item = (await t.platform.store.get(outboxKeys.item(T, retry))) as unknown as OutboxItem;
    expect(item.sent_email).toBeDefined();
    expect(item.payload).toMatchObject({ kind: 'external', mailId: id, recipient: 'with-email' });

    // The mark is what prevents a resend: an item that comes back with it is not sent again.
    await t.platform.store.update({
      kind: 'update',
      key: outboxKeys.item(T, retry),
      update: 'SET #s = :p, nextAttemptAt = :n, gsi2pk = :pk, gsi2sk = :sk',
      names: { '#s': 'status' },
      values: { ':p': 'pending', ':n': now.toISOString(), ':pk': outboxKeys.pending(T), ':sk': `${now.toISOString()}#${retry}` },
    });
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ delivered: 1 });
    expect(sent).toHaveLength(1);
  });

  it('queues a failed send once, however often the stream hands the message over', async () => {
    sent.length = 0;
    failEmails = 2;
    const put = enqueue(T, { kind: 'message', channel: 'mailbox', recipient: 'with-email', subject: 's', body: 'twice', event: 'created' }, now);
    if (put.kind !== 'put') throw new Error('expected a put');
    const row = put.item as never;
    expect(await t.platform.dispatcher.sendFresh(row)).toBe('retry');
    expect(await t.platform.dispatcher.sendFresh(row)).toBe('retry');
    const due = await t.platform.store.query({ index: 'gsi2', pk: outboxKeys.pending(T) });
    expect(due.items.filter((i) => (i.payload as { body: string }).body === 'twice')).toHaveLength(1);
    now = new Date(now.getTime() + 1000);
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ delivered: 1 });
    expect(sent.map((s) => s.message.body)).toEqual(['twice']);
  });
});
