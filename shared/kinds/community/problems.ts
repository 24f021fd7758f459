/** The community centre's problem types. */
import { label } from '../../kernel/labels.ts';
import { defineProblems, problemFactory } from '../../kernel/problems.ts';

export const COMMUNITY_PROBLEMS = defineProblems({
  'already-registered': {
    status: 409,
    title: label('此人已登记', 'Conflict'),
    meaning: 'The identity number is registered already; `caseId` names the registration, where the station updates it.',
  },
});

export const communityProblem = problemFactory(COMMUNITY_PROBLEMS);
