/**
 * One catalogue of problem types: every type the platform can answer with is
 * declared once (the platform's, the ledger's, each plugin's), raised only
 * through the typed factories, and listed in the README with its status.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../shared/platform/config.ts';
import { createPlatform } from '../../shared/platform/services.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const walk = (dir: string): string[] =>
  readdirSync(join(ROOT, dir)).flatMap((n) => (statSync(join(ROOT, dir, n)).isDirectory() ? walk(join(dir, n)) : /\.tsx?$/.test(n) ? [join(dir, n)] : []));

const platform = createPlatform(configFromEnv({ TABLE_NAME: 'catalogue-test', CURSOR_SECRET: 'x', DATA_KEY: Buffer.alloc(32).toString('base64') }));
const catalogue = platform.problemCatalogue;

describe('the problem catalogue', () => {
  it('gives every type a status, a title in Chinese and English, and a meaning', () => {
    expect(Object.keys(catalogue).length).toBeGreaterThan(30);
    for (const [slug, type] of Object.entries(catalogue)) {
      expect(slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(type.status >= 400 && type.status < 600, slug).toBe(true);
      expect([slug, type.title.zh.length > 0, type.title.en.length > 0, type.meaning.length > 10]).toEqual([slug, true, true, true]);
    }
  });

  it('is the only way problems are made: no Problem is constructed outside the kernel', () => {
    const makers = walk('shared').filter((f) => f !== join('shared', 'kernel', 'problems.ts') && /new Problem\(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(makers).toEqual([]);
  });

  it('is listed in the README, type by type, with the status it answers', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const listed = new Map([...readme.matchAll(/^\| `([a-z-]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(Object.entries(catalogue).map(([slug, t]) => [slug, t.status])));
  });
});
