/**
 * The ledger's routes: accounts with their rules, balances, statements and
 * chain verification; transfers — single, linked, two-phase. Finance staff
 * scoped to a unit (`scopes.unit`) see the accounts of the units their
 * tenant's capabilities let them see (postal cash management: their unit and
 * the units directly below); anything else is a 404.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { amountSchema } from '../../kernel/money.ts';
import { problems } from '../../kernel/problems.ts';
import { accessOf } from '../../kit/access.ts';
import type { AppEnv } from '../../kit/env.ts';
import { tenantOf } from '../../kit/guard.ts';
import { commonErrors, guard, json, writeErrors } from '../../kit/schemas.ts';
import { type Account, accountRulesSchema, accountSchema, type LedgerRequest, transferEntry } from '../../ledger/index.ts';
import type { Platform } from '../../platform/services.ts';

const ADMIN = { 'tenant-admin': 'tenant' };
/** Finance narrowed to a unit moves money only between accounts of units it may see (both legs). */
const WRITERS = { 'tenant-admin': 'tenant', finance: 'unit' };
const READERS = { ...WRITERS, auditor: 'tenant' };
const READ_CHAIN = { 'tenant-admin': 'tenant', auditor: 'tenant' };
/** A unit's limits and allotment are set from above: a unit-scoped user sets those of the units below theirs, never their own. */
const RULE_SETTERS = { 'tenant-admin': 'tenant', finance: 'unit-below' };

const IdParam = z.object({
  id: z
    .string()
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const transferSchema = z
  .strictObject({
    id: z.string().regex(/^[\w:.#-]{1,200}$/, 'letters, digits and _ : . # - (up to 200); your id makes retries safe'),
    debit: z.string().max(100),
    credit: z.string().max(100),
    amount: amountSchema(),
    memo: z.string().trim().min(1).max(200),
    pending: z
      .strictObject({
        timeoutSeconds: z
          .number()
          .int()
          .min(1)
          .max(30 * 86400)
          .optional(),
      })
      .optional(),
  })
  .openapi('TransferRequest');

/** Where an account sits: its unit (for the unit and the unit-below relations). */
const accountScope = (a: Account) => ({ unit: a.unit, 'unit-below': a.unit });

export function ledgerRoutes(platform: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  const { ledger } = platform;

  /** An account the caller may reach under the route's permission; anything else is the same 404 as a missing one. */
  const visibleAccount = async (c: Context<AppEnv>, id: string): Promise<Account> => {
    const account = await ledger.getAccount(tenantOf(c).id, id);
    if (!account) throw problems.notFound(`Account ${id}`);
    await accessOf(c).require(accountScope(account), `Account ${id}`);
    return account;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/accounts',
      summary: 'Open an account (opening an existing id returns it unchanged)',
      ...guard('ledger', { action: 'account.open', resource: 'account', roles: ADMIN }),
      request: { body: { content: { 'application/json': { schema: accountSchema } }, required: true } },
      responses: { 201: json(z.record(z.string(), z.unknown()), 'The account'), ...writeErrors },
    }),
    async (c) => c.json(await ledger.openAccount(tenantOf(c).id, c.req.valid('json'), 'caller'), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/accounts/{id}',
      summary: 'An account with its balances (posted and pending) and sub-ledger balances',
      ...guard('ledger', { action: 'account.read', resource: 'account', roles: READERS }),
      request: { params: IdParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Account and balances'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      await visibleAccount(c, c.req.valid('param').id);
      return c.json(await ledger.balance(t, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/ledger/accounts/{id}/rules',
      summary: 'Set an account’s limits, payees, overdraft and allotment (a unit’s parent sets its children’s)',
      ...guard('ledger', { action: 'account.set-rules', resource: 'account', roles: RULE_SETTERS }),
      request: { params: IdParam, body: { content: { 'application/json': { schema: accountRulesSchema } }, required: true } },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The account'), ...writeErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const account = await visibleAccount(c, c.req.valid('param').id);
      return c.json(await ledger.setRules(t, account.id, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/accounts/{id}/statement',
      summary: 'Statement for a period of business dates: opening and closing balances and the postings between',
      ...guard('ledger', { action: 'account.statement', resource: 'account', roles: READERS }),
      request: {
        params: IdParam,
        query: z.object({
          from: z.iso.date().openapi({ param: { name: 'from', in: 'query' } }),
          to: z.iso.date().openapi({ param: { name: 'to', in: 'query' } }),
        }),
      },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Statement'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const { from, to } = c.req.valid('query');
      if (from > to) throw problems.validation([{ field: 'query.to', message: 'must not be before from' }]);
      await visibleAccount(c, c.req.valid('param').id);
      return c.json(await ledger.statement(t, c.req.valid('param').id, from, to), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/accounts/{id}/verify',
      summary: 'Verify an account’s hash-chained journal: every posting present, in order, unedited',
      ...guard('ledger', { action: 'account.verify', resource: 'account', roles: READ_CHAIN }),
      request: { params: IdParam },
      responses: { 200: json(z.object({ ok: z.boolean(), postings: z.number(), problems: z.array(z.string()) }), 'Verification report'), ...commonErrors },
    }),
    async (c) => c.json(await ledger.verify(tenantOf(c).id, (await visibleAccount(c, c.req.valid('param').id)).id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/transfers',
      summary: 'Transfer between accounts — one, or a linked chain that succeeds or fails as a whole; the id makes retries safe',
      description: 'A refused transfer answers 422 with `rule` naming the account rule that refused it.',
      ...guard('ledger', { action: 'transfer.create', resource: 'transfer', roles: WRITERS }),
      request: {
        body: {
          content: { 'application/json': { schema: z.union([transferSchema, z.strictObject({ linked: z.array(transferSchema).min(1).max(33) })]) } },
          required: true,
        },
      },
      responses: {
        201: json(z.record(z.string(), z.unknown()), 'Posted'),
        200: json(z.record(z.string(), z.unknown()), 'Already posted with this id'),
        ...writeErrors,
      },
    }),
    async (c) => {
      const t = tenantOf(c);
      const body = c.req.valid('json');
      const transfers = 'linked' in body ? body.linked : [body];
      // The caller needs authority over both legs of every transfer.
      for (const tr of transfers) for (const id of [tr.debit, tr.credit]) await visibleAccount(c, id);
      const requests: LedgerRequest[] = transfers.map((tr) => {
        const r = transferEntry({ ...tr, currency: 'CNY' });
        return tr.pending && r.kind === 'entry' ? { ...r, entry: { ...r.entry, pending: tr.pending } } : r;
      });
      const result = await ledger.execute(t.id, requests, { timeZone: t.calendar.timeZone, origin: 'caller' });
      return c.json({ entries: [...result.entries, ...result.replayed] }, result.entries.length ? 201 : 200);
    },
  );

  for (const action of ['post', 'void'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/ledger/transfers/{id}/${action}`,
        summary: action === 'post' ? 'Post a pending transfer, wholly or partly (once)' : 'Void a pending transfer, releasing its reservation (once)',
        ...guard('ledger', { action: `transfer.${action}`, resource: 'transfer', roles: WRITERS }),
        request: {
          params: IdParam,
          body: {
            content: {
              'application/json': {
                schema: z.strictObject({ id: transferSchema.shape.id, ...(action === 'post' ? { amount: amountSchema().optional() } : {}) }),
              },
            },
            required: true,
          },
        },
        responses: { 201: json(z.record(z.string(), z.unknown()), 'Resolved'), ...writeErrors },
      }),
      async (c) => {
        const t = tenantOf(c);
        const pendingId = c.req.valid('param').id;
        const pending = await ledger.getEntry(t.id, pendingId);
        if (!pending) throw problems.notFound(`Transfer ${pendingId}`);
        for (const leg of pending.legs) await visibleAccount(c, leg.account);
        const body = c.req.valid('json') as { id: string; amount?: string };
        const request: LedgerRequest =
          action === 'post' ? { kind: 'post-pending', id: body.id, pendingId, amount: body.amount } : { kind: 'void-pending', id: body.id, pendingId };
        const result = await ledger.execute(t.id, [request], { timeZone: t.calendar.timeZone, origin: 'caller' });
        return c.json({ entries: [...result.entries, ...result.replayed] }, 201);
      },
    );
  }

  const visibleEntry = async (c: Context<AppEnv>, tenantId: string, id: string) => {
    const entry = await ledger.getEntry(tenantId, id);
    if (!entry) throw problems.notFound(`Transfer ${id}`);
    // A transfer is seen by whoever may see one of its accounts.
    const units = await Promise.all(entry.legs.map(async (l) => (await ledger.getAccount(tenantId, l.account))?.unit ?? '-'));
    await accessOf(c).require({ unit: units }, `Transfer ${id}`);
    return entry;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/transfers/{id}',
      summary: 'A transfer (journal entry) with its legs and the postings it made',
      ...guard('ledger', { action: 'transfer.read', resource: 'transfer', roles: READERS }),
      request: { params: IdParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Transfer'), ...commonErrors },
    }),
    async (c) => c.json(await visibleEntry(c, tenantOf(c).id, c.req.valid('param').id), 200),
  );

  return app;
}
