/**
 * Lambda entry point for the console (`/` and /console): the API's handler,
 * bundled with the console's screens (see BUNDLE_PARTS in infra/functions.ts),
 * which the API function's own bundle leaves out. The console calls the API
 * in-process, so it carries the API too and runs under the API's role.
 */
export { handler } from './api.ts';
