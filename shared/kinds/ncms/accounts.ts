/** The ledger accounts the NCMS office books to. */
export const ACCOUNTS = {
  /** Per hospital, so concurrent discharges at different hospitals never touch the same account. */
  ncmsCost: (h: string) => `cost:ncms-compensation:${h}`,
  assistanceCost: (h: string) => `cost:medical-assistance:${h}`,
  ncmsFund: 'fund:ncms',
  assistanceFund: 'fund:assistance-advance',
  civilAffairs: 'clearing:civil-affairs',
  ncmsPayable: (h: string) => `payable:hospital:${h}:ncms`,
  assistancePayable: (h: string) => `payable:hospital:${h}:assistance`,
};
