/**
 * DynamoDB item size, by the documented rules: attribute names and values in
 * UTF-8 bytes; numbers about one byte per two significant digits plus one;
 * maps and lists three bytes of overhead plus one per element. Used to cost
 * writes where the local store does not report what DynamoDB would charge.
 */
type AttributeValue = {
  S?: string;
  N?: string;
  B?: unknown;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  SS?: string[];
  NS?: string[];
};

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|^0+|e.*$/gi, '').length / 2) + 1;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.B !== undefined) return (v.B as Uint8Array).length ?? 0;
  if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, x]) => n + utf8(k) + valueSize(x) + 1, 0);
  if (v.L) return 3 + v.L.reduce((n, x) => n + valueSize(x) + 1, 0);
  if (v.SS) return v.SS.reduce((n, s) => n + utf8(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + valueSize({ N: s }), 0);
  return 0;
}

export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((n, [k, v]) => n + utf8(k) + valueSize(v), 0);
}

/**
 * Write units DynamoDB charges for a transactional put: two per KB on the
 * table, plus one per KB on each GSI whose keys the item carries.
 */
export function transactionalPutUnits(item: Record<string, AttributeValue>): { table: number; indexes: number } {
  const kb = Math.max(1, Math.ceil(itemSize(item) / 1024));
  const indexes = ['gsi1pk', 'gsi2pk'].filter((k) => item[k] !== undefined).length;
  return { table: 2 * kb, indexes: indexes * kb };
}
