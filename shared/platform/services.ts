/** The composition root: one place that wires the platform's parts together. */
import type { PlatformConfig } from './config.ts';
import { log } from '../kernel/log.ts';
import { KINDS } from '../modules/index.ts';
import { CaseService } from '../pipeline/cases.ts';
import type { TenantKind } from '../pipeline/contract.ts';
import { Dispatcher, type DispatcherOptions } from '../capabilities/outbox/dispatcher.ts';
import { Sealer } from '../capabilities/sealing/sealer.ts';
import { WebhookRegistry } from '../capabilities/outbox/webhooks.ts';
import { CashManagement } from '../capabilities/cash-management/sweep.ts';
import { Ledger } from '../ledger/ledger.ts';
import { SettlementRunner, type RunnerHooks } from '../pipeline/settlement.ts';
import { UnitDirectory } from '../capabilities/cash-management/units.ts';
import { CampusService } from '../modules/campus-post/service.ts';
import { NcmsService } from '../modules/ncms/service.ts';
import { ModuleStore } from '../store/module-store.ts';
import { Store } from '../store/store.ts';
import { ApiKeys } from './api-keys.ts';
import { TenantDirectory } from './tenants.ts';

export interface Platform {
  config: PlatformConfig;
  store: Store;
  kinds: ReadonlyMap<string, TenantKind>;
  tenants: TenantDirectory;
  cases: CaseService;
  apiKeys: ApiKeys;
  webhooks: WebhookRegistry;
  dispatcher: Dispatcher;
  sealer: Sealer;
  units: UnitDirectory;
  ledger: Ledger;
  cash: CashManagement;
  settlement: SettlementRunner;
  ncms: NcmsService;
  campus: CampusService;
}

export function createPlatform(
  config: PlatformConfig,
  opts: { store?: Store; dispatcher?: DispatcherOptions; clock?: () => Date; settlementHooks?: RunnerHooks } = {},
): Platform {
  const store = opts.store ?? Store.fromConfig(config.store);
  const sealer = new Sealer(config.dataKey);
  const webhooks = new WebhookRegistry(store, sealer, config.allowInsecureWebhooks);
  const units = new UnitDirectory(store);
  const ledger = new Ledger(store, units, opts.clock);
  return {
    config,
    store,
    kinds: KINDS,
    tenants: new TenantDirectory(store),
    cases: new CaseService({ store, kinds: KINDS, sealer, cursorSecret: config.cursorSecret, ledger, clock: opts.clock }),
    apiKeys: new ApiKeys(store),
    webhooks,
    dispatcher: new Dispatcher(store, webhooks, { log: (e) => log('warn', String(e.msg), e), clock: opts.clock, ...opts.dispatcher }),
    sealer,
    units,
    ledger,
    cash: new CashManagement(ledger, units),
    settlement: new SettlementRunner(store, ledger, units, KINDS, opts.clock, opts.settlementHooks),
    ncms: new NcmsService(new ModuleStore(store, 'ncms'), ledger, sealer, config.cursorSecret, opts.clock),
    campus: new CampusService(new ModuleStore(store, 'campus-post'), sealer, opts.clock),
  };
}
