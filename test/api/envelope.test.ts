/**
 * Envelope encryption of personal data, on the real store: each tenant's
 * data key is made with the tenant and kept in its record only wrapped; a
 * case's sealed fields are sealed with it; a second process (the same
 * secrets, the same table) unwraps the key when it first loads the tenant
 * and opens them; a value copied into another tenant does not open there; a
 * tenant made before tenants had keys of their own still seals and opens
 * with the platform's key.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalKeyWrapper } from '../../shared/capabilities/sealing/envelope.ts';
import { Sealer } from '../../shared/capabilities/sealing/sealer.ts';
import { KeyRing } from '../../shared/kernel/keys.ts';
import { TenantDirectory } from '../../shared/platform/tenants.ts';
import { tenantKey } from '../../shared/store/schema.ts';
import { freshId, person } from '../kinds/community/support.ts';
import { createTestPlatform, idem } from '../support/platform.ts';

describe('tenant data keys', () => {
  it('wraps a key per tenant, seals its personal data with it, and unwraps it in another process', async () => {
    const t = await createTestPlatform();
    const { store } = t.platform;
    const record = await store.get({ pk: tenantKey('demo-community'), sk: 'TENANT' });
    expect(record?.dataKey).toMatch(/^local\./);
    expect((await t.call('GET', '/v1/tenants/demo-community', { token: await t.token('demo-community', ['tenant-admin'], 'admin') })).body).not.toHaveProperty(
      'dataKey',
    );
    const collector = await t.token('demo-community', ['collector'], 'collector-01', { area: ['north'] });
    const id = freshId();
    const filed = await t.call('POST', '/v1/cases', {
      token: collector,
      body: { type: 'registration', input: person(id) },
      headers: { 'idempotency-key': idem() },
    });
    const item = await store.get({ pk: tenantKey('demo-community', 'CASE', filed.body.id), sk: 'CASE' });
    expect(String(item?.sealed)).toMatch(/^v2\./);
    expect(JSON.stringify(item)).not.toContain(id);

    // Another process of the same platform: nothing in memory, the key unwrapped when the tenant is first loaded.
    const ring = t.platform.config.keys;
    const keys = new Map<string, Buffer>();
    const sealer = new Sealer(ring.key('encryption'), ring.key('blind-index'), keys);
    expect(() => sealer.open('demo-community', String(item?.sealed))).toThrow(/not loaded/);
    const directory = new TenantDirectory(store, { wrapper: new LocalKeyWrapper(ring.key('tenant-key-wrapping')), keys });
    await directory.get('demo-community');
    expect(sealer.open('demo-community', String(item?.sealed))).toMatchObject({ idNumber: id });
    // Copied to another tenant (whose own key is loaded too), it does not open.
    await directory.get('demo-property');
    expect(keys.has('demo-property')).toBe(true);
    expect(() => sealer.open('demo-property', String(item?.sealed))).toThrow();
  });

  it('keeps sealing and opening with the platform key for a tenant made before keys of their own', () => {
    const ring = new KeyRing(randomBytes(32));
    const sealer = Sealer.fromKeys(ring);
    const sealed = sealer.seal('old-tenant', { phone: '13800000000' });
    expect(sealed).toMatch(/^v1\./);
    expect(sealer.open('old-tenant', sealed)).toEqual({ phone: '13800000000' });
    ring.tenantKeys.set('old-tenant', randomBytes(32));
    expect(sealer.seal('old-tenant', { phone: '1' })).toMatch(/^v2\./);
    expect(sealer.open('old-tenant', sealed)).toEqual({ phone: '13800000000' }); // what was sealed before still opens
  });
});
