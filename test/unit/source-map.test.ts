/**
 * The request-serving functions run without --enable-source-maps and map the
 * stacks they log themselves: a logged stack must name the same source files,
 * lines and columns Node's own mapping would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLING, PROJECT_ROOT } from '../../infra/functions.ts';

const dir = mkdtempSync(join(tmpdir(), 'onestop-source-map-'));
const bundle = join(dir, 'index.mjs');

beforeAll(async () => {
  writeFileSync(
    join(dir, 'entry.ts'),
    [
      `import { log } from ${JSON.stringify(join(PROJECT_ROOT, 'shared/kernel/log.ts'))};`,
      'function fails(): never {',
      "  throw new Error('boom');",
      '}',
      'try {',
      '  fails();',
      '} catch (err) {',
      "  log('error', 'unhandled error', { stack: (err as Error).stack, other: 'index.mjs:1:1' });",
      '}',
    ].join('\n'),
  );
  await build({
    entryPoints: [join(dir, 'entry.ts')],
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    banner: { js: BUNDLING.banner },
    charset: BUNDLING.charset,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    outfile: bundle,
    logLevel: 'error',
  });
}, 30_000);

function logged(nodeOptions: string[]) {
  const out = spawnSync(process.execPath, [...nodeOptions, bundle], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  return JSON.parse(out.stderr) as { stack: string; other: string };
}

describe('a logged stack', () => {
  it('locates its frames as Node’s own mapping does, without the flag and the map read at import', () => {
    const ours = logged([]);
    const nodes = logged(['--enable-source-maps']);
    expect(ours.stack).toContain(`${join(dir, 'entry.ts')}:3:`);
    expect(ours.stack).not.toContain('index.mjs');
    const places = (stack: string) => stack.match(/\/[^\s()]+:\d+:\d+/g);
    expect(places(ours.stack)).toEqual(places(nodes.stack));
    // Other fields are left as they are.
    expect(ours.other).toBe('index.mjs:1:1');
  });
});
