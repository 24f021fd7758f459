/** Lambda entry point for the HTTP API (API Gateway HTTP API, payload v2). */
import { handle, type LambdaContext } from 'hono/aws-lambda';
import { createApp } from '../shared/http/app.ts';
import { asMachineRequest, type HttpApiEvent } from '../shared/http/machine-door.ts';
import { loadConfig } from '../shared/platform/config.ts';
import { createPlatform } from '../shared/platform/services.ts';
import { confinedClients } from '../shared/store/confined-clients.ts';
import { Store } from '../shared/store/store.ts';

// Built once per container, outside the handler, so warm invocations reuse clients and caches.
const config = await loadConfig();
const store = Store.fromConfig(config.store);
// A tenant's requests reach the table with credentials DynamoDB confines to that tenant's keys.
if (process.env.TENANT_ROLE_ARN) store.confineWith(confinedClients({ roleArn: process.env.TENANT_ROLE_ARN, region: config.store.region }));
const serve = handle(createApp(createPlatform(config, { store })));

export const handler = (event: HttpApiEvent, context: LambdaContext) => serve(asMachineRequest(event), context);
