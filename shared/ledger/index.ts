/**
 * The ledger's public API: what kinds and capabilities may use. Its
 * guarantees are written down in README.md beside this file.
 */

export type { Account, AccountInput, AccountKind, AccountRules, AccountTemplate } from './accounts.ts';
export { ACCOUNT_ID, ACCOUNT_KINDS, accountRulesSchema, accountSchema, normalSide, SYSTEM_KINDS } from './accounts.ts';
export type { AccountReads, EntryRecord, EntryRequest, LedgerRequest, Leg, Origin, PlanResult, TransferRequest } from './ledger.ts';
export { Ledger, SUB_LEDGER_KINDS, transferEntry } from './ledger.ts';
export type { AccountState, Posting } from './postings.ts';
export { money, netPosted } from './postings.ts';
export { LEDGER_PROBLEMS } from './problems.ts';
export type { LedgerPolicy, LegContext, LegRule, Refusal } from './rules.ts';
export { isOutflow } from './rules.ts';
