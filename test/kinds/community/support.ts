/** What the community tests share: fresh identity numbers, a person to register, and calls as the station's people. */
import { checkCharacter } from '../../../shared/kinds/community/identity/identity-number.ts';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

export const T = 'demo-community';

let n = 100 + Math.floor(Math.random() * 400);
/** A valid identity number no one else has (Xining, born 1990). */
export const freshId = () => {
  n++;
  const first = `630104199003${String(10 + (n % 18)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first + checkCharacter(first);
};

/** A valid identity number of someone born on 1 January of a year. */
export const idBornIn = (year: string) => {
  n++;
  const first = `630104${year}0101${String(n % 1000).padStart(3, '0')}`;
  return first + checkCharacter(first);
};

export const person = (idNumber: string, extra: Record<string, unknown> = {}) => ({
  name: '马小军',
  idNumber,
  phone: '13897001234',
  origin: { province: '甘肃', city: '临夏', county: '东乡' },
  address: '北区 3 号院 2 室 North yard 3, room 2',
  area: 'north',
  arrivedOn: '2026-10-08',
  intendedStayMonths: 12,
  occupation: '餐馆厨师 cook',
  marital: 'married',
  document: 'id-card',
  ...extra,
});

export interface Station {
  t: TestPlatform;
  tokens: Record<string, string>;
  register(input: unknown, token?: string): ReturnType<TestPlatform['call']>;
  file(type: string, input: unknown, token: string): ReturnType<TestPlatform['call']>;
  act(id: string, token: string, action: string, input?: unknown): ReturnType<TestPlatform['call']>;
  /** Each department records its part, and the registration is complete. */
  complete(id: string): Promise<void>;
}

/** A platform with tokens for the demo community's people: `collector` (north), `south`, `police`, `planning`, `governance`, `station`, `admin`, `auditor`. */
export async function station(opts: Parameters<typeof createTestPlatform>[0] = {}): Promise<Station> {
  const t = await createTestPlatform(opts);
  const tokens: Record<string, string> = {
    collector: await t.token(T, ['collector'], 'collector-01', { area: ['north'] }),
    south: await t.token(T, ['collector'], 'collector-02', { area: ['south'] }),
    police: await t.token(T, ['police'], 'police-01'),
    planning: await t.token(T, ['family-planning'], 'planning-01'),
    governance: await t.token(T, ['governance'], 'governance-01'),
    station: await t.token(T, ['station'], 'station-01'),
    admin: await t.token(T, ['tenant-admin'], 'admin'),
    auditor: await t.token(T, ['auditor'], 'auditor'),
  };
  const file = (type: string, input: unknown, token: string) =>
    t.call('POST', '/v1/cases', { token, body: { type, input }, headers: { 'idempotency-key': idem() } });
  const act: Station['act'] = (id, token, action, input) =>
    t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });
  return {
    t,
    tokens,
    act,
    complete: async (id) => {
      await act(id, tokens.police!, 'police-record', { residenceRegistered: true, permitEligible: true, note: '已核 checked' });
      await act(id, tokens.planning!, 'planning-record', { children: 0, certificate: 'verified', note: '已核 checked' });
      const done = await act(id, tokens.governance!, 'governance-record', { grid: 'g-1', risk: 'none', note: '已核 checked' });
      if (done.body.state !== 'registered') throw new Error(`registration ${id} is ${done.body.state}`);
    },
    file,
    register: (input, token = tokens.collector!) => file('registration', input, token),
  };
}
