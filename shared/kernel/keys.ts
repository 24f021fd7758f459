/**
 * One key per purpose. The platform holds two master secrets (the data key
 * and the signing secret); every key it uses is derived from them with HKDF
 * for one purpose only — encryption, the blind index, cursors, CSRF tokens,
 * receipts, survey links — so that no key does two jobs and one leaking
 * purpose reveals nothing of another. Secrets are compared in constant time.
 */
import { createHash, hkdfSync, timingSafeEqual } from 'node:crypto';

export class KeyRing {
  private readonly cache = new Map<string, Buffer>();
  /** Tenants' own data keys, unwrapped (envelope encryption): held in memory only, shared by every sealer of the process. */
  readonly tenantKeys = new Map<string, Buffer>();

  constructor(private readonly master: Buffer) {
    if (master.length < 32) throw new Error('the master key material must be at least 32 bytes');
  }

  /** The platform's ring from its two configured secrets. */
  static fromSecrets(dataKeyBase64: string, signingSecret: string): KeyRing {
    return new KeyRing(Buffer.concat([Buffer.from(dataKeyBase64, 'base64'), Buffer.from(signingSecret, 'utf8')]));
  }

  /** 32 bytes for one purpose, always the same for the same master and purpose. */
  key(purpose: string): Buffer {
    let key = this.cache.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.master, 'onestop-platform', purpose, 32));
      this.cache.set(purpose, key);
    }
    return key;
  }

  /** The same key as text, for HMAC secrets. */
  secret(purpose: string): string {
    return this.key(purpose).toString('base64url');
  }
}

/** Compares two secrets (tokens, codes, states) in time that does not depend on where they differ, or on their lengths. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}
