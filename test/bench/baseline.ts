/**
 * The honest cold-start baseline: what any Hono API on this stack carries
 * before it does anything of its own — the DynamoDB client and document
 * client, zod validating a JSON body, one GetItem — bundled with the API's
 * very settings, so the API's ratio to it measures the platform's own weight.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { z } from 'zod';

// Built once per container, outside the handler, as the API builds its clients.
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION ?? 'ap-east-1', maxAttempts: 3 }), {
  marshallOptions: { removeUndefinedValues: true },
});
const table = process.env.TABLE_NAME ?? 'baseline';

const Lookup = z.object({
  tenant: z.string().min(1).max(64),
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  fields: z
    .array(z.enum(['status', 'title', 'updatedAt']))
    .max(3)
    .optional(),
});

const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok', time: new Date().toISOString() }));
app.post('/v1/items/lookup', async (c) => {
  const parsed = Lookup.safeParse(await c.req.json().catch(() => undefined));
  if (!parsed.success) return c.json({ errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) }, 400);
  const { tenant, id } = parsed.data;
  const out = await doc.send(new GetCommand({ TableName: table, Key: { pk: `T#${tenant}#ITEM#${id}`, sk: 'ITEM' } }));
  return out.Item ? c.json(out.Item) : c.json({ status: 404 }, 404);
});

export const handler = handle(app);
