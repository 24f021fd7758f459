/**
 * The composition root: the one place that wires the platform's parts
 * together and builds every plugin's services from them. Kinds and
 * capabilities come from their registries (or, in a test, from the caller).
 */
import type { AnyCapability } from '../capabilities/contract.ts';
import { idempotentWrite } from '../capabilities/idempotency/index.ts';
import type { Dispatcher, DispatcherOptions, WebhookRegistry } from '../capabilities/outbox/index.ts';
import { CAPABILITIES } from '../capabilities/registry.ts';
import { Sealer } from '../capabilities/sealing/index.ts';
import { type Clock, systemClock } from '../kernel/clock.ts';
import { type LabelTable, mergeLabels } from '../kernel/labels.ts';
import { PLATFORM_PROBLEMS, type ProblemCatalogue } from '../kernel/problems.ts';
import { KINDS } from '../kinds/index.ts';
import { type Authority, accessFor } from '../kit/access.ts';
import type { AnyKind, PluginParts } from '../kit/plugin.ts';
import { LEDGER_PROBLEMS, Ledger, type LedgerPolicy } from '../ledger/index.ts';
import { CaseService } from '../pipeline/cases.ts';
import type { NightlyStep, Tenant } from '../pipeline/contract.ts';
import { type RunnerHooks, SettlementRunner } from '../pipeline/settlement.ts';
import { Namespace } from '../store/namespace.ts';
import { enterTenant, isolated, withinTenant } from '../store/scope.ts';
import { Store } from '../store/store.ts';
import { ApiKeys } from './api-keys.ts';
import { buildAuthority } from './authority.ts';
import type { PlatformConfig } from './config.ts';
import { createDelivery } from './delivery.ts';
import { PLATFORM_LABELS } from './labels.ts';
import type { TenantDirectory } from './tenants.ts';
import type { WorkQueue } from './work-queue.ts';

export interface Platform {
  config: PlatformConfig;
  store: Store;
  clock: Clock;
  kinds: ReadonlyMap<string, AnyKind>;
  capabilities: ReadonlyMap<string, AnyCapability>;
  tenants: TenantDirectory;
  cases: CaseService;
  apiKeys: ApiKeys;
  webhooks: WebhookRegistry;
  dispatcher: Dispatcher;
  sealer: Sealer;
  ledger: Ledger;
  settlement: SettlementRunner;
  /**
   * Where per-tenant work is handed: set where this process runs its own
   * workers (the local server, the tests). In AWS the API has none: the
   * table stream hands a queued settlement to the settlement queue.
   */
  workQueue?: WorkQueue;
  /** Runs work confined to one tenant's records (every store call inside it; in AWS, with credentials confined alike). */
  confine<T>(tenantId: string, work: () => T): T;
  /** Confines the rest of the current request to one tenant (a public route naming its tenant); requests run `isolated`. */
  enterTenant(tenantId: string): void;
  isolated<T>(work: () => T): T;
  /** What the one authorization decision consults: roles' scoping and scope dimensions, per tenant. */
  authority: Authority;
  /** Each plugin's services, by kind name or capability id. */
  services: ReadonlyMap<string, unknown>;
  /** The capabilities a tenant has enabled (unknown names are ignored). */
  capabilitiesOf(tenant: Pick<Tenant, 'capabilities'>): AnyCapability[];
  /** Labels of every code a tenant's screens may show: its kind's, its capabilities', its nightly steps'. */
  labelsFor(tenant: Pick<Tenant, 'kind' | 'capabilities'>): LabelTable;
  /** The nightly steps of a tenant: its kind's, then its capabilities'. */
  stepsFor(tenant: Tenant): readonly NightlyStep[];
  /** Every problem type the platform can answer with: its own, the ledger's, and each plugin's. */
  problemCatalogue: ProblemCatalogue;
}

export interface PlatformOptions {
  store?: Store;
  dispatcher?: DispatcherOptions;
  clock?: Clock;
  settlementHooks?: RunnerHooks;
  /** The tenant kinds served (default: the registry). */
  kinds?: readonly AnyKind[];
  capabilities?: readonly AnyCapability[];
  /** No table stream runs here (the local store): the store reports its inserts to the dispatcher instead. */
  localStream?: boolean;
}

export function createPlatform(config: PlatformConfig, opts: PlatformOptions = {}): Platform {
  const store = opts.store ?? Store.fromConfig(config.store);
  const clock = opts.clock ?? systemClock;
  const kinds = new Map((opts.kinds ?? KINDS).map((k) => [k.kind, k]));
  const capabilities = new Map((opts.capabilities ?? CAPABILITIES).map((c) => [c.id, c]));
  const sealer = Sealer.fromKeys(config.keys);
  const delivery = createDelivery(config, { store, dispatcher: { clock: opts.clock, ...opts.dispatcher } });
  if (opts.localStream) store.onInsert((items) => delivery.dispatcher.observe(items));
  const declared: LedgerPolicy = { accounts: [...kinds.values(), ...capabilities.values()].flatMap((p) => p.accounts ?? []) };
  const ledger = new Ledger(
    store,
    combinePolicies([declared, ...[...capabilities.values()].flatMap((c) => (c.ledgerPolicy ? [c.ledgerPolicy(store)] : []))]),
    opts.clock,
  );
  const { tenants } = delivery;
  const cases = new CaseService({
    store,
    kinds,
    sealer,
    cursorSecret: config.keys.secret('cursor'),
    ledger,
    clock: opts.clock,
    subscriptions: (tenantId) => delivery.webhooks.subscribed(tenantId),
  });

  const parts = (name: string): PluginParts => ({
    records: new Namespace(store, name),
    ledger,
    sealer,
    clock,
    dateWindow: config.dateWindow,
    secret: (purpose) => config.keys.secret(`plugin:${name}:${purpose}`),
    // The record's time to live is counted on the platform's clock, as the store reads it.
    idempotent: (req, plan) => idempotentWrite({ store, vault: sealer }, req, plan, clock()),
    cases,
    rosters: cases.rosters,
    tenants,
    serviceAccess: (tenant, purpose) =>
      accessFor(authority, { sub: `service:${name}:${purpose}`, tenantId: tenant.id, roles: ['tenant-admin'], scopes: {} }, tenant, {
        action: `${name}.${purpose}`,
        resource: '*',
        roles: { 'tenant-admin': 'tenant' },
      }),
  });
  const services = new Map<string, unknown>();
  for (const c of capabilities.values()) services.set(c.id, c.services({ ...parts(c.id), store }));
  for (const k of kinds.values()) services.set(k.kind, k.services(parts(k.kind)));

  const capabilitiesOf = (tenant: Pick<Tenant, 'capabilities'>) => (tenant.capabilities ?? []).flatMap((id) => capabilities.get(id) ?? []);
  const authority = buildAuthority(kinds, capabilitiesOf, services);
  const stepsFor = (tenant: Tenant): readonly NightlyStep[] => {
    const kind = kinds.get(tenant.kind);
    return [...(kind?.nightly?.(services.get(kind.kind)) ?? []), ...capabilitiesOf(tenant).flatMap((c) => c.nightly?.(services.get(c.id)) ?? [])];
  };
  const labelsFor = (tenant: Pick<Tenant, 'kind' | 'capabilities'>) => {
    const kind = kinds.get(tenant.kind);
    const steps = [...(kind?.nightly?.(services.get(kind.kind)) ?? []), ...capabilitiesOf(tenant).flatMap((c) => c.nightly?.(services.get(c.id)) ?? [])];
    const roles = Object.fromEntries(Object.entries(kind?.roles ?? {}).map(([r, spec]) => [r, spec.label]));
    const dimensions = [
      ...Object.entries(kind?.dimensions?.(services.get(kind.kind)) ?? {}),
      ...capabilitiesOf(tenant).flatMap((c) => Object.entries(c.dimensions?.(services.get(c.id)) ?? {})),
    ];
    return mergeLabels(PLATFORM_LABELS, ...capabilitiesOf(tenant).map((c) => c.labels), kind?.labels, {
      step: Object.fromEntries(steps.map((s) => [s.name, s.label])),
      role: roles,
      dimension: Object.fromEntries(dimensions.map(([name, d]) => [name, d.label])),
    });
  };

  return {
    config,
    store,
    clock,
    kinds,
    capabilities,
    tenants,
    cases,
    apiKeys: new ApiKeys(store),
    webhooks: delivery.webhooks,
    dispatcher: delivery.dispatcher,
    sealer,
    ledger,
    settlement: new SettlementRunner(store, ledger, stepsFor, opts.clock, opts.settlementHooks),
    services,
    authority,
    confine: withinTenant,
    enterTenant,
    isolated,
    capabilitiesOf,
    labelsFor,
    stepsFor,
    problemCatalogue: mergeCatalogues([
      PLATFORM_PROBLEMS,
      LEDGER_PROBLEMS,
      ...[...capabilities.values()].map((c) => c.problems),
      ...[...kinds.values()].map((k) => k.problems),
    ]),
  };
}

/** One ledger policy from several: every rule of each, and the first that knows a unit's parent. */
function combinePolicies(policies: readonly LedgerPolicy[]): LedgerPolicy {
  return {
    rules: policies.flatMap((p) => p.rules ?? []),
    accounts: policies.flatMap((p) => p.accounts ?? []),
    parentOf: async (tenantId, unit) => {
      for (const p of policies) {
        const parent = await p.parentOf?.(tenantId, unit);
        if (parent !== undefined) return parent;
      }
      return undefined;
    },
  };
}

/** Merges problem catalogues; the same slug declared twice with different statuses is a fault of the registry. */
function mergeCatalogues(catalogues: ReadonlyArray<ProblemCatalogue | undefined>): ProblemCatalogue {
  const out: ProblemCatalogue = {};
  for (const c of catalogues) {
    for (const [slug, type] of Object.entries(c ?? {})) {
      if (out[slug] && out[slug].status !== type.status) throw new Error(`problem type ${slug} is catalogued twice with different statuses`);
      out[slug] = type;
    }
  }
  return out;
}
