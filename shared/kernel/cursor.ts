/**
 * Opaque pagination cursors. A cursor carries DynamoDB's LastEvaluatedKey,
 * signed together with the tenant and the listing it came from, so it cannot
 * be forged, edited, or replayed against another tenant or another listing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { problems } from './problems.ts';

export function encodeCursor(secret: string, tenantId: string, listing: string, lastKey: Record<string, unknown> | undefined): string | undefined {
  if (!lastKey) return undefined;
  const payload = Buffer.from(JSON.stringify(lastKey)).toString('base64url');
  return `${payload}.${sign(secret, tenantId, listing, payload)}`;
}

export function decodeCursor(secret: string, tenantId: string, listing: string, cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const [payload, signature, extra] = cursor.split('.');
  const invalid = () => problems.validation([{ field: 'cursor', message: 'not a cursor issued for this listing' }]);
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(secret, tenantId, listing, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function sign(secret: string, tenantId: string, listing: string, payload: string): string {
  return createHmac('sha256', secret).update(`${tenantId}\n${listing}\n${payload}`).digest('base64url');
}
