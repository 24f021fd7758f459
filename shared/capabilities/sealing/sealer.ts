/**
 * Personal data protected at rest: sensitive fields are sealed with
 * AES-256-GCM (the tenant id is bound in as associated data, so a sealed
 * value copied to another tenant will not open) and stored masked beside it.
 * A tenant with a data key of its own (envelope.ts) is sealed with that key
 * (`v2`); values sealed before it had one (`v1`, the platform's key) still open.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export class Sealer {
  /**
   * Two keys, one per job: the encryption key never computes the blind
   * index, so neither can be recovered from the other's output.
   */
  constructor(
    private readonly key: Buffer,
    private readonly indexKey: Buffer,
    private readonly tenantKeys: ReadonlyMap<string, Buffer> = new Map(),
  ) {
    if (key.length !== 32 || indexKey.length !== 32) throw new Error('sealing keys must be 32 bytes');
  }

  /** The sealer of a key ring: its `encryption` and `blind-index` keys, and the tenants' own keys as they are unwrapped. */
  static fromKeys(keys: { key(purpose: string): Buffer; tenantKeys?: ReadonlyMap<string, Buffer> }): Sealer {
    return new Sealer(keys.key('encryption'), keys.key('blind-index'), keys.tenantKeys);
  }

  seal(tenantId: string, values: Record<string, unknown>): string {
    const own = this.tenantKeys.get(tenantId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', own ?? this.key, iv);
    cipher.setAAD(Buffer.from(tenantId));
    const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    return [own ? 'v2' : 'v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /**
   * A blind index: the same value always gives the same opaque token within
   * a tenant, so records can be found by an identity number that is never
   * stored in clear.
   */
  blindIndex(tenantId: string, value: string): string {
    return createHmac('sha256', this.indexKey).update(`index\n${tenantId}\n${value.trim().toUpperCase()}`).digest('base64url').slice(0, 32);
  }

  /**
   * Seals bytes into bytes, for a binary attribute: a leading 1 (the
   * platform's key) or 2 (the tenant's), the IV, the tag, the ciphertext.
   * Nothing is spent on text encoding, so a record stays as small as it can.
   */
  sealBytes(tenantId: string, data: Uint8Array): Uint8Array {
    const own = this.tenantKeys.get(tenantId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', own ?? this.key, iv);
    cipher.setAAD(Buffer.from(tenantId));
    const body = Buffer.concat([cipher.update(data), cipher.final()]);
    return Buffer.concat([Buffer.from([own ? 2 : 1]), iv, cipher.getAuthTag(), body]);
  }

  openBytes(tenantId: string, sealed: Uint8Array): Buffer {
    const b = Buffer.from(sealed);
    if (b.length < 29 || (b[0] !== 1 && b[0] !== 2)) throw new Error('unknown sealed format');
    const key = b[0] === 1 ? this.key : this.tenantKeys.get(tenantId);
    if (!key) throw new Error(`the data key of tenant ${tenantId} is not loaded`);
    const decipher = createDecipheriv('aes-256-gcm', key, b.subarray(1, 13));
    decipher.setAAD(Buffer.from(tenantId));
    decipher.setAuthTag(b.subarray(13, 29));
    return Buffer.concat([decipher.update(b.subarray(29)), decipher.final()]);
  }

  open(tenantId: string, sealed: string): Record<string, unknown> {
    const [version, iv, body, tag] = sealed.split('.');
    if ((version !== 'v1' && version !== 'v2') || !iv || !body || !tag) throw new Error('unknown sealed format');
    const key = version === 'v1' ? this.key : this.tenantKeys.get(tenantId);
    // The tenant's key is unwrapped when the tenant is loaded; opening before that is a bug, not a missing value.
    if (!key) throw new Error(`the data key of tenant ${tenantId} is not loaded`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(tenantId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as Record<string, unknown>;
  }
}

/**
 * Shows enough to recognise a value, never enough to use it: identity
 * numbers and phones keep their first 3 and last 4 characters
 * ("110***********002X", "138****5678"); other text keeps one at each end.
 */
export function mask(value: string): string;
export function mask(value: unknown): unknown;
/**
 * A record (a household head, its members) is masked field by field, so
 * it keeps its shape and reads as masked values, never as a JSON string.
 */
export function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mask(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return mask(String(value));
  const chars = [...String(value)];
  const n = chars.length;
  if (n <= 4) return '*'.repeat(n);
  const numberLike = /^[\dX]+$/i.test(chars.join('')) && n >= 11;
  const [head, tail] = numberLike || n >= 15 ? [3, 4] : [1, 1];
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('');
}
