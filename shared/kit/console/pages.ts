/**
 * Collects a plugin's console pages as it declares them: path, who may open
 * it (the roles of the API permission the page is built on), handler, and
 * an optional nav entry.
 */
import type { Role } from '../../kernel/tenancy.ts';
import { type Permission, rolesOf } from '../access.ts';
import type { ConsolePage } from '../plugin.ts';

export function pageSet<S>() {
  const pages: Array<ConsolePage<S>> = [];
  const add =
    (method: 'get' | 'post') => (path: string, who: readonly Role[] | Permission['roles'], handler: ConsolePage<S>['handler'], nav?: ConsolePage<S>['nav']) => {
      const roles = Array.isArray(who) ? (who as readonly Role[]) : rolesOf(who as Permission['roles']);
      pages.push({ method, path, roles, handler, ...(nav ? { nav } : {}) });
    };
  return { pages, get: add('get'), post: add('post') };
}
