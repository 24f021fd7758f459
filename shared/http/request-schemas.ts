/**
 * A route's request schemas by method and Hono route path, read from the
 * OpenAPI registry the routers' definitions are merged into — so the
 * validation hook can name a refused field by the title its schema gives it.
 * Indexed once, on the first refusal.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import type { RequestSchemas } from '../kit/problem-response.ts';

interface RouteDefinition {
  type: string;
  route?: {
    method: string;
    path: string;
    request?: {
      body?: { content?: Record<string, { schema?: unknown }> };
      query?: ZodType;
      params?: ZodType;
      headers?: ZodType;
    };
  };
}

// biome-ignore lint/suspicious/noExplicitAny: any app's registry will do
export function requestSchemas(app: () => OpenAPIHono<any>): RequestSchemas {
  let index: Map<string, ZodType> | undefined;
  const build = () => {
    const out = new Map<string, ZodType>();
    for (const def of app().openAPIRegistry.definitions as RouteDefinition[]) {
      if (def.type !== 'route' || !def.route) continue;
      const { method, path, request } = def.route;
      // OpenAPI writes parameters `{id}`; Hono's route path `:id`.
      const key = (target: string) => `${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')} ${target}`;
      const json = request?.body?.content?.['application/json']?.schema;
      if (json) out.set(key('json'), json as ZodType);
      if (request?.query) out.set(key('query'), request.query);
      if (request?.params) out.set(key('param'), request.params);
      if (request?.headers) out.set(key('header'), request.headers);
    }
    return out;
  };
  return (method, routePath, target) => {
    index ??= build();
    return index.get(`${method} ${routePath} ${target}`);
  };
}
