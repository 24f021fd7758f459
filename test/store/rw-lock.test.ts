/**
 * The local store's readers–writer lock, driven step by step with promises
 * (no timers): who gets in, in what order, and what a waiter that gives up
 * leaves behind. The fairness cases are the ones a writer-preferring lock
 * fails — under a steady stream of writers it never lets a reader in.
 */
import { describe, expect, it } from 'vitest';
import { LockAbandoned, type Release, RwLock } from '../../shared/store/local/rw-lock.ts';

/** Lets every grant already made run its continuation. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Queues a request and records, by name, when it is granted. */
function recorder(lock: RwLock) {
  const order: string[] = [];
  const held = new Map<string, Release>();
  const ask = (name: string, signal?: AbortSignal) => {
    const side = name.startsWith('R') ? lock.acquireRead(signal) : lock.acquireWrite(signal);
    return side.then((release) => {
      order.push(name);
      held.set(name, release);
    });
  };
  const release = (name: string) => {
    const r = held.get(name);
    if (!r) throw new Error(`${name} holds nothing`);
    r();
  };
  return { order, ask, release };
}

describe('RwLock', () => {
  it('lets readers share and keeps a writer out until the last one leaves', async () => {
    const lock = new RwLock();
    const { order, ask, release } = recorder(lock);
    void ask('R1');
    void ask('R2');
    void ask('W1');
    await settle();
    expect(order).toEqual(['R1', 'R2']);
    release('R1');
    await settle();
    expect(order).toEqual(['R1', 'R2']);
    release('R2');
    await settle();
    expect(order).toEqual(['R1', 'R2', 'W1']);
    expect(lock.state).toMatchObject({ readers: 0, writing: true });
  });

  it('admits every waiting reader when a writer leaves, ahead of writers queued before them', async () => {
    const lock = new RwLock();
    const { order, ask, release } = recorder(lock);
    void ask('W1');
    await settle();
    // Arrivals alternate while W1 holds the lock.
    for (const name of ['R1', 'W2', 'R2', 'W3', 'R3']) void ask(name);
    await settle();
    release('W1');
    await settle();
    // One read phase for all three readers, though W2 and W3 were waiting.
    expect(order).toEqual(['W1', 'R1', 'R2', 'R3']);
    // A reader arriving now waits: a writer is queued for this phase to end.
    void ask('R4');
    await settle();
    expect(order).toEqual(['W1', 'R1', 'R2', 'R3']);
    release('R1');
    release('R2');
    await settle();
    expect(order).toEqual(['W1', 'R1', 'R2', 'R3']);
    release('R3');
    await settle();
    expect(order).toEqual(['W1', 'R1', 'R2', 'R3', 'W2']);
    release('W2');
    await settle();
    expect(order).toEqual(['W1', 'R1', 'R2', 'R3', 'W2', 'R4']);
    release('R4');
    await settle();
    expect(order).toEqual(['W1', 'R1', 'R2', 'R3', 'W2', 'R4', 'W3']);
  });

  it('lets a reader in after at most one writer while eight writers queue again the moment they finish', async () => {
    const lock = new RwLock();
    const log: string[] = [];
    const writer = async (w: number) => {
      for (let round = 0; round < 20; round++) {
        const release = await lock.acquireWrite();
        log.push(`W${w}`);
        // Hand over on a later turn, as a real write would after its I/O.
        await settle();
        release();
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    await settle();
    const readerAsked = log.length;
    const release = await lock.acquireRead();
    const writesWhileWaiting = log.length - readerAsked;
    release();
    await Promise.all(writers);
    // A writer-preferring lock lets all 160 writes through first.
    expect(log).toHaveLength(160);
    expect(writesWhileWaiting).toBeLessThanOrEqual(1);
  });

  it('lets a writer in after the current read phase while readers keep arriving', async () => {
    const lock = new RwLock();
    const { order, ask, release } = recorder(lock);
    void ask('R1');
    void ask('R2');
    await settle();
    void ask('W1');
    // Readers keep coming; none of them may join the phase W1 is waiting on.
    for (const name of ['R3', 'R4', 'R5']) void ask(name);
    await settle();
    release('R1');
    release('R2');
    await settle();
    expect(order).toEqual(['R1', 'R2', 'W1']);
    release('W1');
    await settle();
    expect(order).toEqual(['R1', 'R2', 'W1', 'R3', 'R4', 'R5']);
  });

  it('drops a waiter that gives up: it is refused, holds nothing and blocks no one', async () => {
    const lock = new RwLock();
    const { order, ask, release } = recorder(lock);
    void ask('W1');
    await settle();
    const gaveUp = new AbortController();
    const abandoned = ask('W2', gaveUp.signal);
    void ask('W3');
    await settle();
    expect(lock.state.waitingWriters).toBe(2);
    gaveUp.abort();
    await expect(abandoned).rejects.toBeInstanceOf(LockAbandoned);
    expect(lock.state.waitingWriters).toBe(1);
    release('W1');
    await settle();
    expect(order).toEqual(['W1', 'W3']);
    release('W3');
    await settle();
    expect(lock.state).toEqual({ readers: 0, writing: false, waitingReaders: 0, waitingWriters: 0 });
  });

  it('lets readers held back by a writer in as soon as that writer gives up', async () => {
    const lock = new RwLock();
    const { order, ask } = recorder(lock);
    void ask('R1');
    await settle();
    const gaveUp = new AbortController();
    const abandoned = ask('W1', gaveUp.signal).catch((e: unknown) => e);
    void ask('R2');
    await settle();
    expect(order).toEqual(['R1']);
    gaveUp.abort();
    await settle();
    expect(await abandoned).toBeInstanceOf(LockAbandoned);
    expect(order).toEqual(['R1', 'R2']);
    expect(lock.state.readers).toBe(2);
  });

  it('refuses at once a waiter whose signal has already fired, and grants an uncontended one regardless', async () => {
    const lock = new RwLock();
    const gone = AbortSignal.abort();
    const release = await lock.acquireWrite(gone);
    await expect(lock.acquireRead(gone)).rejects.toBeInstanceOf(LockAbandoned);
    expect(lock.state).toEqual({ readers: 0, writing: true, waitingReaders: 0, waitingWriters: 0 });
    release();
    expect(lock.state.writing).toBe(false);
  });

  it('counts a second release by the same holder as nothing, so it cannot free a lock someone else holds', async () => {
    const lock = new RwLock();
    const { order, ask, release } = recorder(lock);
    void ask('W1');
    void ask('W2');
    await settle();
    release('W1');
    await settle();
    expect(order).toEqual(['W1', 'W2']);
    release('W1');
    void ask('R1');
    await settle();
    expect(order).toEqual(['W1', 'W2']);
    expect(lock.state).toMatchObject({ writing: true, waitingReaders: 1 });

    const other = new RwLock();
    const reader = await other.acquireRead();
    reader();
    reader();
    expect(other.state.readers).toBe(0);
  });

  it('releases when the work under read() or write() throws', async () => {
    const lock = new RwLock();
    await expect(lock.write(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.read(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(lock.state).toEqual({ readers: 0, writing: false, waitingReaders: 0, waitingWriters: 0 });
  });
});
