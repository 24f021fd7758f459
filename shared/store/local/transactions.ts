/**
 * TransactWriteItems and TransactGetItems for dynalite, which lacks them.
 *
 * Semantics follow DynamoDB's documentation: all-or-nothing over
 * Put/Update/Delete/ConditionCheck, at most 100 actions, no two actions on one
 * item (numbers compared as numbers, so 7 and 7.0 are one key),
 * TransactionCanceledException with one CancellationReason per action in
 * request order (a key of the wrong type is such a reason, ValidationError,
 * not a refusal of the whole request), member constraints checked first
 * (a ClientRequestToken of 1–36 characters, the documented enum values), and
 * ClientRequestToken idempotency for ten minutes: a replay changes nothing
 * and reports the read units of reading the items, not the original's writes.
 *
 * How: under the store's exclusive lock, read every target's before-image,
 * journal them (when the store is on disk), apply each action with dynalite's
 * own conditional write (so condition and update expressions are dynalite's,
 * not ours), and on any failure restore the before-images. Readers hold the
 * shared lock, so nobody observes the intermediate state.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import type { RwLock } from './rw-lock.ts';

type AttributeMap = Record<string, unknown>;
// biome-ignore lint/suspicious/noExplicitAny: DynamoDB's wire JSON (attribute values), handled generically
type Json = Record<string, any>;

const MAX_ACTIONS = 100;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const TOKEN_TTL_MS = 10 * 60 * 1000;
const MAX_TOKEN_LENGTH = 36;
const RETURN_CONSUMED_CAPACITY = ['INDEXES', 'TOTAL', 'NONE'];
const RETURN_ITEM_COLLECTION_METRICS = ['SIZE', 'NONE'];
const RETURN_VALUES_ON_CONDITION_CHECK_FAILURE = ['ALL_OLD', 'NONE'];
const KINDS = ['Put', 'Update', 'Delete', 'ConditionCheck'] as const;
const NS = 'com.amazonaws.dynamodb.v20120810#';

/** An error in DynamoDB's wire shape: HTTP status and JSON body. */
export class WireError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.message ?? body.Message ?? body.__type));
  }
}

const validation = (message: string) => new WireError(400, { __type: 'com.amazon.coral.validate#ValidationException', message });

interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: AttributeMap;
}

function cancellation(reasons: CancellationReason[]): WireError {
  return new WireError(400, {
    __type: `${NS}TransactionCanceledException`,
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    CancellationReasons: reasons,
  });
}

/** A key attribute of the wrong type: DynamoDB cancels the transaction over it rather than refusing the request. */
class KeyTypeMismatch extends Error {}

interface Target {
  table: string;
  key: AttributeMap;
  identity: string;
}

interface KeySchema {
  names: string[];
  /** Attribute type (S, N or B) by key attribute name. */
  types: Map<string, string>;
}

interface BeforeImage {
  table: string;
  key: AttributeMap;
  item: AttributeMap | undefined;
}

/** Calls the underlying dynalite over HTTP with the raw wire JSON (no re-marshalling). */
export type InnerCall = (operation: string, body: Json) => Promise<Json>;

export class LocalTransactions {
  private readonly keySchemas = new Map<string, KeySchema>();
  private readonly tokens = new Map<string, { hash: string; at: number }>();

  constructor(
    private readonly inner: InnerCall,
    private readonly lock: RwLock,
    private readonly journalFile?: string,
  ) {}

  /** `signal`: the client has gone; a transaction still queued is then dropped, never half run. */
  async transactWrite(raw: string, signal?: AbortSignal): Promise<Json> {
    if (Buffer.byteLength(raw) > MAX_REQUEST_BYTES) throw validation('Transaction request size exceeds 4 MB');
    const request = JSON.parse(raw) as Json;
    const actions = request.TransactItems;
    if (!Array.isArray(actions) || actions.length === 0) {
      throw validation("1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null");
    }
    if (actions.length > MAX_ACTIONS) {
      throw validation(
        `1 validation error detected: Value '[${actions.length} items]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ACTIONS}`,
      );
    }
    const broken = memberConstraints(request, actions);
    if (broken.length > 0) throw validation(`${broken.length} validation error${broken.length > 1 ? 's' : ''} detected: ${broken.join('; ')}`);
    const token: string | undefined = request.ClientRequestToken;
    const hash = token ? requestHash(request) : '';
    const targets = await this.targetsOf(actions);

    return this.lock.write(async () => {
      if (token) {
        this.expireTokens();
        const seen = this.tokens.get(token);
        if (seen && seen.hash !== hash) {
          throw new WireError(400, {
            __type: `${NS}IdempotentParameterMismatchException`,
            message: 'Request parameters do not match the original request for this ClientRequestToken',
          });
        }
        if (seen) return this.replay(targets, request.ReturnConsumedCapacity);
      }
      const response = await this.applyAll(actions, targets, request.ReturnConsumedCapacity);
      if (token) this.tokens.set(token, { hash, at: Date.now() });
      return response;
    }, signal);
  }

  async transactGet(raw: string, signal?: AbortSignal): Promise<Json> {
    const request = JSON.parse(raw) as Json;
    const gets = request.TransactItems;
    if (!Array.isArray(gets) || gets.length === 0 || gets.length > MAX_ACTIONS) {
      throw validation(`TransactItems must hold between 1 and ${MAX_ACTIONS} Get actions`);
    }
    const targets: Target[] = [];
    for (const action of gets) {
      if (!action?.Get) throw validation('Each TransactGetItems action must be a Get');
      try {
        targets.push(await this.target(action.Get.TableName, action.Get.Key));
      } catch (err) {
        if (err instanceof KeyTypeMismatch) throw validation(err.message);
        throw err;
      }
    }
    assertDistinct(targets);
    return this.lock.read(async () => {
      const responses = [];
      for (const action of gets) {
        const { TableName, Key, ProjectionExpression, ExpressionAttributeNames } = action.Get;
        const got = await this.inner('GetItem', { TableName, Key, ProjectionExpression, ExpressionAttributeNames, ConsistentRead: true });
        responses.push(got.Item ? { Item: got.Item } : {});
      }
      return { Responses: responses };
    }, signal);
  }

  /** Restores before-images left by a transaction interrupted mid-apply (process killed). */
  async recover(): Promise<number> {
    if (!this.journalFile || !existsSync(this.journalFile)) return 0;
    const images = JSON.parse(readFileSync(this.journalFile, 'utf8')) as BeforeImage[];
    await this.restore(images);
    unlinkSync(this.journalFile);
    return images.length;
  }

  /**
   * Every action's target item, checked against its table's key schema. A key
   * attribute of the wrong type cancels the transaction with a ValidationError
   * reason for that action and None for the others (checked before the
   * one-item-per-action rule); anything else malformed refuses the request.
   */
  private async targetsOf(actions: Json[]): Promise<Target[]> {
    const targets: Target[] = [];
    const mismatches: Array<string | undefined> = [];
    for (const action of actions) {
      try {
        targets.push(await this.targetOf(action));
        mismatches.push(undefined);
      } catch (err) {
        if (!(err instanceof KeyTypeMismatch)) throw err;
        mismatches.push(err.message);
      }
    }
    if (mismatches.some((m) => m !== undefined)) {
      throw cancellation(mismatches.map((m) => (m === undefined ? { Code: 'None' } : { Code: 'ValidationError', Message: m })));
    }
    assertDistinct(targets);
    return targets;
  }

  /**
   * A repeated call with a token already used succeeds without changing
   * anything; asked for capacity, it reports what reading the items costs.
   */
  private async replay(targets: Target[], returnCapacity: string | undefined): Promise<Json> {
    if (returnCapacity !== 'TOTAL' && returnCapacity !== 'INDEXES') return {};
    const units = new Map<string, number>();
    for (const t of targets) {
      const got = await this.inner('GetItem', { TableName: t.table, Key: t.key, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' });
      units.set(t.table, (units.get(t.table) ?? 0) + Number(got.ConsumedCapacity?.CapacityUnits ?? 1));
    }
    return { ConsumedCapacity: [...units].map(([TableName, n]) => ({ TableName, CapacityUnits: n, ReadCapacityUnits: n })) };
  }

  private async applyAll(actions: Json[], targets: Target[], returnCapacity: string | undefined): Promise<Json> {
    // Every action targets a different item, so under the exclusive lock the
    // reads, the writes and the restores can each run concurrently.
    const before: BeforeImage[] = await Promise.all(
      targets.map(async (t) => ({
        table: t.table,
        key: t.key,
        item: (await this.inner('GetItem', { TableName: t.table, Key: t.key, ConsistentRead: true })).Item,
      })),
    );
    this.writeJournal(before);

    const outcomes = await Promise.allSettled(actions.map((action) => this.inner(...withCapacity(writeFor(action)))));
    // ConditionCheck is applied as a conditional delete so that dynalite evaluates
    // the expression; its item is put back below whatever the outcome.
    const applied = before.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    const unexpected = outcomes.find((o) => o.status === 'rejected' && !isConditionFailure(o.reason));
    const failed = outcomes.some((o) => o.status === 'rejected');
    if (unexpected || failed) {
      await this.restore(applied);
      this.clearJournal();
      if (unexpected) throw (unexpected as PromiseRejectedResult).reason;
      throw cancellation(
        outcomes.map((o, i) => {
          if (o.status === 'fulfilled') return { Code: 'None' };
          const action = actions[i]!;
          const wantsItem = action[Object.keys(action)[0]!].ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
          return {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            ...(wantsItem && before[i]!.item ? { Item: before[i]!.item } : {}),
          };
        }),
      );
    }
    await this.restore(before.filter((_, i) => actions[i]!.ConditionCheck));
    this.clearJournal();

    const units = new Map<string, number>();
    outcomes.forEach((o, i) => {
      const capacity = Number((o as PromiseFulfilledResult<Json>).value.ConsumedCapacity?.CapacityUnits ?? 1);
      units.set(before[i]!.table, (units.get(before[i]!.table) ?? 0) + 2 * capacity);
    });
    if (returnCapacity === 'TOTAL' || returnCapacity === 'INDEXES') {
      return {
        ConsumedCapacity: [...units].map(([TableName, n]) => ({ TableName, CapacityUnits: n, WriteCapacityUnits: n })),
      };
    }
    return {};
  }

  private async restore(images: BeforeImage[]): Promise<void> {
    await Promise.all(
      images.map((image) =>
        image.item ? this.inner('PutItem', { TableName: image.table, Item: image.item }) : this.inner('DeleteItem', { TableName: image.table, Key: image.key }),
      ),
    );
  }

  private writeJournal(images: BeforeImage[]): void {
    if (!this.journalFile) return;
    // Write-then-rename so a crash never leaves a half-written journal.
    writeFileSync(`${this.journalFile}.tmp`, JSON.stringify(images));
    renameSync(`${this.journalFile}.tmp`, this.journalFile);
  }

  private clearJournal(): void {
    if (this.journalFile && existsSync(this.journalFile)) unlinkSync(this.journalFile);
  }

  private async targetOf(action: Json): Promise<Target> {
    const kinds = KINDS.filter((k) => action?.[k] !== undefined);
    if (kinds.length !== 1) throw validation('Each TransactWriteItems action must hold exactly one of Put, Update, Delete or ConditionCheck');
    const body = action[kinds[0]!];
    if (kinds[0] === 'Put') {
      if (typeof body.TableName !== 'string') throw validation('TableName is required');
      const { names, types } = await this.keySchema(body.TableName);
      const item = body.Item ?? {};
      const key = Object.fromEntries(names.map((k) => [k, item[k]]));
      if (names.some((k) => item[k] === undefined)) throw validation('One or more parameter values were invalid: Missing the key in the item');
      for (const name of names) {
        const actual = typeOf(item[name]);
        if (actual !== types.get(name)) {
          throw new KeyTypeMismatch(`One or more parameter values were invalid: Type mismatch for key ${name} expected: ${types.get(name)} actual: ${actual}`);
        }
      }
      return this.target(body.TableName, key);
    }
    if (kinds[0] === 'ConditionCheck' && !body.ConditionExpression) throw validation('ConditionCheck requires a ConditionExpression');
    return this.target(body.TableName, body.Key);
  }

  private async target(table: string, key: AttributeMap | undefined): Promise<Target> {
    if (typeof table !== 'string') throw validation('TableName is required');
    const { names, types } = await this.keySchema(table);
    if (!key || names.some((k) => key[k] === undefined) || Object.keys(key).length !== names.length) {
      throw validation('The provided key element does not match the schema');
    }
    if (names.some((k) => typeOf(key[k]) !== types.get(k))) throw new KeyTypeMismatch('The provided key element does not match the schema');
    const identity = `${table}\u0000${names.map((k) => canonicalKeyValue(key[k] as Json)).join('\u0000')}`;
    return { table, key, identity };
  }

  private async keySchema(table: string): Promise<KeySchema> {
    let schema = this.keySchemas.get(table);
    if (!schema) {
      const described = await this.inner('DescribeTable', { TableName: table });
      const keys = described.Table.KeySchema as Array<{ AttributeName: string; KeyType: string }>;
      const definitions = described.Table.AttributeDefinitions as Array<{ AttributeName: string; AttributeType: string }>;
      schema = {
        names: [...keys].sort((a) => (a.KeyType === 'HASH' ? -1 : 1)).map((k) => k.AttributeName),
        types: new Map(definitions.map((d) => [d.AttributeName, d.AttributeType])),
      };
      this.keySchemas.set(table, schema);
    }
    return schema;
  }

  private expireTokens(): void {
    const cutoff = Date.now() - TOKEN_TTL_MS;
    for (const [token, entry] of this.tokens) if (entry.at < cutoff) this.tokens.delete(token);
  }
}

/**
 * The documented member constraints, checked before anything else and all
 * reported together, in the wording of DynamoDB's request validation.
 */
function memberConstraints(request: Json, actions: Json[]): string[] {
  const broken: string[] = [];
  const token = request.ClientRequestToken;
  if (typeof token === 'string' && (token.length < 1 || token.length > MAX_TOKEN_LENGTH)) {
    const bound = token.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_TOKEN_LENGTH}`;
    broken.push(`Value '${token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length ${bound}`);
  }
  const oneOf = (value: unknown, allowed: string[], at: string) => {
    if (value !== undefined && !allowed.includes(value as string)) {
      broken.push(`Value '${String(value)}' at '${at}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
  };
  oneOf(request.ReturnConsumedCapacity, RETURN_CONSUMED_CAPACITY, 'returnConsumedCapacity');
  oneOf(request.ReturnItemCollectionMetrics, RETURN_ITEM_COLLECTION_METRICS, 'returnItemCollectionMetrics');
  actions.forEach((action, i) => {
    for (const kind of KINDS) {
      const member = `${kind[0]!.toLowerCase()}${kind.slice(1)}`;
      oneOf(
        action?.[kind]?.ReturnValuesOnConditionCheckFailure,
        RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
        `transactItems.${i + 1}.member.${member}.returnValuesOnConditionCheckFailure`,
      );
    }
  });
  return broken;
}

/** The type of an attribute value on the wire: its one type key (S, N, B, L, M, …). */
function typeOf(value: unknown): string {
  const kinds = value && typeof value === 'object' ? Object.keys(value) : [];
  return kinds.length === 1 ? kinds[0]! : 'unknown';
}

/**
 * A key value as DynamoDB compares it. Numbers are numbers, not strings —
 * "leading and trailing zeroes are trimmed" — so 7, 7.0, 07 and 0.7e1 are one
 * key; binary is compared by its bytes, not by how the base64 was written.
 */
function canonicalKeyValue(value: Json): string {
  if (typeof value.N === 'string') return `N:${canonicalNumber(value.N)}`;
  if (typeof value.B === 'string') return `B:${Buffer.from(value.B, 'base64').toString('base64')}`;
  return JSON.stringify(value);
}

function canonicalNumber(text: string): string {
  const parts = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!parts || (parts[2] === '' && (parts[3] ?? '') === '')) return text;
  const [, sign, whole = '', fraction = '', exponent = '0'] = parts;
  // digits × 10^scale, with the digits stripped of zeros at both ends.
  let digits = `${whole}${fraction}`.replace(/^0+/, '');
  let scale = Number(exponent) - fraction.length;
  if (digits === '') return '0';
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  scale += trailing;
  return `${sign === '-' ? '-' : ''}${digits}e${scale}`;
}

function assertDistinct(targets: Target[]): void {
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.identity)) throw validation('Transaction request cannot include multiple operations on one item');
    seen.add(t.identity);
  }
}

/** The single-item write that carries out one transaction action. */
function writeFor(action: Json): [string, Json] {
  const pick = (body: Json, fields: string[]) => Object.fromEntries(fields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
  const common = ['TableName', 'ConditionExpression', 'ExpressionAttributeNames', 'ExpressionAttributeValues'];
  if (action.Put) return ['PutItem', pick(action.Put, [...common, 'Item'])];
  if (action.Update) return ['UpdateItem', pick(action.Update, [...common, 'Key', 'UpdateExpression'])];
  if (action.Delete) return ['DeleteItem', pick(action.Delete, [...common, 'Key'])];
  return ['DeleteItem', pick(action.ConditionCheck, [...common, 'Key'])];
}

function withCapacity([operation, body]: [string, Json]): [string, Json] {
  return [operation, { ...body, ReturnConsumedCapacity: 'TOTAL' }];
}

function isConditionFailure(err: unknown): boolean {
  return err instanceof WireError && String(err.body.__type).endsWith('ConditionalCheckFailedException');
}

function requestHash(request: Json): string {
  const { ClientRequestToken: _token, ...rest } = request;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}
