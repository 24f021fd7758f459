import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDynamoClient } from '../../shared/store/client.ts';
import { createTableInput } from '../../shared/store/schema.ts';
import { Store } from '../../shared/store/store.ts';

export function testEndpoint(): string {
  return inject('dynamoEndpoint');
}

/** A fresh table on the shared local endpoint, named for this test file. */
export async function createTestTable(prefix = 'test'): Promise<{ store: Store; tableName: string; endpoint: string }> {
  const endpoint = testEndpoint();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const client = createDynamoClient({ tableName, endpoint });
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return { store: new Store(tableName, client), tableName, endpoint };
}
