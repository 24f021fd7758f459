/**
 * Pickup codes of the campus post office, exercised below the API: no two
 * uncollected parcels share a code, even when check-ins race over a code
 * space shrunk to a few dozen codes.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { officeWeek } from '../../../shared/capabilities/calendar/index.ts';
import { addPerson } from '../../../shared/kinds/campus-post/directory/directory.ts';
import { campusPost } from '../../../shared/kinds/campus-post/index.ts';
import type { CampusServices, Office } from '../../../shared/kinds/campus-post/office.ts';
import { checkIn, release, uncollected } from '../../../shared/kinds/campus-post/parcels/parcels.ts';
import type { Tenant } from '../../../shared/pipeline/contract.ts';
import { createTestPlatform } from '../../support/platform.ts';

const now = new Date('2026-11-02T02:00:00Z');
let o: Office;
let trackingSeq = 0;
const tracking = () => `RACE${String(++trackingSeq).padStart(10, '0')}`;

beforeAll(async () => {
  const t = await createTestPlatform({ clock: () => now });
  // The platform builds each kind's services from its parts; this one is the campus kind's.
  const services = t.platform.services.get(campusPost.kind) as CampusServices;
  const tenant: Tenant = { id: 'code-race', kind: campusPost.kind, name: 'Code race', calendar: officeWeek, status: 'active', createdAt: now.toISOString() };
  o = { ...services.forTenant(tenant), codeSpace: 40 };
  await addPerson(o, { id: 'p1', name: 'x', phone: '13811112222', number: '99001', mailbox: 'M1' });
});

describe.sequential('pickup codes', () => {
  it('are never shared by two uncollected parcels, even when check-ins race over a tiny code space', async () => {
    const actor = { sub: 'supervisor', tenantId: o.tenant.id, roles: ['supervisor'], scopes: {} };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 5, max: 12 }), async (n) => {
        const made = await Promise.all(
          Array.from({ length: n }, () =>
            checkIn(o, actor, { tracking: tracking(), carrier: 'x', recipient: { phone: '13811112222' }, shelf: 's', size: 'small' }),
          ),
        );
        const codes = (await uncollected(o)).map((p) => p.code);
        expect(new Set(codes).size).toBe(codes.length);
        // Release them all so the next run starts with the whole (tiny) code space free.
        for (const p of made) await release(o, actor, { code: p.code ?? '', last4: '2222' });
      }),
      { numRuns: 5 },
    );
  }, 120_000);
});
