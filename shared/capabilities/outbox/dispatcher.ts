/**
 * Delivers notifications that must leave the table.
 *
 * A new mailbox row is sent once through the recipient's external channel
 * (email, SMS) as the table's stream hands it over: the stream delivers each
 * insert once, so there is no lease and no mark, and a success writes
 * nothing. A send that fails becomes an outbox row for the retry sweep.
 *
 * Outbox rows (webhook deliveries, messages raised under a derived id, those
 * retries) are claimed with a conditional update (a lease), delivered, then
 * marked delivered, rescheduled with exponential backoff, or failed after
 * the last attempt. A crash while an item is leased makes it due again when
 * the lease runs out; channels are idempotent on the outbox id (mailbox) or
 * carry it for the receiver to deduplicate (webhooks), so a redelivery never
 * doubles a message.
 */

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TABLE } from '../../store/schema.ts';
import { ConditionFailed, type Store } from '../../store/store.ts';
import { type ContactDirectory, chooseChannel, type ExternalChannel } from './channels.ts';
import { type DestinationPolicy, guardedLookup, refusedRange } from './destinations.ts';
import { outboxKeys } from './keys.ts';
import { deliverToMailbox, type MailboxMessage } from './mailbox.ts';
import { enqueue, KEEP_DELIVERED_SECONDS, type OutboxItem, outboxRow } from './outbox.ts';
import { matchesEvent, signWebhook, type Webhook, type WebhookRegistry } from './webhooks.ts';

export interface DispatcherOptions {
  maxAttempts?: number;
  /** Delay before attempt n+1, in ms. */
  backoff?: (attempts: number) => number;
  leaseMs?: number;
  webhookTimeoutMs?: number;
  clock?: () => Date;
  log?: (entry: Record<string, unknown>) => void;
  /** External channels of this stage, in order of preference; messages always go to the mailbox too. */
  channels?: readonly ExternalChannel[];
  directory?: ContactDirectory;
}

export type Outcome = 'delivered' | 'retry' | 'failed' | 'skipped';

/** A mailbox row as the stream hands it over. */
export interface MailRow {
  entity: 'mail';
  tenantId: string;
  message: MailboxMessage;
}

export const defaultBackoff = (attempts: number) => Math.min(1000 * 2 ** (attempts - 1), 3600_000);

export class Dispatcher {
  private readonly maxAttempts: number;
  private readonly backoff: (attempts: number) => number;
  private readonly leaseMs: number;
  private readonly clock: () => Date;
  /** New mailbox rows not yet sent externally, where no table stream hands them over (the local store). */
  private readonly fresh: MailRow[] = [];

  constructor(
    private readonly store: Store,
    private readonly webhooks: WebhookRegistry,
    private readonly options: DispatcherOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoff = options.backoff ?? defaultBackoff;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.clock = options.clock ?? (() => new Date());
  }

  /** True when messages leave the table through an external channel at all. */
  get sendsExternally(): boolean {
    return !!(this.options.channels?.length && this.options.directory);
  }

  /**
   * The local stand-in for the table's stream: the store reports what each
   * write inserted, and the new mailbox rows wait here for the next drain.
   */
  observe(items: ReadonlyArray<Record<string, unknown>>): void {
    for (const item of items) if (item.entity === 'mail' && this.wants(item)) this.fresh.push(item as unknown as MailRow);
  }

  /**
   * Whether an inserted row has something for the dispatcher to do, as the
   * table stream's filter decides in AWS: every new outbox row, and a new
   * mailbox row only where it is also sent by email or SMS.
   */
  wants(item: Record<string, unknown>): boolean {
    return item.entity === 'outbox' || (item.entity === 'mail' && this.sendsExternally);
  }

  /** Delivers a tenant's due items (the local poller and the retry sweep). */
  async drain(tenantId: string, limit = 50): Promise<Record<Outcome, number>> {
    const counts: Record<Outcome, number> = { delivered: 0, retry: 0, failed: 0, skipped: 0 };
    for (let i = 0; i < this.fresh.length; ) {
      if (this.fresh[i]!.tenantId !== tenantId) i++;
      else counts[await this.sendFresh(this.fresh.splice(i, 1)[0]!)]++;
    }
    const now = this.clock().toISOString();
    const page = await this.store.query({ index: 'gsi2', pk: outboxKeys.pending(tenantId), between: ['', `${now}#~`], limit });
    for (const item of page.items) counts[await this.process(item as unknown as OutboxItem)]++;
    return counts;
  }

  /**
   * Sends a new mailbox row through the recipient's external channel, once,
   * as the stream hands it over. Teams and roles have no channel but the
   * mailbox. A failed send is queued for the sweep under an id derived from
   * the message, so a stream redelivery cannot queue it twice.
   */
  async sendFresh(row: MailRow): Promise<Outcome> {
    if (!this.sendsExternally) return 'skipped';
    const m = row.message;
    try {
      const reached = await this.reach(row.tenantId, m.recipient);
      if (!reached) return 'skipped';
      await reached.channel.send(reached.contact, { subject: m.subject, body: m.body, id: m.id });
      return 'delivered';
    } catch (err) {
      const now = this.clock();
      const retry = outboxRow(
        row.tenantId,
        { kind: 'external', mailId: m.id, recipient: m.recipient, subject: m.subject, body: m.body },
        now,
        `${m.id}-send`,
        1,
        new Date(now.getTime() + this.backoff(1)),
      );
      const message = err instanceof Error ? err.message : String(err);
      this.options.log?.({ level: 'warn', msg: 'external send failed', mailId: m.id, tenantId: row.tenantId, error: message });
      try {
        await this.store.put({ ...retry.item, lastError: message }, retry.condition);
      } catch (putErr) {
        if (!(putErr instanceof ConditionFailed)) throw putErr;
      }
      return 'retry';
    }
  }

  /** The channel of this stage that reaches a recipient, and their contact; none for teams, roles and the unreachable. */
  private async reach(tenantId: string, recipient: string) {
    const contact = await this.options.directory!.contactOf(tenantId, recipient);
    const channel = chooseChannel(this.options.channels ?? [], contact);
    return channel && contact ? { channel, contact } : undefined;
  }

  /** Delivers one item (also the entry point for stream records in AWS). */
  async process(item: OutboxItem): Promise<Outcome> {
    const claimed = await this.claim(item);
    if (!claimed) return 'skipped';
    try {
      await this.deliver(claimed);
    } catch (err) {
      return this.reschedule(claimed, err);
    }
    await this.store.update({
      key: outboxKeys.item(item.tenantId, item.id),
      // Once delivered (or failed), an outbox row is history: it expires a month later. A row still waiting never does.
      update: 'SET #status = :delivered, deliveredAt = :at, #ttl = :expires REMOVE gsi2pk, gsi2sk, leaseUntil',
      names: { '#status': 'status', '#ttl': TABLE.ttlAttribute },
      values: { ':delivered': 'delivered', ':at': this.clock().toISOString(), ':expires': this.expiry() },
      kind: 'update',
    });
    return 'delivered';
  }

  private async claim(item: OutboxItem): Promise<OutboxItem | undefined> {
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    try {
      const attrs = await this.store.update({
        kind: 'update',
        key: outboxKeys.item(item.tenantId, item.id),
        update: 'SET #status = :sending, leaseUntil = :lease, attempts = attempts + :one, gsi2sk = :resume',
        names: { '#status': 'status' },
        values: { ':sending': 'sending', ':lease': leaseUntil, ':one': 1, ':resume': `${leaseUntil}#${item.id}` },
        condition: {
          expression: '(#status = :pending AND nextAttemptAt <= :now) OR (#status = :sending AND leaseUntil < :now)',
          values: { ':pending': 'pending', ':now': now.toISOString() },
        },
      });
      return attrs as unknown as OutboxItem;
    } catch (err) {
      if (err instanceof ConditionFailed) return undefined; // someone else has it, or it is done
      throw err;
    }
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const p = item.payload;
    const now = this.clock();
    if (p.kind === 'message') return deliverToMailbox(this.store, item, p, now);
    if (p.kind === 'external') return this.sendExternal(item, p);
    if (p.kind === 'event') {
      // Fan out to the tenant's subscriptions; derived ids make the fan-out itself idempotent.
      for (const hook of await this.webhooks.list(item.tenantId)) {
        if (!hook.active || !matchesEvent(hook.events, p.eventType)) continue;
        const action = enqueue(
          item.tenantId,
          { kind: 'webhook', webhookId: hook.id, eventId: item.id, eventType: p.eventType, data: p.data, occurredAt: item.createdAt },
          now,
          `${item.id}-${hook.id}`,
        );
        if (action.kind !== 'put') continue;
        try {
          await this.store.put(action.item, action.condition);
        } catch (err) {
          if (!(err instanceof ConditionFailed)) throw err;
        }
      }
      return;
    }
    const found = await this.webhooks.withSecret(item.tenantId, p.webhookId);
    if (!found?.hook.active) throw new PermanentFailure('webhook subscription no longer exists');
    await this.post(found.hook, found.secret, item.id, { id: item.id, type: p.eventType, occurredAt: p.occurredAt, data: p.data });
  }

  /**
   * Retries a message's external send, at most once per channel: the send is
   * recorded on the outbox item, so a retry (say, after the mark failed)
   * skips it. A crash between the send and the record can still repeat it;
   * providers have no idempotency key to prevent that.
   */
  private async sendExternal(item: OutboxItem, p: Extract<OutboxItem['payload'], { kind: 'external' }>): Promise<void> {
    const reached = this.sendsExternally ? await this.reach(item.tenantId, p.recipient) : undefined;
    if (!reached || item[`sent_${reached.channel.name}`]) return;
    const { channel, contact } = reached;
    await channel.send(contact, { subject: p.subject, body: p.body, id: p.mailId });
    await this.store.update({
      kind: 'update',
      key: outboxKeys.item(item.tenantId, item.id),
      update: 'SET #sent = :at',
      names: { '#sent': `sent_${channel.name}` },
      values: { ':at': this.clock().toISOString() },
    });
  }

  private async post(hook: Webhook, secret: string, id: string, message: unknown): Promise<void> {
    const body = JSON.stringify(message);
    const timestamp = Math.floor(this.clock().getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, id, timestamp, body),
    };
    const status = await postGuarded(new URL(hook.url), headers, body, this.options.webhookTimeoutMs ?? 5000, this.webhooks.destinations);
    if (status < 200 || status >= 300) throw new Error(`webhook answered ${status}`);
  }

  /** The TTL of a row that is done with (epoch seconds). */
  private expiry(): number {
    return Math.floor(this.clock().getTime() / 1000) + KEEP_DELIVERED_SECONDS;
  }

  private async reschedule(item: OutboxItem, err: unknown): Promise<Outcome> {
    const attempts = item.attempts;
    const message = err instanceof Error ? err.message : String(err);
    const final = err instanceof PermanentFailure || attempts >= this.maxAttempts;
    const key = outboxKeys.item(item.tenantId, item.id);
    this.options.log?.({ level: 'warn', msg: 'outbox delivery failed', outboxId: item.id, tenantId: item.tenantId, attempts, final, error: message });
    if (final) {
      await this.store.update({
        kind: 'update',
        key,
        update: 'SET #status = :failed, lastError = :error, #ttl = :expires REMOVE gsi2pk, gsi2sk, leaseUntil',
        names: { '#status': 'status', '#ttl': TABLE.ttlAttribute },
        values: { ':failed': 'failed', ':error': message, ':expires': this.expiry() },
      });
      return 'failed';
    }
    const next = new Date(this.clock().getTime() + this.backoff(attempts)).toISOString();
    await this.store.update({
      kind: 'update',
      key,
      update: 'SET #status = :pending, nextAttemptAt = :next, gsi2sk = :sk, lastError = :error REMOVE leaseUntil',
      names: { '#status': 'status' },
      values: { ':pending': 'pending', ':next': next, ':sk': `${next}#${item.id}`, ':error': message },
    });
    return 'retry';
  }
}

/** A failure retrying cannot fix. */
export class PermanentFailure extends Error {}

/**
 * One POST, connecting only to an address the destination policy allows
 * (checked on the address actually connected to); redirects are not
 * followed, so a 3xx is a failed delivery.
 */
function postGuarded(url: URL, headers: Record<string, string>, body: string, timeoutMs: number, policy: DestinationPolicy): Promise<number> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = refusedRange(host, policy);
  if (literal && literal !== 'not an IP address') return Promise.reject(new PermanentFailure(`refusing to send a webhook to ${host} (${literal})`));
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, lookup: guardedLookup(policy) as never, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`webhook did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
