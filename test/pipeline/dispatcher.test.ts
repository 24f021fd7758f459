/**
 * Notification delivery: a case's messages in the mailbox with the change
 * itself, a message raised under a derived id exactly once, webhooks
 * written only for subscriptions, signed (Standard Webhooks) and retried
 * with exponential backoff, failures parked after the last attempt, and a
 * crashed delivery resumed when its lease runs out.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { outboxKeys } from '../../shared/capabilities/outbox/keys.ts';
import { enqueue, type OutboxItem } from '../../shared/capabilities/outbox/outbox.ts';
import { createTestPlatform, idem, type TestPlatform } from '../support/platform.ts';

const T = 'demo-property';
let now = new Date('2026-11-27T02:00:00Z');
let t: TestPlatform;
let server: Server;
let receiverUrl: string;
let failNext = 0;
const received: Array<{ headers: Record<string, string>; body: string }> = [];

const repair = { type: 'repair', input: { category: 'elevator', description: 'lift stuck on 5', location: { building: '2' }, contactPhone: '13700000000' } };

async function pending(): Promise<OutboxItem[]> {
  const page = await t.platform.store.query({ index: 'gsi2', pk: outboxKeys.pending(T) });
  return page.items as unknown as OutboxItem[];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  t = await createTestPlatform({ clock: () => now, dispatcher: { maxAttempts: 4, backoff: (n) => 1000 * 2 ** (n - 1) } });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  // Start each test with an empty outbox.
  for (let i = 0; i < 10 && (await pending()).length; i++) {
    now = new Date(now.getTime() + 3600_000);
    await t.platform.dispatcher.drain(T);
  }
  received.length = 0;
  failNext = 0;
});

describe('dev mailbox channel', () => {
  it('writes a case change’s messages into the mailbox in the change’s own transaction, with nothing left to deliver', async () => {
    const resident = await t.token(T, ['resident'], 'resident-0101');
    t.platform.store.resetMetrics();
    const created = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    expect(created.status).toBe(201);
    expect(t.platform.store.metrics.calls.TransactWriteItems).toBe(1);
    expect(t.platform.store.metrics.calls.PutItem ?? 0).toBe(0);
    expect(await pending()).toEqual([]);
    const mail = await t.call('GET', '/v1/mailbox', { token: resident });
    expect(mail.body.items.filter((m: { caseId?: string }) => m.caseId === created.body.id).map((m: { event: string }) => m.event)).toEqual(['created']);
  });

  it('delivers a message raised under a derived id once, even when the same item is processed again after a crash', async () => {
    const put = enqueue(
      T,
      { kind: 'message', channel: 'mailbox', recipient: 'someone', subject: 'hello', body: 'world', event: 'test' },
      now,
      'reminder-2026-11-once',
    );
    if (put.kind !== 'put') throw new Error('expected a put');
    await t.platform.store.put(put.item, put.condition);
    const item = put.item as unknown as OutboxItem;
    expect(await t.platform.dispatcher.process(item)).toBe('delivered');
    // A crash after delivery but before the status write looks like this: the item is pending again.
    await t.platform.store.update({
      kind: 'update',
      key: outboxKeys.item(T, item.id),
      update: 'SET #s = :p, nextAttemptAt = :n',
      names: { '#s': 'status' },
      values: { ':p': 'pending', ':n': now.toISOString() },
    });
    expect(await t.platform.dispatcher.process(item)).toBe('delivered');
    const admin = await t.token(T, ['tenant-admin']);
    const mail = await t.call('GET', '/v1/mailbox?recipient=someone', { token: admin });
    expect(mail.body.items).toHaveLength(1);
    // Once delivered, a further attempt is skipped outright.
    expect(await t.platform.dispatcher.process(item)).toBe('skipped');
  });
});

describe('webhooks', () => {
  let secret: string;

  beforeAll(async () => {
    const admin = await t.token(T, ['tenant-admin'], 'admin');
    const hook = await t.call('POST', '/v1/webhooks', {
      token: admin,
      body: { url: receiverUrl, events: ['repair.*'] },
      headers: { 'idempotency-key': idem() },
    });
    expect(hook.status).toBe(201);
    secret = hook.body.secret;
    expect(secret).toMatch(/^whsec_/);
    const listed = await t.call('GET', '/v1/webhooks', { token: admin });
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const ignored = await t.call('POST', '/v1/webhooks', { token: admin, body: { url: `${receiverUrl}?other`, events: ['parcel.*'] } });
    expect(ignored.status).toBe(201);
  });

  it('posts each case event, signed, without personal data, to matching subscriptions only', async () => {
    const resident = await t.token(T, ['resident'], 'resident-0101');
    const created = await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    // The deliveries were written with the case, one per matching subscription: one drain sends them.
    const waiting = (await pending()).filter((i) => i.payload.kind === 'webhook');
    expect(waiting).toHaveLength(1);
    await t.platform.dispatcher.drain(T);
    expect(received).toHaveLength(1);
    const [hit] = received;
    const id = hit!.headers['webhook-id']!;
    const timestamp = Number(hit!.headers['webhook-timestamp']);
    // The Standard Webhooks reference library is the judge of the signature, not our own signer.
    // It also checks the timestamp against its clock: this test's platform runs on a clock of its own.
    vi.useFakeTimers({ toFake: ['Date'], now: timestamp * 1000 });
    try {
      const receiver = new StandardWebhook(secret);
      expect(receiver.verify(hit!.body, hit!.headers as Record<string, string>)).toMatchObject({ id });
      expect(() => receiver.verify(hit!.body.replace('repair', 'Repair'), hit!.headers as Record<string, string>)).toThrow('No matching signature found');
    } finally {
      vi.useRealTimers();
    }
    const payload = JSON.parse(hit!.body);
    expect(payload).toMatchObject({ id, type: 'repair.created', data: { case: { id: created.body.id, state: 'submitted' } } });
    expect(hit!.body).not.toContain('13700000000');
    expect(hit!.body).not.toContain('lift stuck');
  });

  it('retries with exponential backoff and keeps the webhook-id across attempts', async () => {
    failNext = 2;
    const resident = await t.token(T, ['resident'], 'resident-0101');
    await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    const first = await t.platform.dispatcher.drain(T);
    expect(first.retry).toBe(1);
    const [waiting] = (await pending()).filter((i) => i.payload.kind === 'webhook');
    expect(waiting).toMatchObject({
      attempts: 1,
      status: 'pending',
      lastError: 'webhook answered 503',
      nextAttemptAt: new Date(now.getTime() + 1000).toISOString(),
    });

    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ delivered: 0, retry: 0 }); // not due yet
    now = new Date(now.getTime() + 1000);
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ retry: 1 });
    now = new Date(now.getTime() + 1999);
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ retry: 0, delivered: 0 }); // second backoff is 2 s
    now = new Date(now.getTime() + 1);
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ delivered: 1 });
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect((await pending()).filter((i) => i.payload.kind === 'webhook')).toHaveLength(0);
  });

  it('parks a delivery as failed after the last attempt', async () => {
    failNext = 100;
    const resident = await t.token(T, ['resident'], 'resident-0101');
    await t.call('POST', '/v1/cases', { token: resident, body: repair, headers: { 'idempotency-key': idem() } });
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await t.platform.dispatcher.drain(T));
      now = new Date(now.getTime() + 60_000);
    }
    expect(outcomes.map((o) => [o.retry, o.failed])).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(received).toHaveLength(4);
    expect((await pending()).filter((i) => i.payload.kind === 'webhook')).toHaveLength(0);
  });

  it('resumes a delivery whose worker died, once its lease runs out', async () => {
    const put = enqueue(T, { kind: 'message', channel: 'mailbox', recipient: 'lease-test', subject: 's', body: 'b', event: 'test' }, now, 'lease-test-1');
    if (put.kind !== 'put') throw new Error('expected a put');
    await t.platform.store.put(put.item, put.condition);
    const lease = new Date(now.getTime() + 60_000).toISOString();
    const id = (put.item as unknown as OutboxItem).id;
    // What a claim leaves behind when the worker dies right after it.
    await t.platform.store.update({
      kind: 'update',
      key: outboxKeys.item(T, id),
      update: 'SET #s = :sending, leaseUntil = :lease, gsi2sk = :sk, attempts = :one',
      names: { '#s': 'status' },
      values: { ':sending': 'sending', ':lease': lease, ':sk': `${lease}#${id}`, ':one': 1 },
    });
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ delivered: 0 });
    now = new Date(now.getTime() + 60_001);
    expect(await t.platform.dispatcher.drain(T)).toMatchObject({ delivered: 1 });
  });
});
