/** Collects a plugin's console pages as it declares them: path, who may open it, handler, and an optional nav entry. */
import type { Role } from '../../kernel/tenancy.ts';
import type { ConsolePage } from '../plugin.ts';

export function pageSet<S>() {
  const pages: Array<ConsolePage<S>> = [];
  const add = (method: 'get' | 'post') => (path: string, roles: readonly Role[], handler: ConsolePage<S>['handler'], nav?: ConsolePage<S>['nav']) => {
    pages.push({ method, path, roles, handler, ...(nav ? { nav } : {}) });
  };
  return { pages, get: add('get'), post: add('post') };
}
