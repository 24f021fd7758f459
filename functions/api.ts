/** Lambda entry point for the HTTP API (API Gateway HTTP API, payload v2). */
import { handle } from 'hono/aws-lambda';
import { configFromEnv } from '../shared/config.ts';
import { createApp } from '../shared/http/app.ts';
import { createPlatform } from '../shared/platform/services.ts';

// Built once per container, outside the handler, so warm invocations reuse clients and caches.
const app = createApp(createPlatform(configFromEnv()));

export const handler = handle(app);
