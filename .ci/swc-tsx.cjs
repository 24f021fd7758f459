// dependency-cruiser parses TypeScript with SWC but does not tell it which files hold JSX;
// this preload (node --require) turns the tsx flag on for .tsx files.
const swc = require('@swc/core');
const parseFileSync = swc.parseFileSync;
swc.parseFileSync = (file, options) => parseFileSync(file, { ...options, tsx: String(file).endsWith('.tsx') });
