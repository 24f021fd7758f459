/**
 * The ledger cannot be bent through its public API: random people attempt
 * random transfers — amounts, accounts (real, system, never opened), legs,
 * scopes — and every one that breaks a rule is refused: a role that may not
 * move money (403), a leg the caller has no authority over or that does not
 * exist (404: nothing opens on first use), a leg on a system account (422,
 * `system-account`). Whatever was accepted, the books still balance to zero
 * and every account's chain verifies.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../shared/kernel/money.ts';
import { createTestPlatform, type TestPlatform } from '../support/platform.ts';

const T = 'ledger-authority';
let t: TestPlatform;
let admin: string;

/** A small postal company: a region, two cities, a county and a branch under the first. */
const UNITS = [
  { id: 'rg', name: 'region', level: 'region' },
  { id: 'ca', name: 'city a', level: 'city', parent: 'rg' },
  { id: 'cb', name: 'city b', level: 'city', parent: 'rg' },
  { id: 'ka', name: 'county a', level: 'county', parent: 'ca' },
  { id: 'ba', name: 'branch a', level: 'branch', parent: 'ka' },
] as const;
const PARENT: Record<string, string | undefined> = Object.fromEntries(UNITS.map((u) => [u.id, 'parent' in u ? u.parent : undefined]));
const reaches = (scope: string, unit: string | undefined) => unit !== undefined && (unit === scope || PARENT[unit] === scope);

interface Account {
  id: string;
  unit?: string;
  system: boolean;
  exists: boolean;
}
const ACCOUNTS: Account[] = [
  ...UNITS.filter((u) => u.level !== 'region').flatMap((u) => [
    { id: `${u.id}:revenue`, unit: u.id, system: false, exists: true },
    { id: `${u.id}:expense`, unit: u.id, system: false, exists: true },
  ]),
  { id: 'rg:fund', unit: 'rg', system: true, exists: true }, // a fund: only the sweep moves it
  { id: 'interest:ca', unit: 'ca', system: true, exists: true },
  { id: 'fee:bank', system: true, exists: true },
  { id: 'clearing:bank', system: true, exists: true },
  { id: 'receivable:ghost', system: false, exists: false }, // a name no flow opened
  { id: 'ka:savings', unit: 'ka', system: false, exists: false },
];

const account = (id: string) => ACCOUNTS.find((a) => a.id === id)!;
/** Revenue paid up to the parent unit's revenue account: [debit (the parent's), credit (the child's)]. */
const UPWARD: Array<[Account, Account]> = [
  [account('ka:revenue'), account('ba:revenue')],
  [account('ca:revenue'), account('ka:revenue')],
];

type Actor = { roles: string[]; unit?: string };
const ACTORS: Actor[] = [
  { roles: ['tenant-admin'] },
  { roles: ['finance'] },
  ...UNITS.map((u) => ({ roles: ['finance'], unit: u.id })),
  { roles: ['auditor'] },
];

beforeAll(async () => {
  t = await createTestPlatform();
  const campus = (await t.platform.tenants.get('demo-campus-post'))!;
  await t.platform.tenants.create({ ...campus, id: T, name: 'Ledger authority' });
  admin = await t.token(T, ['tenant-admin'], 'admin');
  for (const u of UNITS) expect((await t.call('POST', '/v1/ledger/units', { token: admin, body: u })).status).toBe(201);
  for (const u of UNITS.filter((x) => x.level === 'branch' || x.level === 'county')) {
    const deposit = await t.call('POST', '/v1/ledger/deposits', {
      token: admin,
      body: { id: `seed-${u.id}`, unit: u.id, fundNature: 'postal', amount: '10000.00' },
    });
    expect(deposit.status).toBe(201);
  }
}, 60_000);

/** What the rules say of an attempt, before the account rules (floors, limits, payees) have their say. */
function expected(actor: Actor, debit: Account, credit: Account): number | 'system-account' | 'allowed' {
  if (!actor.roles.some((r) => r === 'tenant-admin' || r === 'finance')) return 403;
  if (!debit.exists || !credit.exists) return 404;
  if (actor.unit !== undefined && ![debit, credit].every((a) => reaches(actor.unit!, a.unit))) return 404;
  if (debit.system || credit.system) return 'system-account';
  return 'allowed';
}

describe('transfers through the public API', () => {
  it('refuse every attempt that breaks a rule, and leave the books balanced with every chain intact', async () => {
    let seq = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc
            .record({
              actor: fc.constantFrom(...ACTORS),
              // Half the time a pair the hierarchy's own rules allow (revenue paid up to the parent), so some transfers go through.
              legs: fc.oneof(fc.tuple(fc.constantFrom(...ACCOUNTS), fc.constantFrom(...ACCOUNTS)), fc.constantFrom(...UPWARD)),
              cents: fc.integer({ min: 1, max: 500_000 }),
            })
            .map(({ actor, legs, cents }) => ({ actor, debit: legs[0], credit: legs[1], cents })),
          { minLength: 1, maxLength: 10 },
        ),
        async (attempts) => {
          for (const a of attempts) {
            if (a.debit.id === a.credit.id) continue;
            const token = await t.token(T, a.actor.roles, `actor-${a.actor.unit ?? 'all'}`, a.actor.unit ? { unit: [a.actor.unit] } : undefined);
            const body = { id: `p-${++seq}`, debit: a.debit.id, credit: a.credit.id, amount: (a.cents / 100).toFixed(2), memo: 'property' };
            const res = await t.call('POST', '/v1/ledger/transfers', { token, body });
            const rule = expected(a.actor, a.debit, a.credit);
            const label = JSON.stringify({ actor: a.actor, debit: a.debit.id, credit: a.credit.id });
            if (rule === 'allowed') {
              // The account rules may still refuse (a floor, a payee rule) — with a 422 naming the rule, never the authority ones.
              expect([label, res.status === 201 || (res.status === 422 && res.body.rule !== 'system-account')]).toEqual([label, true]);
              if (res.status === 201) accepted++;
            } else if (rule === 'system-account') {
              expect([label, res.status, res.body.rule]).toEqual([label, 422, 'system-account']);
            } else {
              expect([label, res.status]).toEqual([label, rule]);
            }
          }
        },
      ),
      { numRuns: 20 },
    );
    // Names in refused transfers opened nothing.
    for (const a of ACCOUNTS.filter((x) => !x.exists)) expect((await t.call('GET', `/v1/ledger/accounts/${a.id}`, { token: admin })).status).toBe(404);
    // Every posting of every account: debits equal credits, and each chain verifies.
    let debits = new Dec(0);
    let credits = new Dec(0);
    for (const a of ACCOUNTS.filter((x) => x.exists)) {
      const { body } = await t.call('GET', `/v1/ledger/accounts/${a.id}`, { token: admin });
      debits = debits.plus(body.state.debitsPosted);
      credits = credits.plus(body.state.creditsPosted);
      expect((await t.call('GET', `/v1/ledger/accounts/${a.id}/verify`, { token: admin })).body).toMatchObject({ ok: true, problems: [] });
    }
    expect(debits.toFixed(2)).toBe(credits.toFixed(2));
    expect(accepted).toBeGreaterThan(0);
  }, 240_000);
});
