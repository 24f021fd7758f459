/** The ledger accounts the NCMS office books to. */
import type { AccountTemplate } from '../../ledger/index.ts';

export const ACCOUNTS = {
  /** Per hospital, so concurrent discharges at different hospitals never touch the same account. */
  ncmsCost: (h: string) => `cost:ncms-compensation:${h}`,
  assistanceCost: (h: string) => `cost:medical-assistance:${h}`,
  ncmsFund: 'fund:ncms',
  assistanceFund: 'fund:assistance-advance',
  civilAffairs: 'clearing:civil-affairs',
  countyFinance: 'clearing:county-finance',
  ncmsPayable: (h: string) => `payable:hospital:${h}:ncms`,
  assistancePayable: (h: string) => `payable:hospital:${h}:assistance`,
};

/** Declared to the ledger: opened by this kind's flows when first needed, moved only by them. */
export const NCMS_ACCOUNTS: readonly AccountTemplate[] = [
  { id: 'cost:ncms-compensation:*', kind: 'cost', name: '新农合补偿支出 NCMS compensation' },
  { id: 'cost:medical-assistance:*', kind: 'cost', name: '医疗救助支出 medical assistance' },
  { id: 'payable:hospital:*', kind: 'payable', name: '应付定点医院 owed to a hospital' },
  { id: ACCOUNTS.ncmsFund, kind: 'fund', name: '新农合基金 NCMS fund' },
  { id: ACCOUNTS.assistanceFund, kind: 'fund', name: '医疗救助垫付资金 assistance advance fund' },
  { id: ACCOUNTS.civilAffairs, kind: 'clearing', name: '县民政局 civil-affairs bureau' },
  { id: ACCOUNTS.countyFinance, kind: 'clearing', name: '县财政 county finance' },
];
