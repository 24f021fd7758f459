/**
 * The Lambda bundles as CDK builds them: each one imports in a plain Node
 * process, answers its first event, and stays within its size budget.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { BUNDLE_BUDGET_BYTES, PROJECT_ROOT } from '../../infra/functions.ts';

const bundles: Record<string, string> = {};

describe('the lean zod the bundles resolve', () => {
  it('exports exactly what zod’s classic API exports, less the namespaces that carry every locale', () => {
    const exportsOf = (source: string) =>
      source
        .split('\n')
        .filter((l) => l.startsWith('export'))
        .map((l) =>
          l
            .replace(/(['"])(\.\.\/)+node_modules\/zod\/v4\//, '$1zod:')
            .replace(/(['"])\.{1,2}\//, '$1zod:classic/')
            .replace(/"/g, "'"),
        );
    const zod = readFileSync(join(PROJECT_ROOT, 'node_modules/zod/v4/classic/external.js'), 'utf8').replace(/'\.\.\/core\//g, "'zod:core/");
    const expected = exportsOf(zod.replace(/"\.\.\/core\//g, '"zod:core/')).filter((l) => !/^export \* as (core|locales) from/.test(l));
    expect(exportsOf(readFileSync(join(PROJECT_ROOT, 'infra/bundling/zod-classic.mjs'), 'utf8'))).toEqual(expected);
  });
});

/** Runs a script in a fresh Node process against one bundle; returns what it printed. */
function run(bundle: string, body: string, extraEnv: Record<string, string> = {}) {
  const script = `const { handler } = await import(${JSON.stringify(bundle)}); ${body}`;
  // Lambda runs Node.js 22; this machine's Node.js 20 would make the SDK print a notice.
  const env = {
    PATH: process.env.PATH,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: 'bundle-test',
    CURSOR_SECRET: 'x',
    DATA_KEY: randomBytes(32).toString('base64'),
    JWT_HS256_SECRET: 'x',
    AWS_REGION: 'ap-east-1',
    LOG_LEVEL: 'error',
    ...extraEnv,
  };
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 30_000 });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

const event = (method: string, path: string, headers: Record<string, string> = {}) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'api.example', ...headers },
  requestContext: {
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    requestId: 'bundle-test',
    stage: '$default',
    timeEpoch: 0,
  },
  isBase64Encoded: false,
});

beforeAll(() => {
  const { app, stack } = buildApp({ stage: 'dev' });
  const assembly = app.synth();
  const template = assembly.getStackArtifact(stack.artifactId).template as {
    Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string }; Description?: string } }>;
  };
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function' || !r.Properties.Code?.S3Key) continue;
    const hash = r.Properties.Code.S3Key.replace(/\.zip$/, '');
    bundles[r.Properties.Description!] = join(assembly.directory, `asset.${hash}`, 'index.mjs');
  }
}, 120_000);

describe('function bundles', () => {
  it('are built for all four entry points', () => {
    expect(Object.keys(bundles).sort()).toEqual(['Console', 'HTTP API', 'Nightly settlement', 'Outbox delivery']);
  });

  it('stay within their size budgets', () => {
    const sizes = Object.fromEntries(Object.entries(bundles).map(([name, file]) => [name, statSync(file).size]));
    expect(sizes['HTTP API']).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES.api);
    expect(sizes.Console).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES.console);
    expect(sizes['Outbox delivery']).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES.notify);
    expect(sizes['Nightly settlement']).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES.settle);
  });

  it('serve the API: health, problem+json, and the API-key door dropping bearer tokens', () => {
    const out = run(
      bundles['HTTP API']!,
      `const r = [];
       for (const e of ${JSON.stringify([event('GET', '/health'), event('GET', '/v1/cases'), event('GET', '/m/v1/cases', { authorization: 'Bearer forged' }), event('GET', '/v1/cases', { authorization: 'Bearer forged' })])}) {
         const res = await handler(e, {});
         r.push([res.statusCode, res.headers['content-type'], JSON.parse(res.body).detail ?? JSON.parse(res.body).status]);
       }
       process.stdout.write(JSON.stringify(r));`,
    );
    expect(out.stderr).toBe('');
    const [health, noToken, machineDoor, badToken] = JSON.parse(out.stdout);
    expect(health).toEqual([200, 'application/json', 'ok']);
    expect(noToken).toEqual([401, 'application/problem+json', 'A valid bearer token or API key is required.']);
    // Through /m/v1 the bearer token is removed before the app sees it: only an API key would do.
    expect(machineDoor).toEqual([401, 'application/problem+json', 'A valid bearer token or API key is required.']);
    expect(badToken).toEqual([401, 'application/problem+json', 'The bearer token is invalid or expired.']);
  });

  it('serve the whole API document and validate with the lean zod: every kind’s routes, field errors named', () => {
    const out = run(
      bundles['HTTP API']!,
      `const doc = await handler(${JSON.stringify(event('GET', '/openapi.json'))}, {});
       const paths = Object.keys(JSON.parse(doc.body).paths);
       const bad = await handler({ ...${JSON.stringify(event('POST', '/v1/public/ncms/surveys/demo-ncms/x', { 'content-type': 'application/json' }))}, body: JSON.stringify({ score: 9 }), rawQueryString: 'token=t' }, {});
       process.stdout.write(JSON.stringify({ status: doc.statusCode, paths, bad: [bad.statusCode, JSON.parse(bad.body).errors] }));`,
    );
    expect(out.stderr).toBe('');
    const { status, paths, bad } = JSON.parse(out.stdout);
    expect(status).toBe(200);
    for (const path of ['/v1/cases', '/v1/ncms/settlement-quotes', '/v1/campus/parcels', '/v1/ledger/units', '/v1/settlement-runs'])
      expect(paths).toContain(path);
    expect(bad).toEqual([400, [{ field: 'score', label: expect.any(String), message: expect.stringContaining('5') }]]);
  });

  it('leave the console out of the API: its screens are the console function’s', () => {
    const out = run(
      bundles['HTTP API']!,
      `const r = [];
       for (const e of ${JSON.stringify([event('GET', '/'), event('GET', '/console'), event('GET', '/console/login')])}) r.push((await handler(e, {})).statusCode);
       process.stdout.write(JSON.stringify(r));`,
    );
    expect([out.stderr, JSON.parse(out.stdout)]).toEqual(['', [404, 404, 404]]);
    expect(readFileSync(bundles['HTTP API']!, 'utf8')).not.toContain('onestop_pkce');
  });

  it('serve the console: sign-in goes to the Cognito hosted UI with PKCE when it is configured', () => {
    const out = run(
      bundles.Console!,
      `const r = [];
       for (const e of ${JSON.stringify([event('GET', '/'), event('GET', '/console/cases'), event('GET', '/console/login')])}) {
         const res = await handler(e, {});
         r.push([res.statusCode, res.headers.location, res.cookies ?? res.multiValueHeaders?.['set-cookie'] ?? res.headers['set-cookie'] ?? null]);
       }
       process.stdout.write(JSON.stringify(r));`,
      {
        COGNITO_DOMAIN: 'https://onestop-dev.auth.ap-east-1.amazoncognito.com',
        JWT_AUDIENCE: 'client-123',
        JWT_JWKS_URL: 'https://cognito-idp.ap-east-1.amazonaws.com/pool/.well-known/jwks.json',
        JWT_HS256_SECRET: '',
      },
    );
    expect(out.stderr).toBe('');
    const [root, cases, login] = JSON.parse(out.stdout);
    expect(root.slice(0, 2)).toEqual([302, '/console']);
    expect(cases.slice(0, 2)).toEqual([302, '/console/login']);
    expect(login[0]).toBe(302);
    const to = new URL(login[1]);
    expect(to.origin + to.pathname).toBe('https://onestop-dev.auth.ap-east-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'client-123',
      code_challenge_method: 'S256',
      redirect_uri: 'https://api.example/console/auth/callback',
    });
    expect(JSON.stringify(login[2])).toMatch(/onestop_pkce=.*HttpOnly/);
  });

  it('import notify and settle, and notify answers an empty batch', () => {
    const notify = run(bundles['Outbox delivery']!, `process.stdout.write(JSON.stringify(await handler({ Records: [] })));`);
    expect([notify.stderr, JSON.parse(notify.stdout)]).toEqual(['', { batchItemFailures: [] }]);
    const settle = run(bundles['Nightly settlement']!, `process.stdout.write(typeof handler);`);
    expect([settle.stderr, settle.stdout]).toEqual(['', 'function']);
  });
});
