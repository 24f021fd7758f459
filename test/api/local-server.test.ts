/**
 * The local platform over real HTTP: the node server, the embedded store
 * with its data directory, the outbox poller delivering to the mailbox, and
 * `npm start` / `npm run token` as a user runs them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalPlatform } from '../../functions/local/platform.ts';
import { signDevToken } from '../../shared/platform/dev-tokens.ts';

const repair = { type: 'repair', input: { category: 'plumbing', description: 'bathroom drain blocked', location: { building: '9', room: '302' } } };

async function http(url: string, init: { method?: string; token?: string; body?: unknown; key?: string } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...(init.key ? { 'idempotency-key': init.key } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text.startsWith('{') ? JSON.parse(text) : text };
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('local platform over HTTP', () => {
  it('serves health, docs and OpenAPI, runs a repair to closed, and delivers notifications', async () => {
    const local = await startLocalPlatform({ port: 0, memory: true, dataDir: mkdtempSync(join(tmpdir(), 'onestop-')) });
    try {
      const sign = (sub: string, roles: string[], scopes?: Record<string, string[]>) =>
        signDevToken(local.secrets.jwtSecret, { sub, tenant: 'demo-property', roles, scopes });
      const [resident, desk, tech] = await Promise.all([
        sign('resident-0101', ['resident']),
        sign('desk-01', ['desk-agent']),
        sign('tech-01', ['team-member'], { team: ['maintenance'] }),
      ]);

      expect((await http(`${local.url}/health`)).body.status).toBe('ok');
      const docs = await http(`${local.url}/docs`);
      expect(docs.type).toContain('text/html');
      expect(docs.body).toContain('/v1/cases/{id}/transitions');
      const doc = await http(`${local.url}/openapi.json`);
      expect(doc.body.openapi).toBe('3.1.0');

      const created = await http(`${local.url}/v1/cases`, { method: 'POST', token: resident, body: repair, key: 'http-test-0001' });
      expect(created.status).toBe(201);
      const id = created.body.id;
      const steps: Array<[string, unknown]> = [
        [desk, { action: 'dispatch', input: { team: 'maintenance' } }],
        [tech, { action: 'complete', input: { note: 'cleared' } }],
        [resident, { action: 'confirm', input: { rating: 4 } }],
      ];
      for (const [token, body] of steps) expect((await http(`${local.url}/v1/cases/${id}/transitions`, { method: 'POST', token, body })).status).toBe(200);
      expect((await http(`${local.url}/v1/cases/${id}`, { token: resident })).body.state).toBe('closed');

      const mail = await eventually(
        () => http(`${local.url}/v1/mailbox`, { token: resident }),
        (r) => r.body.items.filter((m: { caseId?: string }) => m.caseId === id).length >= 3,
      );
      expect(
        mail.body.items
          .filter((m: { caseId?: string }) => m.caseId === id)
          .map((m: { event: string }) => m.event)
          .sort(),
      ).toEqual(['complete', 'created', 'dispatch']);
      const unauth = await http(`${local.url}/v1/cases/${id}`);
      expect([unauth.status, unauth.type]).toEqual([401, 'application/problem+json']);
    } finally {
      await local.close();
    }
  });

  /**
   * Files a repair with a webhook listening on the local platform and
   * returns how long the event took to arrive, in a tenant made through the
   * API just before when `newTenant` is set.
   */
  async function firstDelivery(pollMs: number, newTenant?: string): Promise<number> {
    const received: Array<{ at: number; body: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ at: Date.now(), body });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const local = await startLocalPlatform({ port: 0, memory: true, dataDir: mkdtempSync(join(tmpdir(), 'onestop-')), pollMs });
    try {
      const tenant = newTenant ?? 'demo-property';
      const sign = (sub: string, roles: string[]) => signDevToken(local.secrets.jwtSecret, { sub, tenant, roles });
      if (newTenant) {
        const operator = await signDevToken(local.secrets.jwtSecret, { sub: 'operator', tenant: '_platform', roles: ['platform-operator'] });
        const made = await http(`${local.url}/v1/tenants`, { method: 'POST', token: operator, body: { id: newTenant, kind: 'property', name: 'New Gardens' } });
        expect(made.status).toBe(201);
      }
      const [admin, resident] = await Promise.all([sign('admin', ['tenant-admin']), sign('resident-0101', ['resident'])]);
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      expect((await http(`${local.url}/v1/webhooks`, { method: 'POST', token: admin, body: { url, events: ['repair.*'] } })).status).toBe(201);
      const filed = Date.now();
      const created = await http(`${local.url}/v1/cases`, { method: 'POST', token: resident, body: repair, key: 'wake-test-0001' });
      expect(created.status).toBe(201);
      await eventually(
        async () => received.length,
        (n) => n > 0,
        10_000,
      );
      expect(received).toHaveLength(1);
      expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'repair.created', data: { case: { id: created.body.id } } });
      return received[0]!.at - filed;
    } finally {
      await local.close();
      receiver.close();
    }
  }

  it('hands a new outbox row to the poller at once, long before its next look for retries', async () => {
    // Retries are looked for once a minute here: a delivery within seconds can only have come from the wake-up.
    expect(await firstDelivery(60_000)).toBeLessThan(5000);
  });

  it('drains a tenant made after it last listed the tenants, though its look for retries came at the same time', async () => {
    // Every look is also a look for retries here, over the tenants listed up to 5 s before: the new tenant is not among them.
    expect(await firstDelivery(1, 'new-gardens')).toBeLessThan(2000);
  });

  it('keeps its data in the data directory across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onestop-'));
    const first = await startLocalPlatform({ port: 0, memory: false, dataDir });
    const resident = await signDevToken(first.secrets.jwtSecret, { sub: 'resident-0101', tenant: 'demo-property', roles: ['resident'] });
    const created = await http(`${first.url}/v1/cases`, { method: 'POST', token: resident, body: repair, key: 'restart-test-01' });
    await first.close();

    const second = await startLocalPlatform({ port: 0, memory: false, dataDir });
    try {
      const again = await http(`${second.url}/v1/cases/${created.body.id}`, { token: resident });
      expect(again.status).toBe(200);
      expect(again.body.data.description).toBe(repair.input.description);
    } finally {
      await second.close();
    }
  });
});

describe('npm run settle', () => {
  it('runs a date through the running platform, or on the store directly when it is stopped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onestop-'));
    const env = { ...process.env, DATA_DIR: dataDir };
    // Asynchronous: the platform serving the CLI's request runs in this very process.
    const settle = (date: string) =>
      new Promise<{ status: number | null; stdout: string }>((done) => {
        const child = spawn('npm', ['run', 'settle', '--', '--tenant', 'demo-campus-post', '--date', date], { env });
        let stdout = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.on('close', (status) => done({ status, stdout }));
      });
    const local = await startLocalPlatform({ port: 0, memory: false, dataDir });
    let viaApi: Awaited<ReturnType<typeof settle>>;
    try {
      viaApi = await settle('2026-11-20');
      const admin = await signDevToken(local.secrets.jwtSecret, { sub: 'a', tenant: 'demo-campus-post', roles: ['tenant-admin'] });
      expect((await http(`${local.url}/v1/settlement-runs/2026-11-20`, { token: admin })).body.trigger).toBe('operator');
    } finally {
      await local.close();
    }
    expect([viaApi.status, viaApi.stdout]).toEqual([0, expect.stringContaining('demo-campus-post 2026-11-20: succeeded (attempt 1)')]);
    const direct = await settle('2026-11-21');
    expect([direct.status, direct.stdout]).toEqual([0, expect.stringContaining('demo-campus-post 2026-11-21: succeeded (attempt 1)')]);
    expect(direct.stdout).toMatch(/sweep\s+done/);
    // The first date, settled through the API, is already done: the direct run confirms it unchanged.
    expect((await settle('2026-11-20')).stdout).toContain('succeeded (attempt 1)');
  }, 60_000);
});

describe('npm start and npm run token', () => {
  it('starts, prints a URL, accepts a token from `npm run token`, and stops cleanly on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onestop-'));
    const env = { ...process.env, PORT: '0', DATA_DIR: dataDir };
    const child = spawn('npm', ['start', '--', '--memory'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const url = await eventually(
      async () => /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1],
      (u) => u !== undefined,
      30_000,
    );
    try {
      expect(url).toBeDefined();
      expect(out).toMatch(/demo-property/);
      const token = spawnSync('npm', ['run', '-s', 'token', '--', '--tenant', 'demo-property', '--role', 'desk-agent', '--sub', 'desk-01'], {
        env,
        encoding: 'utf8',
      });
      expect(token.status).toBe(0);
      expect(token.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      // A role the tenant's kind does not have, or a tenant the running platform does not know, is refused and said so.
      for (const [args, why] of [
        [['--tenant', 'demo-property', '--role', 'collector'], 'has no role collector'],
        [['--tenant', 'no-such-office', '--role', 'tenant-admin'], 'no tenant no-such-office'],
      ] as const) {
        const refused = spawnSync('npm', ['run', '-s', 'token', '--', ...args], { env, encoding: 'utf8' });
        expect([refused.status, refused.stdout, refused.stderr]).toEqual([2, '', expect.stringContaining(why)]);
      }
      // The console's address is the last thing printed, below the tokens.
      expect(out.trim().split('\n').slice(-8).join('\n')).toContain(`${url}/console`);
      const res = await http(`${url}/v1/cases?queue=desk`, { token: token.stdout.trim() });
      expect(res.status).toBe(200);
      // The printed URL leads to the console's sign-in page, which offers the demo users.
      expect(out).toContain(`${url}/console`);
      const login = await fetch(url!, { redirect: 'follow' });
      expect(login.url).toBe(`${url}/console/login`);
      expect(await login.text()).toContain('value="desk-01"');
    } finally {
      // Every process holding the output pipe (npm, tsx, the runner) has exited once it closes.
      const closed = new Promise<void>((resolve) => child.stdout.on('close', () => resolve()));
      // Ctrl-C in a terminal signals the whole foreground process group: npm, tsx and the runner.
      process.kill(-child.pid!, 'SIGINT');
      await closed;
    }
    expect(out).toContain('SIGINT: stopping');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  }, 60_000);
});
