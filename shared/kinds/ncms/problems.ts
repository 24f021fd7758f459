/** The NCMS office's problem types. */
import { label } from '../../kernel/labels.ts';
import { defineProblems, problemFactory } from '../../kernel/problems.ts';

export const NCMS_PROBLEMS = defineProblems({
  'invalid-policy': {
    status: 422,
    title: label('补偿政策不合理', 'Unprocessable request'),
    meaning: 'A policy version with rates outside 0–100 %, unordered or overlapping bands, negative caps, or the wrong version number.',
  },
  'policy-exists': { status: 409, title: label('政策版本已存在', 'Conflict'), meaning: 'Someone else added this policy version at the same moment.' },
  'stay-settled': {
    status: 409,
    title: label('该住院已结算', 'Conflict'),
    meaning: 'The stay is settled: its bill cannot change and it cannot be settled again until the settlement is voided.',
  },
  'invalid-discharge': { status: 422, title: label('出院日期有误', 'Unprocessable request'), meaning: 'The discharge date is before the admission date.' },
  'stay-not-settled': { status: 409, title: label('该住院尚未结算', 'Conflict'), meaning: 'Only a settled stay can be voided.' },
  'period-closed': {
    status: 409,
    title: label('结算期已关闭', 'Conflict'),
    meaning: 'The hospital’s statement of that month is approved or paid; its settlements can no longer be voided.',
  },
  'statement-not-approved': { status: 409, title: label('结算单尚未审核', 'Conflict'), meaning: 'A statement is approved before it is paid.' },
  'survey-answered': { status: 409, title: label('问卷已提交', 'Conflict'), meaning: 'The discharge survey was already answered.' },
});

export const ncmsProblem = problemFactory(NCMS_PROBLEMS);
