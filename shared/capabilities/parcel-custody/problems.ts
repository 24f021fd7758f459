/** What parcel custody answers when it refuses: the same types wherever parcels are kept. */
import { label } from '../../kernel/labels.ts';
import { defineProblems, problemFactory } from '../../kernel/problems.ts';

export const CUSTODY_PROBLEMS = defineProblems({
  'duplicate-tracking': { status: 409, title: label('运单号已入库', 'Conflict'), meaning: 'This tracking number of this carrier is already checked in here.' },
  'release-refused': {
    status: 422,
    title: label('取件验证未通过', 'Unprocessable request'),
    meaning: 'No parcel matches the pickup code and the phone’s last four digits (deliberately vague).',
  },
  'already-released': { status: 409, title: label('包裹已取走', 'Conflict'), meaning: 'The parcel was already handed over.' },
  'parcel-locked': {
    status: 422,
    title: label('包裹已锁定', 'Unprocessable request'),
    meaning: 'Repeated failed pickups locked the parcel; a supervisor must release it.',
  },
});

export const custodyProblem = problemFactory(CUSTODY_PROBLEMS);
