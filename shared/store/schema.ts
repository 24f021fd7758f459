/**
 * The single table's shape. The store code and the CDK stack both read these
 * constants, so the deployed table and the code that uses it cannot drift.
 */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  indexes: {
    gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    gsi2: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  },
} as const;

export type IndexName = keyof typeof TABLE.indexes;

import { PLATFORM, TENANT_ID_PATTERN } from '../kernel/tenancy.ts';

export { PLATFORM, TENANT_ID_PATTERN };

export function tenantKey(tenantId: string, ...parts: string[]): string {
  if (tenantId !== PLATFORM && !TENANT_ID_PATTERN.test(tenantId)) throw new Error(`invalid tenant id: ${tenantId}`);
  return ['T', tenantId, ...parts].join('#');
}

/** The CreateTable input for this schema (used by the local runner and the tests). */
export function createTableInput(tableName: string) {
  const attr = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const { gsi1, gsi2 } = TABLE.indexes;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [TABLE.partitionKey, TABLE.sortKey, gsi1.partitionKey, gsi1.sortKey, gsi2.partitionKey, gsi2.sortKey].map(attr),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [gsi1, gsi2].map((g) => ({
      IndexName: g.name,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: g.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
