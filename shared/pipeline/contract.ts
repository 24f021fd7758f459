/**
 * The module contract: what a tenant kind declares to plug into the shared
 * pipeline (intake → route → settle → notify). A module is data plus pure
 * functions; the pipeline owns persistence, idempotency, authorization,
 * timers, the outbox and retries. A module never touches the table.
 */
import type { z } from 'zod';
import type { Calendar } from '../capabilities/calendar/calendar.ts';
import type { Label } from '../kernel/labels.ts';
import type { Actor, Role } from '../kernel/tenancy.ts';
import type { LedgerRequest, TransferRequest } from '../ledger/ledger.ts';
import type { Entity, RecordDraft } from '../store/entity.ts';
import type { RecordCondition, Records } from '../store/namespace.ts';

export { type Actor, COMMON_ROLES, PLATFORM_OPERATOR, type Role } from '../kernel/tenancy.ts';

/** What a module sees of a case: never storage attributes. */
export interface CaseView<TData = Record<string, unknown>> {
  id: string;
  tenantId: string;
  type: string;
  state: string;
  version: number;
  data: TData;
  /** Whose request it is: notified, confirms, rates, is billed. */
  requester: string;
  /** Who took it, when someone filed it for the requester (首问负责: the first-contact owner). */
  takenBy?: string;
  /** How it came in: at the desk, by phone, through the app. */
  channel?: Channel;
  queue: string;
  team?: string;
  assignee?: string;
  /** Attributes that scope visibility (matched against Actor.scopes). */
  scope: Record<string, string>;
  priority: string;
  slaDueAt: string;
  createdAt: string;
  updatedAt: string;
  tasks: TaskView[];
  /** The service-level clock, when the case type promises times. */
  sla?: SlaClock;
  /** Requesters of duplicates merged into this case: they see it and hear what its requester hears. */
  followers?: string[];
}

export const CHANNELS = ['app', 'phone', 'walk-in'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface CaseDetail extends CaseView {
  stateLabel: string;
  /** Actions the caller may fire now. */
  actions: string[];
  /** Names of fields held sealed; their values in `data` are masked. */
  sealedFields: string[];
}

export interface CaseEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  from: string | null;
  to: string;
  note?: string;
  input?: Record<string, unknown>;
  transfers?: string[];
}

/** Work dispatched by the owning desk to a team or department. */
export interface TaskView {
  id: string;
  team: string;
  title: string;
  status: 'open' | 'done' | 'cancelled';
  dueAt?: string;
  note?: string;
  doneBy?: string;
  doneAt?: string;
}

export interface SlaSpec {
  /** Minutes to resolution. */
  minutes: number;
  /** 'business' counts the tenant's working hours; 'clock' counts wall time (emergencies). */
  basis: 'business' | 'clock';
  /** Minutes to the first response (a transition marked `sla: 'respond'`). */
  firstResponse?: number;
  /** Minutes between updates while the case is open: each response restarts it. */
  nextUpdate?: number;
}

export const SLA_TIMERS = ['firstResponse', 'nextUpdate', 'resolution'] as const;
export type SlaTimerName = (typeof SLA_TIMERS)[number];

/** One promise of the desk: when it is due, when to warn, and what has come of it. */
export interface SlaTimer {
  startedAt: string;
  /** Its length, on the clock's basis. */
  minutes: number;
  /** Time it spent paused, added to its length. */
  pausedMinutes: number;
  dueAt: string;
  /** 80 % of the way: the team is warned. */
  warnAt: string;
  /** Kept: when the response (or the resolution) came. */
  metAt?: string;
  warned?: boolean;
  /** Past due: the team's leads and the desk were told. */
  breached?: boolean;
  /** Overdue by its own length again: the manager was told. */
  escalated?: boolean;
}

/** A case's service-level clock: its timers, and a pause while it waits on the requester. */
export interface SlaClock {
  basis: 'business' | 'clock';
  timers: Partial<Record<SlaTimerName, SlaTimer>>;
  nextUpdateMinutes?: number;
  /** Set while the case waits on the requester: no timer runs. */
  pausedAt?: string;
  /** Minutes (on the clock's basis) spent paused so far. */
  pausedMinutes: number;
  /** The pauses that ended, so that a change of basis can count them again. */
  pauses?: Array<{ from: string; to: string }>;
}

export interface IntakeContext<TInput> {
  input: TInput;
  caseId: string;
  actor: Actor;
  now: Date;
  timeZone: string;
  records: Records;
  /** The tenant's blind index of a value (an identity number), to find what was filed under it. */
  blindIndex(value: string): string;
  /** Another case of the tenant the filing names (a permit's registration), if the caller may read it. */
  caseOf(caseId: string): Promise<CaseView | undefined>;
}

/** Amounts added to named counters of one row of the kind's figures (a negative amount takes away). */
export interface Tally {
  row: string;
  add: Readonly<Record<string, number>>;
}

/** A record a step writes in the kind's namespace: as drafted (replacing any), or under a condition (a version, absence). */
export type RecordWrite = RecordDraft | { draft: RecordDraft; condition: RecordCondition };

export interface Routing {
  /** The state it starts in, when not the case type's `initial` (a booking that needs no approval is confirmed at once). */
  initial?: string;
  /** Tasks for teams or departments filed with the case. */
  dispatch?: TaskOrder[];
  queue: string;
  team?: string;
  assignee?: string;
  priority: string;
  sla: SlaSpec;
  /** Visibility scope attributes for the case (e.g. township, hospital). */
  scope?: Record<string, string>;
}

export interface TaskOrder {
  team: string;
  title: string;
  sla?: SlaSpec;
}

export interface IntakeTools {
  /** An opaque, stable token for a personal identifier (find people without storing their numbers in clear). */
  blindIndex(value: string): string;
}

/** What firing a transition changes besides the state. */
export interface Effects {
  /** Shallow-merged into the case's data. */
  data?: Record<string, unknown>;
  team?: string | null;
  assignee?: string | null;
  /** Hands the case to a member of its team by the team roster's policy (round-robin or least open work); left unassigned when the team assigns by hand. */
  autoAssign?: boolean;
  /** New sub-tasks for teams or departments. */
  dispatch?: TaskOrder[];
  /** Marks the open tasks of these teams done. */
  completeTasksOf?: string[];
  /** Cancels every open task. */
  cancelOpenTasks?: boolean;
  /** Cancels the open tasks of these teams (the case was sent on elsewhere). */
  cancelTasksOf?: string[];
  /** Money this step produces, written atomically with the transition. */
  transfers?: TransferRequest[];
  /** Ledger requests beyond plain transfers — a two-phase hold (`pending`), and its post (in part) or void — written atomically with the transition. */
  entries?: LedgerRequest[];
  /** Records of the kind's own namespace, drafted by its entities, written atomically with the transition (replacing any with the same key). */
  records?: RecordWrite[];
  /** Counters of the kind's own (figures kept without personal data), added to in the same transaction. */
  tally?: readonly Tally[];
  /** Records of the kind's own namespace removed in the same transaction (a purged person's index). */
  // biome-ignore lint/suspicious/noExplicitAny: each removal names its own entity's key type
  removes?: ReadonlyArray<{ entity: Entity<any, any>; key: unknown }>;
  /** The history keeps who did what and when, but forgets what was entered (personal data purged). */
  forget?: boolean;
  /** Visibility scope attributes changed (a person moved to another area). */
  scope?: Record<string, string>;
  /** Merges this case into another open case (a duplicate report): its requester follows that one from now on. */
  mergeInto?: string;
  /** New cases split off this one (a report of two problems), filed for the same requester in the same step. */
  spawn?: Array<{ type: string; input: Record<string, unknown> }>;
  /** A new priority and the service level that goes with it: the timers take their new lengths from the case's start. */
  priority?: { priority: string; sla: SlaSpec };
}

export interface TransitionContext<TData, TInput> {
  case: CaseView<TData>;
  input: TInput;
  actor: Actor;
  now: Date;
  /** The tenant's time zone: what "today" and "this month" mean for it. */
  timeZone: string;
  /** The kind's own records of this tenant, to read what a step depends on (a price list); writes go in `Effects.records`. */
  records: Records;
}

// biome-ignore lint/suspicious/noExplicitAny: a kind's case types are typed by their own data; the pipeline holds them all
export interface Transition<TData = any, TInput = any> {
  from: readonly string[];
  /** The state it leads to; omitted, the case stays where it is (a change of priority, a note). */
  to?: string;
  roles: readonly Role[];
  /** Further restriction on who among those roles may fire it. */
  actor?: 'requester' | 'team' | 'any';
  input?: z.ZodType<TInput>;
  label: string;
  /** The section of the data it writes (`CaseType.sections`): its input in the history is shown to that section's roles alone. */
  section?: string;
  /** Returns a refusal reason (422) or undefined. */
  guard?: (ctx: TransitionContext<TData, TInput>) => string | undefined | Promise<string | undefined>;
  /** Fired by the platform alone (an auto-close), never through the API: it names no roles. */
  system?: boolean;
  /** What it means for the service-level clock: a response to the requester, a pause while waiting on them, or the end of one. */
  sla?: 'respond' | 'pause' | 'resume' | 'resolve' | 'restart';
  effects?: (ctx: TransitionContext<TData, TInput>) => Effects | Promise<Effects>;
}

export type Recipient = 'requester' | 'team' | 'assignee' | { role: Role };

/** Formats instants for people, in the tenant's time zone. */
export interface MessageFormat {
  time: (iso: string) => string;
}

// biome-ignore lint/suspicious/noExplicitAny: as for Transition
export interface NotificationTemplate<TData = any> {
  to: Recipient;
  subject: (c: CaseView<TData>, f: MessageFormat) => string;
  body: (c: CaseView<TData>, f: MessageFormat) => string;
}

/** Events a template can hang on: 'created' or the name of a transition. */
export type CaseEventName = string;

/** A tenant: one office of one kind, with the capabilities it has enabled. */
export interface Tenant {
  id: string;
  kind: string;
  name: string;
  calendar: Calendar;
  /** How many times the calendar was changed since the tenant was made (0: never). */
  calendarVersion?: number;
  /** The tenant's own wording of case notifications, by template key (`type.event.index`), over the case types' defaults. */
  templates?: Readonly<Record<string, { subject: string; body: string }>>;
  /** How many times the templates were changed (0: never). */
  templatesVersion?: number;
  status: 'active' | 'suspended';
  createdAt: string;
  /** Capabilities enabled for this tenant (e.g. postal cash management), beyond what every tenant has. */
  capabilities?: string[];
  /** This tenant's request quota, when it differs from the platform's default. */
  quota?: { perSecond: number; burst: number };
}

// biome-ignore lint/suspicious/noExplicitAny: as for Transition
export interface CaseType<TInput = any, TData = any> {
  type: string;
  title: string;
  intake: {
    schema: z.ZodType<TInput>;
    roles: readonly Role[];
    /** Top-level input fields that are personal data: sealed at rest, masked on read, reads audited. */
    sensitive?: readonly string[];
    /** Turns the validated input into the case's initial data. */
    toData?: (input: TInput, actor: Actor, tools: IntakeTools) => TData;
    /** Roles that may file for someone else (the desk taking a call): the kind names the requester. */
    onBehalf?: readonly Role[];
    /**
     * What filing it reads from or takes in the kind's own records, in the
     * same transaction as the case: a room's time (written under a condition,
     * so two bookings cannot both take it), facts the route needs (whether
     * the room needs approval), merged into the input. Throws a problem to refuse.
     */
    claims?: (ctx: IntakeContext<TInput>) => Promise<{ data?: Record<string, unknown>; records?: RecordWrite[]; tally?: readonly Tally[] }>;
    /**
     * Lists the tenant keeps that a field's value is chosen from (a county's
     * townships), each value with its caption (`东关乡 Dongguan`): forms offer
     * them as a list. `claims` is where a value off the list is refused.
     */
    choices?: (ctx: { records: Records }) => Promise<Record<string, ReadonlyArray<{ value: string; caption: string }>>>;
  };
  /** `abandoned`: a terminal state where the request was not served (withdrawn, cancelled) — kept out of satisfaction and service-level figures. */
  states: Record<string, { label: string; terminal?: boolean; abandoned?: boolean }>;
  initial: string;
  transitions: Record<string, Transition<TData>>;
  /** Roles that see every case of this type; other roles see only cases they requested or are scoped to. */
  staffRoles: readonly Role[];
  /** Roles allowed to read sealed personal data in clear (each read is recorded). */
  revealRoles?: readonly Role[];
  /**
   * Parts of the data that belong to one department (a key of `data`, and
   * the roles that see it): everyone else reading the case sees the shared
   * rest. The history of a transition writing a section (`Transition.section`)
   * hides its input the same way.
   */
  sections?: Readonly<Record<string, readonly Role[]>>;
  /** Whose personal data the case holds, when it is another case's person (a permit names its registration): reads of it are logged under that person too. */
  subjectOf?: (c: CaseView<TData>) => string | undefined;
  /** Transition fired automatically when the last open task is done. */
  onAllTasksDone?: string;
  route: (input: TInput, actor: Actor, now: Date) => Routing;
  /** Every queue `route` can name: the dashboard's figures are read from them. */
  queues: readonly string[];
  notify: Record<CaseEventName, readonly NotificationTemplate<TData>[]>;
  /**
   * Closes a case left quiet in a state (done, awaiting the requester's
   * confirmation) after some days, by firing an action as the system — whose
   * notifications tell the requester.
   */
  autoClose?: { from: string; afterDays: number; action: string; since?: (c: CaseView<TData>) => string | undefined };
  /** Who is told when a service-level timer nears (`warn`, at 80 %), passes (`breach`) or passes again by its own length (`escalate`). */
  escalation?: Partial<Record<'warn' | 'breach' | 'escalate', readonly Recipient[]>>;
  /** Printable documents of a case (an approval form), linked from its page: a console path with `{id}` for the case. */
  documents?: ReadonlyArray<{ label: string; path: string }>;
  /** Data fields kept for the kind's own look-ups (blind-index keys): in the API's view, never on a clerk's screen. */
  internal?: readonly string[];
}

/** A message a nightly step causes (a reminder, a payslip notice); its id makes a rerun send nothing twice. */
export interface StepMessage {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  event: string;
}

/** What a nightly step works with: its tenant and business date, and idempotent ways to post money and send messages. */
export interface NightlyContext {
  tenant: Tenant;
  businessDate: string;
  now: Date;
  /** Posts transfers, each in its own entry; ids make a rerun a replay. */
  post(transfers: readonly TransferRequest[]): Promise<{ posted: number; replayed: number }>;
  /** Delivers messages to mailboxes, each once. */
  send(messages: readonly StepMessage[]): Promise<number>;
  /** Findings worth a person's attention (shortfalls, differences): kept on the run, counted in its notice. */
  report(name: string, findings: unknown[]): void;
  /** Called before each write: a test's fault hook stands for the process dying there. */
  checkpoint(): void;
}

/** One step of a tenant's nightly settlement, contributed by its kind or a capability it enabled. */
export interface NightlyStep {
  name: string;
  label: Label;
  /** Steps that must have succeeded for this one to run. */
  needs?: readonly string[];
  run(ctx: NightlyContext): Promise<Record<string, number | string>>;
}

/** What a role means in a kind, and which scope dimensions narrow it (e.g. `team`, `hospital`). */
export interface RoleSpec {
  label: Label;
  /** Dimensions the role cannot act without: a team member with no team acts nowhere. */
  scopes?: readonly string[];
  /** Dimensions that narrow the role only when its credentials name them. */
  narrowedBy?: readonly string[];
}

/** The domain part of a tenant kind, which the case pipeline works from. */
export interface TenantKind {
  kind: string;
  title: Label;
  /** Roles specific to this kind (COMMON_ROLES are added by the platform). */
  roles: Readonly<Record<Role, RoleSpec>>;
  caseTypes: readonly CaseType[];
  defaultCalendar: Calendar;
}

// ------------------------------------------------------------ team rosters

export const ASSIGNMENT_POLICIES = ['round-robin', 'least-open', 'manual'] as const;
export type AssignmentPolicy = (typeof ASSIGNMENT_POLICIES)[number];

export interface Roster {
  team: string;
  /** Who works the team's cases, in turn order. */
  members: string[];
  /** Also receive the team's escalations; may reassign within it. */
  leads: string[];
  policy: AssignmentPolicy;
  /** Position of the next turn. */
  turn: number;
  version: number;
  updatedAt: string;
}

export interface RosterInput {
  members: string[];
  leads?: string[];
  policy: AssignmentPolicy;
}

/** Members a roster may name. */
export const MAX_MEMBERS = 200;
