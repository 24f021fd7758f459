/**
 * The student-worker roster (勤工俭学): only a trained worker with a passed
 * exam and a contract in force is given work, and every piece of work done
 * is counted toward the month's pay (base wage + piece rate).
 */
import { z } from 'zod';
import { dateIn } from '../../../kernel/clock.ts';
import type { WriteOp } from '../../../store/namespace.ts';
import type { Office } from '../office.ts';
import { type Piece, PieceRecord, piecesOf, WORKERS, type Worker, WorkerRecord, type WorkType } from './worker.entity.ts';

export const workerInput = z.strictObject({
  sub: z.string().min(1).max(100).meta({ title: '登录账号 Sign-in account' }),
  name: z.string().trim().min(1).max(50).meta({ title: '姓名 Name' }),
  trainingDone: z.boolean().meta({ title: '已完成岗前培训 Training done' }),
  examPassed: z.boolean().meta({ title: '考核合格 Exam passed' }),
  contractFrom: z.iso.date().meta({ title: '合同起始 Contract from' }),
  contractUntil: z.iso.date().meta({ title: '合同到期 Contract until' }),
});

export async function putWorker(o: Office, w: Worker): Promise<Worker> {
  await o.records.put(WorkerRecord, w);
  return w;
}

export function workers(o: Office): Promise<Worker[]> {
  return o.records.list(WorkerRecord, WORKERS);
}

/** Whether a worker's contract covers any day from `from` to `to`. */
export const underContract = (w: Worker, from: string, to: string) => w.contractFrom <= to && w.contractUntil >= from;

/** Only a trained worker with a passed exam and a contract in force is on the roster today, and may be given work. */
export async function onRoster(o: Office, sub: string): Promise<boolean> {
  const w = await o.records.get(WorkerRecord, sub);
  const today = o.today();
  return !!w?.trainingDone && w.examPassed && underContract(w, today, today);
}

/** The write that counts one piece of work toward a worker's monthly tally (the month of the tenant's zone). */
export function pieceOp(o: Office, worker: string, type: WorkType, ref: string): WriteOp {
  const now = o.now();
  const piece: Piece = { worker, month: dateIn(o.tenant.calendar.timeZone, now).slice(0, 7), type, ref, at: now.toISOString() };
  return o.records.putOp(PieceRecord, piece, 'absent');
}

/** A worker's pieces of a month, in the order they were done. */
export function pieces(o: Office, month: string, worker: string): Promise<Piece[]> {
  return o.records.list(PieceRecord, piecesOf(month, worker));
}
