/** The tenant kinds the platform serves. Adding a kind is a folder and one line here. */
import type { TenantKind } from '../pipeline/contract.ts';
import { campusPost } from './campus-post/index.ts';
import { community } from './community/index.ts';
import { ncms } from './ncms/index.ts';
import { property } from './property/index.ts';

export const KINDS: ReadonlyMap<string, TenantKind> = new Map([campusPost, ncms, property, community].map((k) => [k.kind, k]));

/** Demo tenant ids are fixed: scripts and docs rely on them. */
export const DEMO_TENANTS = [
  { id: 'demo-campus-post', kind: 'campus-post' },
  { id: 'demo-ncms', kind: 'ncms' },
  { id: 'demo-property', kind: 'property' },
  { id: 'demo-community', kind: 'community' },
] as const;
