/**
 * Stack traces mapped to the TypeScript sources when they are logged rather
 * than when the bundle loads. Node's `--enable-source-maps` reads and parses
 * a bundle's whole source map at import (1.9 MB for the API: about 50 ms of
 * every cold start) to map stacks that are rarely printed; the functions that
 * serve requests run without it and map the few stacks they log here, the
 * map read once, on the first.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

// In a Lambda bundle this module is the bundle itself, with its map beside it; run from source there is none.
const bundle = import.meta.url;
let map: SourceMap | null | undefined;

function bundleMap(): SourceMap | null {
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(bundle)}.map`, 'utf8')));
    } catch {
      map = null;
    }
  }
  return map;
}

/**
 * The stack with the bundle's frames (`file:///var/task/index.mjs:1:2345`) located by source file, line and
 * column; the minified function names stay (Node's mapping would restore those too).
 */
export function sourceMapped(stack: string): string {
  // With the flag on, Node has mapped it already.
  if (process.sourceMapsEnabled || !stack.includes(bundle)) return stack;
  const sourceMap = bundleMap();
  if (!sourceMap) return stack;
  const frames = new RegExp(`${bundle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`, 'g');
  return stack.replace(frames, (frame, line: string, column: string) => {
    const entry = sourceMap.findEntry(Number(line) - 1, Number(column) - 1);
    // Located as Node locates them: the source's path, resolved against the map's location.
    if (!('originalSource' in entry)) return frame;
    return `${fileURLToPath(new URL(entry.originalSource, bundle))}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
