/**
 * `npm start`: the platform on this machine. Options: `--memory` for a
 * throwaway store; PORT (default 3000) and DATA_DIR (default .data) from the
 * environment. Prints a dev token per demo user, then the URL in a box.
 */
import { resolve } from 'node:path';

import { PLATFORM, PLATFORM_OPERATOR } from '../shared/kernel/tenancy.ts';
import { signDevToken } from '../shared/platform/dev-tokens.ts';
import { startLocalPlatform } from './local/platform.ts';

// Lambda runs Node.js 22; locally the SDK's notice about Node.js 20 is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const memory = process.argv.includes('--memory');
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);

const local = await startLocalPlatform({ port, dataDir, memory });
const out: string[] = [];
out.push('', 'Dev tokens (valid 12 h; make more with `npm run -s token -- --tenant <id> --role <role>`):');
out.push(`  platform operator: ${await signDevToken(local.secrets.jwtSecret, { sub: 'operator', tenant: PLATFORM, roles: [PLATFORM_OPERATOR] })}`);
for (const kind of local.platform.kinds.values()) {
  const { demo } = kind;
  out.push('', `  ${demo.tenantId} (${kind.title.zh} ${kind.title.en})`);
  for (const user of demo.users) {
    const token = await signDevToken(local.secrets.jwtSecret, { sub: user.sub, tenant: demo.tenantId, roles: user.roles, scopes: user.scopes });
    out.push(`    ${user.roles.join('+').padEnd(20)} ${user.sub.padEnd(16)} ${token}`);
  }
}
// Where to go comes last, where the eye lands, not above thirty lines of tokens.
const box = [
  `One-stop platform running at ${local.url}`,
  `  console   ${local.url}/console   (sign in by picking a demo user)`,
  `  API docs  ${local.url}/docs   OpenAPI ${local.url}/openapi.json   health ${local.url}/health`,
  `  store     ${memory ? 'in memory (discarded on exit)' : `${dataDir}/store`}`,
  '  Press Ctrl-C to stop.',
];
const width = Math.max(...box.map((l) => l.length)) + 2;
out.push('', `┌${'─'.repeat(width)}┐`, ...box.map((l) => `│ ${l.padEnd(width - 1)}│`), `└${'─'.repeat(width)}┘`, '');
process.stdout.write(out.join('\n'));

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  await local.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
