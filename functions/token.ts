/**
 * `npm run -s token -- --tenant <id> --role <role> [--sub <user>] [--scope key=value]`
 * prints a signed dev JWT (and nothing else) for the local platform. It
 * refuses a tenant that does not exist and a role its kind does not have:
 * a token that could only ever get 401s is a mistake worth saying so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMON_ROLES, PLATFORM, PLATFORM_OPERATOR } from '../shared/kernel/tenancy.ts';
import { KINDS } from '../shared/kinds/index.ts';
import { signDevToken } from '../shared/platform/dev-tokens.ts';
import { loadLocalSecrets, RUNTIME_FILE } from './local/platform.ts';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string' },
    role: { type: 'string', multiple: true },
    sub: { type: 'string' },
    scope: { type: 'string', multiple: true },
    ttl: { type: 'string' },
  },
  strict: true,
});

if (!values.tenant || !values.role?.length) {
  process.stderr.write('usage: npm run -s token -- --tenant <id> --role <role> [--role <role>…] [--sub <user>] [--scope team=maintenance] [--ttl seconds]\n');
  process.exit(2);
}
const roles = values.role.flatMap((r) => r.split(',')).filter(Boolean);
const scopes: Record<string, string[]> = {};
for (const pair of values.scope ?? []) {
  const [key, value] = pair.split('=');
  if (!key || !value) {
    process.stderr.write(`--scope expects key=value, got ${pair}\n`);
    process.exit(2);
  }
  scopes[key] = [...(scopes[key] ?? []), value];
}
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const secrets = loadLocalSecrets(dataDir);
const refuse = (why: string): never => {
  process.stderr.write(`${why}\n`);
  process.exit(2);
};

/** The kind of a tenant: a demo tenant's is known; another's is asked of the running platform. */
async function kindOf(tenant: string): Promise<string | undefined> {
  const demo = KINDS.find((k) => k.demo.tenantId === tenant);
  if (demo) return demo.kind;
  const file = join(dataDir, RUNTIME_FILE);
  if (!existsSync(file)) return refuse(`tenant ${tenant} is not a demo tenant, and no running platform (npm start) can say whether it exists`);
  const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url: string };
  const probe = await signDevToken(secrets.jwtSecret, { sub: 'token-cli', tenant, roles: ['tenant-admin'] });
  const res = await fetch(`${url}/v1/tenant`, { headers: { authorization: `Bearer ${probe}` } }).catch(() => undefined);
  if (!res) return refuse(`tenant ${tenant} is not a demo tenant, and the platform at ${url} does not answer`);
  if (!res.ok) return refuse(`no tenant ${tenant} on the platform at ${url}`);
  return ((await res.json()) as { tenant: { kind: string } }).tenant.kind;
}

if (values.tenant === PLATFORM) {
  if (roles.some((r) => r !== PLATFORM_OPERATOR)) refuse(`the platform's only role is ${PLATFORM_OPERATOR}`);
} else {
  const kindName = await kindOf(values.tenant);
  const kind = KINDS.find((k) => k.kind === kindName);
  const known = [...COMMON_ROLES, ...Object.keys(kind?.roles ?? {})];
  const unknown = roles.filter((r) => !known.includes(r));
  if (unknown.length) refuse(`tenant ${values.tenant} (${kindName}) has no role ${unknown.join(', ')}; its roles: ${known.join(', ')}`);
}
const token = await signDevToken(
  secrets.jwtSecret,
  { sub: values.sub ?? `${roles[0]}-dev`, tenant: values.tenant, roles, scopes: Object.keys(scopes).length ? scopes : undefined },
  values.ttl ? Number(values.ttl) : undefined,
);
process.stdout.write(`${token}\n`);
