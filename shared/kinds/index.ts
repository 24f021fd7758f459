/** The registry of tenant kinds. Adding a kind is a folder under kinds/ and one line here. */
import type { AnyKind } from '../kit/plugin.ts';
import { campusPost } from './campus-post/index.ts';
import { community } from './community/index.ts';
import { ncms } from './ncms/index.ts';
import { property } from './property/index.ts';

export const KINDS: readonly AnyKind[] = [campusPost, ncms, property, community];
