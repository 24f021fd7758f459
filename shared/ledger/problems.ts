/** The ledger's problem types: every refusal names the rule or the transfer at fault. */
import { label } from '../kernel/labels.ts';
import { defineProblems, problemFactory } from '../kernel/problems.ts';

export const LEDGER_PROBLEMS = defineProblems({
  'transfer-refused': {
    status: 422,
    title: label('转账被账户规则拒绝', 'Transfer refused'),
    meaning: 'An account rule refused a leg; `rule` and `account` say which.',
  },
  'transfer-id-reused': {
    status: 422,
    title: label('转账编号已用于其他转账', 'Transfer refused'),
    meaning: 'The transfer id was already used for a different transfer.',
  },
  'unknown-account': {
    status: 422,
    title: label('账户不存在', 'Transfer refused'),
    meaning: 'A leg names an account that does not exist; naming an account opens nothing.',
  },
  'too-many-items': {
    status: 422,
    title: label('单笔写入过多', 'Transfer refused'),
    meaning: 'The transfers need more than the 100 writes one transaction holds.',
  },
  'post-exceeds-pending': { status: 422, title: label('入账金额超过预留', 'Transfer refused'), meaning: 'Posting more than the pending transfer reserved.' },
  'pending-expired': { status: 422, title: label('预留已过期', 'Transfer refused'), meaning: 'The pending transfer expired; it can only be voided.' },
  'pending-already-resolved': { status: 422, title: label('预留已处理', 'Transfer refused'), meaning: 'The pending transfer was already posted or voided.' },
});

export const ledgerProblem = problemFactory(LEDGER_PROBLEMS);
