/** The cold-start baseline: the smallest Hono Lambda handler, bundled the same way as the API. */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok' }));

export const handler = handle(app);
