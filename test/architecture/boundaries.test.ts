/**
 * The seams that dependency rules cannot see: each kind imports only the
 * capabilities it declares it uses, and outside a kind's own folder its
 * name appears only in the registry. (The import floors themselves are
 * checked by dependency-cruiser: `npm run deps`.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../shared/kinds/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? walk(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The files each relative import of a source file points at, relative to the project root. */
function importsOf(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => relative(ROOT, resolve(dirname(join(ROOT, file)), m[1]!)));
}

describe('kind boundaries', () => {
  it('lets a kind import only the capabilities it declares', () => {
    expect(KINDS.length).toBeGreaterThanOrEqual(4);
    for (const kind of KINDS) {
      const used = new Set(
        walk(`shared/kinds/${kind.kind}`).flatMap((f) => importsOf(f).flatMap((target) => /^shared\/capabilities\/([^/]+)\//.exec(target)?.[1] ?? [])),
      );
      expect([kind.kind, [...used].filter((c) => !kind.uses.includes(c as never)).sort()]).toEqual([kind.kind, []]);
    }
  });

  it('names a kind outside its own folder only in the registry', () => {
    const files = ['shared', 'functions', 'infra'].flatMap(walk);
    for (const kind of KINDS) {
      const mention = new RegExp(`['"\`/]${kind.kind}['"\`/]`);
      const outside = files.filter(
        (f) => !f.startsWith(`shared/kinds/${kind.kind}/`) && f !== 'shared/kinds/index.ts' && mention.test(readFileSync(join(ROOT, f), 'utf8')),
      );
      expect([kind.kind, outside]).toEqual([kind.kind, []]);
    }
  });
});
