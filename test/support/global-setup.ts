/**
 * One embedded DynamoDB endpoint for the whole run; every test file creates
 * its own table on it (see table.ts), so files run in parallel in isolation.
 */
import type { TestProject } from 'vitest/node';
import { type LocalDynamo, startLocalDynamo } from '../../shared/store/local/server.ts';

let dynamo: LocalDynamo | undefined;

export async function setup(project: TestProject) {
  dynamo = await startLocalDynamo();
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
