/**
 * The DynamoDB client. The same code runs in Lambda (against DynamoDB) and
 * locally (against the embedded store); only the environment differs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StoreConfig {
  tableName: string;
  /** Set only for the local store; in AWS the SDK resolves the regional endpoint. */
  endpoint?: string;
  region?: string;
}

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return { tableName, endpoint: env.DYNAMODB_ENDPOINT || undefined, region: env.AWS_REGION || undefined };
}

export function createDynamoClient(config: StoreConfig): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region ?? 'ap-east-1',
    ...(config.endpoint ? { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 3,
  });
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}
