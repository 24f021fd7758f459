/**
 * `npm run token -- --tenant <id> --role <role> [--sub <user>] [--scope key=value]`
 * prints a signed dev JWT (and nothing else) for the local platform.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signDevToken } from '../shared/platform/dev-tokens.ts';
import { loadLocalSecrets } from './local/platform.ts';

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
  process.stderr.write('usage: npm run token -- --tenant <id> --role <role> [--role <role>…] [--sub <user>] [--scope team=maintenance] [--ttl seconds]\n');
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
const secrets = loadLocalSecrets(resolve(process.env.DATA_DIR ?? '.data'));
const token = await signDevToken(
  secrets.jwtSecret,
  { sub: values.sub ?? `${roles[0]}-dev`, tenant: values.tenant, roles, scopes: Object.keys(scopes).length ? scopes : undefined },
  values.ttl ? Number(values.ttl) : undefined,
);
process.stdout.write(`${token}\n`);
