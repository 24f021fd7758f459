/**
 * A readers–writer lock with writer preference. The local store takes the
 * write side for every mutation and the read side for every read, so a reader
 * never sees a transaction half applied and two writers never interleave.
 */
export class RwLock {
  private readers = 0;
  private writing = false;
  private readonly waitingWriters: Array<() => void> = [];
  private waitingReaders: Array<() => void> = [];

  async read<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writing || this.waitingWriters.length > 0) {
      await new Promise<void>((resolve) => this.waitingReaders.push(resolve));
    } else {
      this.readers++;
    }
    try {
      return await fn();
    } finally {
      this.readers--;
      this.next();
    }
  }

  async write<T>(fn: () => Promise<T>): Promise<T> {
    if (this.writing || this.readers > 0) {
      await new Promise<void>((resolve) => this.waitingWriters.push(resolve));
    } else {
      this.writing = true;
    }
    try {
      return await fn();
    } finally {
      this.writing = false;
      this.next();
    }
  }

  /** Hands the lock over: a waiting writer first, otherwise every waiting reader. */
  private next(): void {
    if (this.writing || this.readers > 0) return;
    const writer = this.waitingWriters.shift();
    if (writer) {
      this.writing = true;
      writer();
      return;
    }
    const readers = this.waitingReaders;
    this.waitingReaders = [];
    this.readers += readers.length;
    for (const wake of readers) wake();
  }
}
