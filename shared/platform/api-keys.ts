/**
 * API keys for machine consumers: `osk.<tenant>.<keyId>.<secret>`. Only a
 * SHA-256 of the secret is stored; a key is scoped to one tenant and a set
 * of roles, and revocable. The tenant in the key only locates the record;
 * the hash comparison is what authenticates.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ID_PATTERN, newId } from '../kernel/ids.ts';
import type { Actor } from '../pipeline/contract.ts';
import { TENANT_ID_PATTERN, tenantKey } from '../store/schema.ts';
import { conditions, type Store, type WriteAction } from '../store/store.ts';

export interface ApiKeyInfo {
  id: string;
  name: string;
  roles: string[];
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
}

const keyOf = (tenantId: string, id: string) => ({ pk: tenantKey(tenantId, 'APIKEYS'), sk: id });
const hash = (secret: string) => createHash('sha256').update(secret).digest();

export class ApiKeys {
  constructor(private readonly store: Store) {}

  planCreate(tenantId: string, input: { name: string; roles: string[] }, createdBy: string, now: Date): { info: ApiKeyInfo; key: string; action: WriteAction } {
    const id = newId(now.getTime());
    const secret = randomBytes(32).toString('base64url');
    const info: ApiKeyInfo = { id, name: input.name, roles: input.roles, createdAt: now.toISOString(), createdBy };
    return {
      info,
      key: `osk.${tenantId}.${id}.${secret}`,
      action: {
        kind: 'put',
        item: { ...keyOf(tenantId, id), entity: 'apikey', info, secretHash: hash(secret).toString('hex') },
        condition: conditions.absent(),
      },
    };
  }

  async list(tenantId: string): Promise<ApiKeyInfo[]> {
    const page = await this.store.query({ pk: tenantKey(tenantId, 'APIKEYS') });
    return page.items.map((i) => i.info as ApiKeyInfo);
  }

  async revoke(tenantId: string, id: string, now: Date): Promise<ApiKeyInfo | undefined> {
    const item = await this.store.get(keyOf(tenantId, id));
    if (!item) return undefined;
    const info = { ...(item.info as ApiKeyInfo), revokedAt: (item.info as ApiKeyInfo).revokedAt ?? now.toISOString() };
    await this.store.put({ ...item, info });
    return info;
  }

  /** The actor a presented key stands for, or undefined when it is unknown, wrong or revoked. */
  async verify(presented: string): Promise<Actor | undefined> {
    const [prefix, tenantId, id, secret, extra] = presented.split('.');
    if (prefix !== 'osk' || !tenantId || !id || !secret || extra !== undefined) return undefined;
    if (!TENANT_ID_PATTERN.test(tenantId) || !ID_PATTERN.test(id)) return undefined;
    const item = await this.store.get(keyOf(tenantId, id));
    if (!item) return undefined;
    const info = item.info as ApiKeyInfo;
    const expected = Buffer.from(item.secretHash as string, 'hex');
    if (info.revokedAt || !timingSafeEqual(expected, hash(secret))) return undefined;
    return { sub: `apikey:${id}`, tenantId, roles: info.roles, scopes: {} };
  }
}
