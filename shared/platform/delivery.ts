/**
 * What delivering notifications needs, and nothing more: the store, the
 * tenant directory and the dispatcher with its webhooks. The notify
 * function is built from this alone, so it carries no tenant kind.
 */
import { Dispatcher, type DispatcherOptions, WebhookRegistry } from '../capabilities/outbox/index.ts';
import { KmsKeyWrapper, LocalKeyWrapper } from '../capabilities/sealing/envelope.ts';
import { Sealer } from '../capabilities/sealing/index.ts';
import { log } from '../kernel/log.ts';
import { Store } from '../store/store.ts';
import type { PlatformConfig } from './config.ts';
import { TenantDirectory } from './tenants.ts';

export interface Delivery {
  store: Store;
  tenants: TenantDirectory;
  webhooks: WebhookRegistry;
  dispatcher: Dispatcher;
}

export function createDelivery(config: PlatformConfig, opts: { store?: Store; dispatcher?: DispatcherOptions } = {}): Delivery {
  const store = opts.store ?? Store.fromConfig(config.store);
  const webhooks = new WebhookRegistry(store, Sealer.fromKeys(config.keys), { allowLoopback: config.allowInsecureWebhooks });
  return {
    store,
    // Each tenant's data key is wrapped by KMS in AWS (KMS_KEY_ID), by a key of the platform's own elsewhere.
    tenants: new TenantDirectory(store, {
      wrapper: config.kmsKeyId ? new KmsKeyWrapper(config.kmsKeyId) : new LocalKeyWrapper(config.keys.key('tenant-key-wrapping')),
      keys: config.keys.tenantKeys,
    }),
    webhooks,
    dispatcher: new Dispatcher(store, webhooks, { log: (e) => log('warn', String(e.msg), e), ...opts.dispatcher }),
  };
}
