/**
 * The student-worker roster (one record per worker) and the tally of their
 * work: one piece record per task done, in the worker's partition of the
 * month, which the payslip counts.
 */
import { z } from 'zod';
import { entity } from '../../../store/namespace.ts';

export const WORK_TYPES = ['checkin', 'release', 'mail-batch', 'door-delivery', 'counter-order'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export const workerRecord = z.object({
  sub: z.string(),
  name: z.string(),
  trainingDone: z.boolean(),
  examPassed: z.boolean(),
  contractFrom: z.string(),
  contractUntil: z.string(),
});
export type Worker = z.infer<typeof workerRecord>;

export const WorkerRecord = entity({
  name: 'campus-worker',
  attribute: 'worker',
  schema: workerRecord,
  key: (sub: string) => ({ pk: ['WORKERS'], sk: sub }),
  keyOf: (w) => w.sub,
});
export const WORKERS = ['WORKERS'] as const;

const pieceRecord = z.object({
  worker: z.string(),
  /** The month it counts toward, in the tenant's zone. */
  month: z.string(),
  type: z.enum(WORK_TYPES),
  ref: z.string(),
  at: z.string(),
});
export type Piece = z.infer<typeof pieceRecord>;

export const PieceRecord = entity({
  name: 'campus-piece',
  attribute: 'piece',
  schema: pieceRecord,
  key: (k: { month: string; worker: string; at: string; type: WorkType; ref: string }) => ({
    pk: ['PIECES', k.month, k.worker],
    sk: `${k.at}#${k.type}#${k.ref}`,
  }),
  keyOf: (p) => ({ month: p.month, worker: p.worker, at: p.at, type: p.type, ref: p.ref }),
});
export const piecesOf = (month: string, worker: string) => ['PIECES', month, worker] as const;
