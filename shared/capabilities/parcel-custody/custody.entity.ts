/**
 * A parcel in custody and the records that guard it: the tracking number
 * (one check-in per carrier's number) and the pickup code (unique among
 * uncollected parcels: its record is the lock). Open parcels sit in the
 * counter's index; every parcel with a known recipient sits in theirs.
 * The records live in the namespace of the kind that keeps the parcels.
 */
import { z } from 'zod';
import { entity, pattern } from '../../store/namespace.ts';

export const PARCEL_STATUSES = ['waiting', 'unclaimed', 'door-pending', 'released', 'delivered', 'return-due', 'locked'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];
/** Parcels still in the office's custody. */
const OPEN: readonly ParcelStatus[] = ['waiting', 'unclaimed', 'door-pending', 'locked', 'return-due'];

export const CUSTODY_ACTIONS = ['checked-in', 'reminded', 'released', 'return-due', 'delivered', 'release-refused', 'locked'] as const;

const custody = z.object({ at: z.string(), action: z.enum(CUSTODY_ACTIONS), by: z.string(), to: z.string().optional(), note: z.string().optional() });
export type Custody = z.infer<typeof custody>;

export const parcelRecord = z.object({
  id: z.string(),
  tracking: z.string(),
  carrier: z.string(),
  recipientId: z.string().optional(),
  recipientName: z.string().optional(),
  shelf: z.string(),
  size: z.enum(['small', 'medium', 'large']),
  status: z.enum(PARCEL_STATUSES),
  /** Six digits, while the parcel waits for its recipient. */
  code: z.string().optional(),
  checkedInAt: z.string(),
  /** Reminder ages (days) already sent. */
  remindedDays: z.array(z.number().int()),
  failedAttempts: z.number().int(),
  storageFee: z.string().optional(),
  door: z.object({ date: z.string(), slot: z.string(), worker: z.string().optional() }).optional(),
  custody: z.array(custody),
  version: z.number().int(),
});
export type Parcel = z.infer<typeof parcelRecord>;

/** Parcels at the counter (uncollected, unclaimed, locked, to return), oldest first. */
export const uncollected = pattern<void>('gsi1', () => ['UNCOLLECTED']);
/** A recipient's parcels, by check-in time. */
export const ofRecipient = pattern('gsi2', (p: { recipientId: string }) => ['RECIPIENT', p.recipientId]);

export const ParcelRecord = entity({
  name: 'parcel',
  attribute: 'parcel',
  schema: parcelRecord,
  key: (id: string) => ({ pk: ['PARCEL', id], sk: 'PARCEL' }),
  keyOf: (p) => p.id,
  version: (p) => p.version,
  indexes: (p) => [
    OPEN.includes(p.status) ? uncollected.at(undefined, `${p.checkedInAt}#${p.id}`) : undefined,
    p.recipientId ? ofRecipient.at({ recipientId: p.recipientId }, `${p.checkedInAt}#${p.id}`) : undefined,
  ],
});

/** A carrier's tracking number checked in here, and the parcel it became. */
const trackingRecord = z.object({ carrier: z.string(), tracking: z.string(), parcelId: z.string() });
export const TrackingRecord = entity({
  name: 'parcel-tracking',
  schema: trackingRecord,
  key: (k: { carrier: string; tracking: string }) => ({ pk: ['TRACK', `${k.carrier}:${k.tracking}`], sk: 'T' }),
  keyOf: (t) => ({ carrier: t.carrier, tracking: t.tracking }),
});

/** A pickup code in use, and its parcel. */
const codeRecord = z.object({ code: z.string(), parcelId: z.string() });
export const CodeRecord = entity({
  name: 'parcel-pickup-code',
  schema: codeRecord,
  key: (code: string) => ({ pk: ['CODE', code], sk: 'C' }),
  keyOf: (c) => c.code,
});
