// What the Lambda bundles resolve `zod` to (esbuild alias, infra/functions.ts): zod's own entry
// point (node_modules/zod/index.js) over the lean classic API, so `z` no longer drags the locales in.
import * as z from './zod-classic.mjs';

export * from './zod-classic.mjs';
export { z, z as default };
