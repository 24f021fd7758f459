/** Parcel custody: check-in under a tracking number, a pickup code that is its own lock, release against a second factor, a chain of custody. */
export type { Custody, Parcel, ParcelStatus } from './custody.entity.ts';
export { CodeRecord, CUSTODY_ACTIONS, PARCEL_STATUSES, ParcelRecord, parcelRecord, TrackingRecord } from './custody.entity.ts';
export type { Handover, Keeper, Notice, ParcelIn, Recipient } from './custody.ts';
export { CODE_SPACE, checkIn, parcel, parcelsOf, release, uncollected, uncollectedPage } from './custody.ts';
export { CUSTODY_PROBLEMS, custodyProblem } from './problems.ts';
