/**
 * What a capability — a part of the platform a tenant enables, such as
 * postal cash management — contributes: everything a kind may (labels,
 * routes, pages, nightly steps, demo data), built from the platform's parts
 * plus the store itself, and the rules it adds to the ledger.
 */
import type { Label } from '../kernel/labels.ts';
import type { DemoContext, Extension, PluginParts } from '../kit/plugin.ts';
import type { LedgerPolicy } from '../ledger/index.ts';
import type { Store } from '../store/store.ts';

export interface CapabilityParts extends PluginParts {
  store: Store;
}

export interface CapabilityPlugin<S = unknown> extends Extension<S, CapabilityParts> {
  id: string;
  title: Label;
  /** Rules it adds to the ledger, for every leg of every tenant's entries. */
  ledgerPolicy?(store: Store): LedgerPolicy;
  /** Demo data for a demo tenant that enables it, seeded before the kind's own. */
  demo?: { seed(services: S, ctx: DemoContext): Promise<void> };
}

// The registry holds capabilities of any services type; each one's own code is typed by defineCapability.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnyCapability = CapabilityPlugin<any>;

export const defineCapability = <S>(plugin: CapabilityPlugin<S>): CapabilityPlugin<S> => plugin;
