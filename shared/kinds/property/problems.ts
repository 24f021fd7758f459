/** The property office's problem types. */
import { label } from '../../kernel/labels.ts';
import { defineProblems, problemFactory } from '../../kernel/problems.ts';

export const PROPERTY_PROBLEMS = defineProblems({
  'phone-in-use': {
    status: 409,
    title: label('电话已登记在其他住户', 'Conflict'),
    meaning: 'The phone is on another household’s record; the person moves out there first.',
  },
  overpayment: {
    status: 422,
    title: label('缴费金额超过欠费', 'Unprocessable request'),
    meaning: 'A payment larger than what the household owes; the estate keeps no credit balance.',
  },
  'bills-changed': {
    status: 409,
    title: label('账单已变化', 'Conflict'),
    meaning: 'The household’s bills changed while a payment was taken (another payment); look again and retry.',
  },
  'booking-conflict': {
    status: 409,
    title: label('会议室该时段已被预订', 'Conflict'),
    meaning: 'The room is booked for part of that time; `conflictsWith` names the booking.',
  },
  'booking-in-past': {
    status: 422,
    title: label('不能预订已过去的时间', 'Unprocessable request'),
    meaning: 'A booking starts before now.',
  },
  'invalid-estate-csv': {
    status: 422,
    title: label('住户档案文件有误', 'Unprocessable request'),
    meaning: 'An estate import is not CSV or lacks the header building,unit,room,area,type,name,role,phone.',
  },
});

export const propertyProblem = problemFactory(PROPERTY_PROBLEMS);
