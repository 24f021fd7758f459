/** Personal data sealed at rest (AES-256-GCM, tenant-bound), shown masked, found by blind index. */
export { mask, Sealer } from './sealer.ts';
