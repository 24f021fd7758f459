/**
 * The plugin seam, after Backstage's backend plugins: the platform offers
 * extension points and a tenant kind (or a capability a tenant enables)
 * contributes to them from its own folder — its roles and case types, its
 * services (built by a factory from the platform's parts), its API routes,
 * its console pages with their nav entries, its labels and problem types,
 * its nightly steps and its demo data. The platform iterates the registry
 * and never names a kind.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { IdempotencyRequest, PlannedWrite, WriteOutcome } from '../capabilities/idempotency/index.ts';
import type { Sealer } from '../capabilities/sealing/index.ts';
import type { Clock, DateWindow } from '../kernel/clock.ts';
import type { Label, LabelTable, Lang } from '../kernel/labels.ts';
import type { ProblemCatalogue } from '../kernel/problems.ts';
import type { Role } from '../kernel/tenancy.ts';
import type { AccountTemplate, Ledger } from '../ledger/index.ts';
import type { CaseDetail, CaseEvent, CaseView, Channel, NightlyStep, TaskView, Tenant, TenantKind } from '../pipeline/contract.ts';
import type { Rosters } from '../pipeline/rosters.ts';
import type { Namespace } from '../store/namespace.ts';
import type { Access, Dimension, Permission } from './access.ts';
import type { ConsoleCtx } from './console/context.tsx';
import type { AppEnv } from './env.ts';

/** The capabilities a kind may declare that it uses (its imports are checked against the list). */
export type CapabilityName = 'calendar' | 'idempotency' | 'outbox' | 'sealing' | 'cash-management' | 'parcel-custody';

/** What the case pipeline offers a plugin's services. */
export interface CasePort {
  get(access: Access, tenant: Tenant, caseId: string): Promise<CaseDetail>;
  history(access: Access, tenant: Tenant, caseId: string): Promise<CaseEvent[]>;
  submit(
    access: Access,
    tenant: Tenant,
    body: { type: string; input: unknown },
    idempotencyKey?: string,
    on?: { requester?: string; channel?: Channel },
  ): Promise<{ body: CaseDetail; status: number; replayed?: boolean }>;
  transition(access: Access, tenant: Tenant, caseId: string, body: { action: string; input?: unknown }): Promise<{ body: CaseDetail }>;
  /** A page of a queue's open or shut cases, read as the platform (for nightly work). */
  scan(
    tenant: Tenant,
    queue: string,
    which: 'open' | 'shut',
    startKey?: Record<string, unknown>,
  ): Promise<{ items: CaseView[]; lastKey?: Record<string, unknown> }>;
  /** How many of a team's open tasks were due before an instant (without reading their cases). */
  overdueTasks(tenant: Tenant, team: string, before: Date): Promise<number>;
  /** A case's sealed fields in clear, for a caller whose role may reveal them: the read is recorded with its reason first. */
  reveal(access: Access, tenant: Tenant, caseId: string, reason: string): Promise<Record<string, unknown>>;
  /**
   * A read in clear of personal data a kind keeps outside a case (a hospital
   * stay's patient), recorded in the tenant's access log — under the reader
   * and under the subject — before the data is shown.
   */
  recordRead(access: Access, tenant: Tenant, read: { record: string; subject: string; fields: readonly string[]; reason: string }): Promise<void>;
  /** Everything a case holds on its person, in clear, for their own request for it: for roles that may reveal it, recorded first. */
  exportOf(access: Access, tenant: Tenant, caseId: string, reason: string): Promise<{ case: CaseView; history: CaseEvent[] }>;
  /** A team's open tasks with their cases, read as the platform: the kind's route decides who sees them. */
  teamWork(
    tenant: Tenant,
    team: string,
    opts: { limit: number; startKey?: Record<string, unknown> },
  ): Promise<{ items: Array<{ task: TaskView; case: CaseView }>; lastKey?: Record<string, unknown> }>;
  /** Fires a `system` action once per judgement (`key`), on the version judged when given; false when it is no longer possible. */
  fireSystem(tenant: Tenant, caseId: string, action: string, opts?: { version?: number; key?: string }): Promise<boolean>;
}

export type RosterPort = Pick<Rosters, 'get' | 'list' | 'put' | 'openWork'>;

/** The platform's parts a plugin's services are built from. */
export interface PluginParts {
  /** The plugin's own namespace of the table (`T#<tenant>#MOD#<name>#…`). */
  records: Namespace;
  ledger: Ledger;
  sealer: Sealer;
  clock: Clock;
  /** How far from today a business date may lie (admissions, discharges, runs). */
  dateWindow: DateWindow;
  /** A secret of this plugin's own, for one purpose (e.g. signing survey links). */
  secret(purpose: string): string;
  /** Commits a planned write once per Idempotency-Key (a retry replays the first response). */
  idempotent<T>(req: IdempotencyRequest, plan: () => Promise<PlannedWrite<T>>): Promise<WriteOutcome<T>>;
  cases: CasePort;
  /** Team rosters: members, leads and how work is handed out (the case pipeline assigns by them). */
  rosters: RosterPort;
  /**
   * The platform itself as a reader of a tenant (an admin's reach), for work
   * done after the caller's own access was decided — a form rendered for a
   * stay the caller may see, say. Named by its purpose in every record it leaves.
   */
  serviceAccess(tenant: Tenant, purpose: string): Access;
  tenants: { get(id: string): Promise<Tenant | undefined> };
}

/** What a route declares, built for one plugin: only its own tenants get past the guard. */
export interface RouteKit {
  /**
   * The route's OpenAPI tag, security and declared permission (published as
   * `x-authz`), and its guard: 401 without credentials, 403 when no role of
   * the caller's may do it, 404 for another kind's tenant; handlers then
   * consult `accessOf(c)` with the resource's scope.
   */
  guard(permission: Permission): { tags: string[]; security: Array<Record<string, string[]>>; middleware: never[]; 'x-authz': unknown };
  /** For a public route naming a tenant in its path: that tenant if it is of this kind (or has this capability), else 404. */
  publicTenant(tenantId: string): Promise<Tenant>;
  tag: string;
}

/** A console screen: who may open it (anyone else gets the not-found page) and, optionally, its nav entry. */
export interface ConsolePage<S> {
  method?: 'get' | 'post';
  /** Under /console, e.g. `/parcels/:id`. */
  path: string;
  roles: readonly Role[];
  nav?: { label: Label; order?: number };
  handler(x: ConsoleCtx, services: S): Response | Promise<Response>;
}

/**
 * A page anyone may open without signing in (a survey a patient answers from
 * a text message's link, a price board on a wall screen): what it shows and
 * accepts is for the API's public routes to allow, by the token in the link
 * or because it is public by nature. Served under `/console/public`.
 */
export interface PublicPage<S> {
  method?: 'get' | 'post';
  /** Under /console/public, e.g. `/<kind>/surveys/:tenantId/:id`. */
  path: string;
  handler(x: PublicCtx, services: S): Response | Promise<Response>;
}

/** A public page's context: the language, the API without credentials, and the page frame without a user. */
export interface PublicCtx {
  c: Context;
  lang: Lang;
  caption(text: string): string;
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by pages that know its shape
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  page(title: string, children: Child, status?: number): Response | Promise<Response>;
  /** The posted form (public forms carry their own credential, the link's token; there is no session to forge). */
  form(): Promise<Record<string, string>>;
}

/** A block on the dashboard or the settings page, for the roles named. */
export interface ConsoleBlock<S> {
  roles: readonly Role[];
  render(x: ConsoleCtx, services: S): Promise<Child | null>;
}

export interface DemoUser {
  sub: string;
  roles: Role[];
  scopes?: Record<string, string[]>;
}

/** What demo seeding may use besides the plugin's own services. */
export interface DemoContext {
  tenant: Tenant;
  now: Date;
  /** A demo person, to act through the case pipeline as one. */
  actingAs(sub: string, roles: Role[], scopes?: Record<string, string[]>): Access;
}

/**
 * What kinds and capabilities alike may contribute.
 *
 * The Lambda bundles are built with `process.env.ONESTOP_PARTS` defined as
 * 'api' (routes), 'console' (routes and screens: the console calls the API
 * in-process) or 'worker' (notify, settle). A plugin therefore writes its
 * routes as `...(process.env.ONESTOP_PARTS !== 'worker' && { routes })`, its
 * screens as `...(process.env.ONESTOP_PARTS !== 'worker' &&
 * process.env.ONESTOP_PARTS !== 'api' && { console })` and its demo data as
 * `...(process.env.ONESTOP_PARTS === undefined && { seed })`, inline: the
 * bundler folds them away where they are not needed and drops everything
 * they import. Running from source (`npm start`, tests), every part is there.
 */
export interface Extension<S, P = PluginParts> {
  /** Labels of every code it emits, by group (`state`, `category`, `status`, `step`, …). */
  labels?: LabelTable;
  problems?: ProblemCatalogue;
  /** Builds its services from the platform's parts (once per platform). */
  services(parts: P): S;
  /** Its API, mounted under /v1; every operation uses `kit.guard` and is tagged with the plugin. */
  routes?(kit: RouteKit, services: S): OpenAPIHono<AppEnv>;
  console?: {
    pages?: ReadonlyArray<ConsolePage<S>>;
    public?: ReadonlyArray<PublicPage<S>>;
    dashboard?: ReadonlyArray<ConsoleBlock<S>>;
    settings?: ReadonlyArray<ConsoleBlock<S>>;
  };
  /** The ledger accounts its flows book to by name: opened by those flows on first use, moved only by them. */
  accounts?: readonly AccountTemplate[];
  /** The scope dimensions it adds (a kind's `hospital`, a capability's `unit`): how a caller's values cover a resource's. */
  dimensions?(services: S): Readonly<Record<string, Dimension<Tenant>>>;
  /** Steps of the nightly settlement for its tenants, in order. */
  nightly?(services: S): readonly NightlyStep[];
}

export interface KindPlugin<S = unknown> extends TenantKind, Extension<S> {
  /** Capabilities its code uses. */
  uses: readonly CapabilityName[];
  demo: {
    /** A fixed id: scripts and docs rely on it. */
    tenantId: string;
    name: string;
    users: readonly DemoUser[];
    /** Capabilities the demo tenant enables. */
    capabilities?: readonly string[];
    seed?(services: S, ctx: DemoContext): Promise<void>;
  };
}

// The registry holds plugins of any services type; each plugin's own code is typed by defineKind.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnyKind = KindPlugin<any>;

export const defineKind = <S>(plugin: KindPlugin<S>): KindPlugin<S> => plugin;
