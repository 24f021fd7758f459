/** The community centre's problem types. */
import { label } from '../../kernel/labels.ts';
import { defineProblems, problemFactory } from '../../kernel/problems.ts';

export const COMMUNITY_PROBLEMS = defineProblems({
  'already-registered': {
    status: 409,
    title: label('此人已登记', 'Conflict'),
    meaning: 'The identity number is registered already; `caseId` names the registration, where the station updates it.',
  },
  'no-such-room': {
    status: 422,
    title: label('出租房屋无此房间', 'Unprocessable request'),
    meaning: 'A registration names a room that no registered (and still let) rented house lets.',
  },
  'person-not-registered': {
    status: 422,
    title: label('未找到此人的有效登记', 'Unprocessable request'),
    meaning: 'The registration a filing names is not a living registration the caller can see (deregistered, another area, not a registration).',
  },
});

export const communityProblem = problemFactory(COMMUNITY_PROBLEMS);
