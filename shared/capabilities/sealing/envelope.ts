/**
 * Envelope encryption: each tenant's personal data is sealed with a data key
 * of its own. The key is made when the tenant is created and kept in the
 * tenant's record only wrapped — by a KMS key in AWS, by a key of the
 * platform's own elsewhere — and unwrapped once per process when the tenant
 * is first loaded. A leaked record, or a sealed value copied to another
 * tenant, opens nothing.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Makes a tenant's data key and unwraps it again; the wrapped form is what is stored. */
export interface KeyWrapper {
  /** Names the wrapping in the wrapped text, so a record says what unwraps it. */
  readonly scheme: string;
  generate(tenantId: string): Promise<{ key: Buffer; wrapped: string }>;
  unwrap(tenantId: string, wrapped: string): Promise<Buffer>;
}

/** Wrapped with AES-256-GCM under a key of the platform's own, the tenant bound in as associated data. */
export class LocalKeyWrapper implements KeyWrapper {
  readonly scheme = 'local';

  constructor(private readonly kek: Buffer) {
    if (kek.length !== 32) throw new Error('the key-wrapping key must be 32 bytes');
  }

  async generate(tenantId: string) {
    const key = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.kek, iv);
    cipher.setAAD(Buffer.from(`tenant-key\n${tenantId}`));
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return { key, wrapped: [this.scheme, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.') };
  }

  async unwrap(tenantId: string, wrapped: string) {
    const [scheme, iv, body, tag] = wrapped.split('.');
    if (scheme !== this.scheme || !iv || !body || !tag) throw new Error(`a tenant key wrapped by ${scheme}, not ${this.scheme}`);
    const decipher = createDecipheriv('aes-256-gcm', this.kek, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`tenant-key\n${tenantId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  }
}

/**
 * Tenant data keys made and unwrapped by AWS KMS (GenerateDataKey, Decrypt)
 * with the tenant as encryption context: the key policy can confine each
 * use to a tenant, and CloudTrail records every unwrap.
 */
export class KmsKeyWrapper implements KeyWrapper {
  readonly scheme = 'kms';

  constructor(private readonly keyId: string) {}

  private async client() {
    const kms = await import('@aws-sdk/client-kms');
    return { kms, client: new kms.KMSClient({}) };
  }

  async generate(tenantId: string) {
    const { kms, client } = await this.client();
    const out = await client.send(new kms.GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { tenant: tenantId } }));
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
    return { key: Buffer.from(out.Plaintext), wrapped: `${this.scheme}.${Buffer.from(out.CiphertextBlob).toString('base64url')}` };
  }

  async unwrap(tenantId: string, wrapped: string) {
    const [scheme, blob] = wrapped.split('.');
    if (scheme !== this.scheme || !blob) throw new Error(`a tenant key wrapped by ${scheme}, not ${this.scheme}`);
    const { kms, client } = await this.client();
    const out = await client.send(
      new kms.DecryptCommand({ KeyId: this.keyId, CiphertextBlob: Buffer.from(blob, 'base64url'), EncryptionContext: { tenant: tenantId } }),
    );
    if (!out.Plaintext) throw new Error('KMS returned no plaintext');
    return Buffer.from(out.Plaintext);
  }
}
