import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDynamoClient } from '../../shared/store/client.ts';
import { ensureTable } from '../../shared/store/provision.ts';
import { Store } from '../../shared/store/store.ts';

export function testEndpoint(): string {
  return inject('dynamoEndpoint');
}

/** A fresh table on the shared local endpoint, named for this test file. */
export async function createTestTable(prefix = 'test'): Promise<{ store: Store; tableName: string; endpoint: string }> {
  const endpoint = testEndpoint();
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  const client = createDynamoClient({ tableName, endpoint });
  await ensureTable(client, tableName);
  return { store: new Store(tableName, client), tableName, endpoint };
}
