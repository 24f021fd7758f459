/** Lambda entry point for the HTTP API (API Gateway HTTP API, payload v2). */
import { handle, type LambdaContext } from 'hono/aws-lambda';
import { createApp } from '../shared/http/app.ts';
import { asMachineRequest, type HttpApiEvent } from '../shared/http/machine-door.ts';
import { loadConfig } from '../shared/platform/config.ts';
import { createPlatform } from '../shared/platform/services.ts';

// Built once per container, outside the handler, so warm invocations reuse clients and caches.
const serve = handle(createApp(createPlatform(await loadConfig())));

export const handler = (event: HttpApiEvent, context: LambdaContext) => serve(asMachineRequest(event), context);
