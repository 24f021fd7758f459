/**
 * Machine consumers reach the API at `/m/v1/...`, a path the gateway leaves
 * without its JWT authorizer. Such a request may only authenticate with an
 * API key: any Authorization header is dropped before it is served as
 * `/v1/...`, where the app requires credentials as usual.
 */
import type { ApiGatewayRequestContextV2, LambdaEvent } from 'hono/aws-lambda';

export type HttpApiEvent = Extract<LambdaEvent, { requestContext: ApiGatewayRequestContextV2 }>;

export const MACHINE_PREFIX = '/m/v1/';

export function asMachineRequest(event: HttpApiEvent): HttpApiEvent {
  if (!event.rawPath.startsWith(MACHINE_PREFIX)) return event;
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'authorization'));
  const rawPath = event.rawPath.slice('/m'.length);
  return { ...event, rawPath, headers, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, path: rawPath } } };
}
