/** The campus post office's problem types. */

import { CUSTODY_PROBLEMS } from '../../capabilities/parcel-custody/index.ts';
import { label } from '../../kernel/labels.ts';
import { defineProblems, problemFactory } from '../../kernel/problems.ts';

export const CAMPUS_PROBLEMS = defineProblems({
  // Parcel custody's own, for the counter's API.
  ...CUSTODY_PROBLEMS,
  'not-deliverable': {
    status: 409,
    title: label('包裹不能预约送货', 'Conflict'),
    meaning: 'Only a parcel waiting at the counter can be booked for door delivery.',
  },
  'slot-full': { status: 409, title: label('该时段已约满', 'Conflict'), meaning: 'The door-delivery slot is full; choose another.' },
  'slot-changed': { status: 409, title: label('时段已变化', 'Conflict'), meaning: 'The slot or the parcel changed meanwhile; try again.' },
  'not-booked': { status: 409, title: label('未预约送货', 'Conflict'), meaning: 'Proof of delivery needs a booked door delivery.' },
  'already-subscribed': { status: 409, title: label('已订阅', 'Conflict'), meaning: 'The person already subscribes to this periodical for this term.' },
  'issue-sorted': {
    status: 409,
    title: label('该期已投递', 'Conflict'),
    meaning: 'This issue of the periodical was already sorted into its subscribers’ mailboxes.',
  },
  'item-unavailable': {
    status: 422,
    title: label('项目未开办', 'Unprocessable request'),
    meaning: 'The item is unknown, withdrawn, or has no price in force.',
  },
  'not-a-rental': { status: 409, title: label('该订单无租借物品', 'Conflict'), meaning: 'The order has nothing to return.' },
  'already-returned': { status: 409, title: label('已归还', 'Conflict'), meaning: 'The rental was already returned.' },
});

export const campusProblem = problemFactory(CAMPUS_PROBLEMS);
