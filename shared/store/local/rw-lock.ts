/**
 * A phase-fair readers–writer lock. The local store takes the write side for
 * every mutation and the read side for every item read, so a reader never sees
 * a transaction half applied and two writers never interleave.
 *
 * Phase-fair: read phases and write phases alternate whenever both sides wait.
 * When a writer lets go, every reader then waiting goes in together, even if
 * more writers are queued; when the last reader of a phase lets go, the next
 * writer goes in. A reader therefore waits for at most one writer, and a writer
 * for at most one read phase per writer ahead of it — neither side can starve
 * the other, which a writer-preferring lock does to readers under a steady
 * stream of transactions.
 *
 * A waiter may give up (its AbortSignal fires, e.g. the client hung up): it
 * leaves the queue holding nothing, so it has nothing to release. Only the
 * holder of a grant releases, and releasing twice is harmless.
 */

/** Gives the lock back. Idempotent: only the first call counts. */
export type Release = () => void;

interface Waiter {
  grant: () => void;
}

/** Thrown to a waiter whose signal fired while it was queued. */
export class LockAbandoned extends Error {
  constructor() {
    super('gave up waiting for the store lock');
    this.name = 'LockAbandoned';
  }
}

export class RwLock {
  private readers = 0;
  private writing = false;
  private readonly waitingWriters: Waiter[] = [];
  private waitingReaders: Waiter[] = [];

  /** What is held and queued, for tests and diagnostics. */
  get state(): { readers: number; writing: boolean; waitingReaders: number; waitingWriters: number } {
    return { readers: this.readers, writing: this.writing, waitingReaders: this.waitingReaders.length, waitingWriters: this.waitingWriters.length };
  }

  async read<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquireRead(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  async write<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquireWrite(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  acquireRead(signal?: AbortSignal): Promise<Release> {
    // A reader joins the current read phase only if no writer is waiting for
    // it to end; otherwise it waits for the next read phase.
    if (!this.writing && this.waitingWriters.length === 0) {
      this.readers++;
      return Promise.resolve(this.releaser('read'));
    }
    return this.enqueue(this.waitingReaders, 'read', signal);
  }

  acquireWrite(signal?: AbortSignal): Promise<Release> {
    if (!this.writing && this.readers === 0 && this.waitingWriters.length === 0) {
      this.writing = true;
      return Promise.resolve(this.releaser('write'));
    }
    return this.enqueue(this.waitingWriters, 'write', signal);
  }

  private enqueue(queue: Waiter[], side: 'read' | 'write', signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new LockAbandoned());
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', abandon);
          resolve(this.releaser(side));
        },
      };
      const abandon = () => {
        // The reader queue is swapped out when a read phase starts, so look the
        // waiter up in whichever queue of its side is current.
        const current = side === 'read' ? this.waitingReaders : this.waitingWriters;
        const at = current.indexOf(waiter);
        if (at === -1) return;
        current.splice(at, 1);
        reject(new LockAbandoned());
        // A writer that gave up may have been all that held readers back.
        if (side === 'write') this.admitReadersIfNoWriterWaits();
      };
      signal?.addEventListener('abort', abandon, { once: true });
      queue.push(waiter);
    });
  }

  private releaser(side: 'read' | 'write'): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (side === 'write') {
        this.writing = false;
        // End of a write phase: the readers that waited through it go first.
        if (!this.startReadPhase()) this.startWrite();
      } else {
        this.readers--;
        // End of a read phase: the next writer goes first.
        if (this.readers === 0 && !this.startWrite()) this.startReadPhase();
      }
    };
  }

  private startReadPhase(): boolean {
    if (this.writing || this.waitingReaders.length === 0) return false;
    const admitted = this.waitingReaders;
    this.waitingReaders = [];
    this.readers += admitted.length;
    for (const waiter of admitted) waiter.grant();
    return true;
  }

  private startWrite(): boolean {
    if (this.writing || this.readers > 0) return false;
    const writer = this.waitingWriters.shift();
    if (!writer) return false;
    this.writing = true;
    writer.grant();
    return true;
  }

  private admitReadersIfNoWriterWaits(): void {
    if (this.waitingWriters.length === 0) this.startReadPhase();
    else if (this.readers === 0) this.startWrite();
  }
}
