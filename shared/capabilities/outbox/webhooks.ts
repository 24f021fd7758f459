/**
 * Webhook subscriptions and signed delivery, following the Standard Webhooks
 * scheme: headers webhook-id / webhook-timestamp / webhook-signature, where
 * the signature is base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")).
 * Receivers deduplicate on webhook-id, which stays the same across retries.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { newId } from '../../kernel/ids.ts';
import { problems } from '../../kernel/problems.ts';
import { conditions, type Store } from '../../store/store.ts';
import type { Sealer } from '../sealing/index.ts';
import { type DestinationPolicy, destinationProblem } from './destinations.ts';
import { webhookKeys } from './keys.ts';

export interface Webhook {
  id: string;
  url: string;
  /** Event types to receive, e.g. `repair.created`, `repair.*` or `*`. */
  events: string[];
  active: boolean;
  createdAt: string;
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function matchesEvent(patterns: string[], eventType: string): boolean {
  return patterns.some((p) => p === '*' || p === eventType || (p.endsWith('.*') && eventType.startsWith(p.slice(0, -1))));
}

/** How long a process trusts its copy of a tenant's subscriptions: a new one hears events from other processes within this. */
export const SUBSCRIPTIONS_CACHE_MS = 30_000;

export class WebhookRegistry {
  private readonly cache = new Map<string, { at: number; hooks: Promise<Webhook[]> }>();

  constructor(
    private readonly store: Store,
    private readonly sealer: Sealer,
    /** Local development only: plain http and loopback destinations. */
    readonly destinations: DestinationPolicy,
  ) {}

  /** Creates a subscription to a public https destination; the secret is returned once and stored sealed. */
  async planCreate(tenantId: string, input: { url: string; events: string[] }, now: Date) {
    const url = new URL(input.url);
    if (url.protocol !== 'https:' && !(this.destinations.allowLoopback && url.protocol === 'http:')) {
      throw problems.validation([{ field: 'url', message: 'webhook URLs must use https' }]);
    }
    const refused = await destinationProblem(url, this.destinations);
    if (refused) throw problems.validation([{ field: 'url', message: refused }]);
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const hook: Webhook = { id: newId(now.getTime()), url: url.toString(), events: input.events, active: true, createdAt: now.toISOString() };
    return {
      hook,
      secret,
      action: {
        kind: 'put' as const,
        item: { ...webhookKeys.item(tenantId, hook.id), entity: 'webhook', hook, sealedSecret: this.sealer.seal(tenantId, { secret }) },
        condition: conditions.absent(),
      },
    };
  }

  /**
   * The subscriptions a change writes its deliveries for, read once per
   * tenant per half minute: a case change needs them, and they change rarely.
   */
  subscribed(tenantId: string): Promise<Webhook[]> {
    const hit = this.cache.get(tenantId);
    if (hit && Date.now() - hit.at < SUBSCRIPTIONS_CACHE_MS) return hit.hooks;
    const hooks = this.list(tenantId).then((all) => all.filter((h) => h.active));
    hooks.catch(() => this.cache.delete(tenantId));
    this.cache.set(tenantId, { at: Date.now(), hooks });
    return hooks;
  }

  /** This process hears a subscription it made or removed at once. */
  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  async list(tenantId: string): Promise<Webhook[]> {
    const page = await this.store.query({ pk: webhookKeys.partition(tenantId) });
    return page.items.map((i) => i.hook as Webhook);
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    const existing = await this.store.get(webhookKeys.item(tenantId, id));
    if (!existing) return false;
    await this.store.delete(webhookKeys.item(tenantId, id));
    this.forget(tenantId);
    return true;
  }

  async withSecret(tenantId: string, id: string): Promise<{ hook: Webhook; secret: string } | undefined> {
    const item = await this.store.get(webhookKeys.item(tenantId, id));
    if (!item) return undefined;
    return { hook: item.hook as Webhook, secret: this.sealer.open(tenantId, item.sealedSecret as string).secret as string };
  }
}
