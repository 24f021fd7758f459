/**
 * Ledger and cash-management routes, and the settlement runs. Finance
 * staff are scoped to a unit (`scopes.unit`): they see their unit and the
 * units directly below it, nothing further down — anything else is a 404.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { accountRulesSchema, accountSchema, FUND_NATURES, type Account } from '../../ledger/accounts.ts';
import { revenueAccount, type UnitBudget } from '../../capabilities/cash-management/sweep.ts';
import { pricingSchema, InternalPricing } from '../../capabilities/cash-management/internal-pricing.ts';
import { transferEntry, type LedgerRequest } from '../../ledger/ledger.ts';
import { codeMatches, renderReceipt, verificationCode } from '../../capabilities/cash-management/receipts.ts';
import { expectedSchema, Reconciliation } from '../../capabilities/cash-management/reconciliation.ts';
import { unitSchema } from '../../capabilities/cash-management/units.ts';
import { amountSchema, formatAmount, sumAmounts } from '../../kernel/money.ts';
import type { Actor } from '../../pipeline/contract.ts';
import type { Platform } from '../../platform/services.ts';
import { problems } from '../../kernel/problems.ts';
import type { AppEnv } from '../../kit/env.ts';
import { commonErrors, guard, json, writeErrors } from '../../kit/schemas.ts';

const ADMIN = ['tenant-admin'];
const WRITERS = ['tenant-admin', 'finance'];
const READERS = ['tenant-admin', 'finance', 'auditor'];

const IdParam = z.object({ id: z.string().max(200).openapi({ param: { name: 'id', in: 'path' } }) });
const DateParam = z.object({ date: z.iso.date().openapi({ param: { name: 'date', in: 'path' }, example: '2026-11-26' }) });

const transferSchema = z
  .strictObject({
    id: z.string().regex(/^[\w:.#-]{1,200}$/, 'letters, digits and _ : . # - (up to 200); your id makes retries safe'),
    debit: z.string().max(100),
    credit: z.string().max(100),
    amount: amountSchema(),
    memo: z.string().trim().min(1).max(200),
    pending: z.strictObject({ timeoutSeconds: z.number().int().min(1).max(30 * 86400).optional() }).optional(),
  })
  .openapi('TransferRequest');

export function ledgerRoutes(platform: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  const { ledger, units, cash } = platform;
  const pricing = new InternalPricing(platform.store, ledger, units);
  const reconciliation = new Reconciliation(platform.store);
  const tenantOf = (c: { get: (k: 'tenant') => AppEnv['Variables']['tenant'] }) => c.get('tenant')!;

  /** Unscoped admins, auditors and finance see everything; a unit-scoped user sees their unit and its children. */
  const mayView = async (actor: Actor, tenantId: string, unit: string | undefined) => {
    const scoped = actor.scopes.unit ?? [];
    if (scoped.length === 0) return true;
    if (!unit) return false;
    for (const viewer of scoped) if (await units.canView(tenantId, viewer, unit)) return true;
    return false;
  };
  const visibleAccount = async (actor: Actor, tenantId: string, id: string): Promise<Account> => {
    const account = await ledger.getAccount(tenantId, id);
    if (!account || !(await mayView(actor, tenantId, account.unit))) throw problems.notFound(`Account ${id}`);
    return account;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/units',
      summary: 'Add an organisational unit (region, city, county, branch) with its revenue and expense accounts',
      ...guard('ledger', ADMIN),
      request: {
        body: {
          content: { 'application/json': { schema: unitSchema.extend({ budget: z.strictObject({ overdraftLimit: amountSchema().optional(), monthlyAllotment: amountSchema().optional() }).optional() }) } },
          required: true,
        },
      },
      responses: { 201: json(z.record(z.string(), z.unknown()), 'The unit'), ...writeErrors },
    }),
    async (c) => {
      const { budget, ...unit } = c.req.valid('json');
      return c.json(await cash.addUnit(tenantOf(c).id, unit, budget as UnitBudget), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/units',
      summary: 'Where your view of the hierarchy starts: the region units, or the units you are scoped to',
      ...guard('ledger', READERS),
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Units'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const scoped = c.get('actor')!.scopes.unit ?? [];
      const items = scoped.length ? (await Promise.all(scoped.map((id) => units.get(t, id)))).filter((u) => u !== undefined) : await units.atLevel(t, 'region');
      return c.json({ items: items.map((u) => ({ ...u, revenueAccount: revenueAccount(u) })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/units/{id}',
      summary: 'A unit, the units directly below it, and their accounts with balances',
      ...guard('ledger', READERS),
      request: { params: IdParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The unit'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const id = c.req.valid('param').id;
      const unit = await units.get(t, id);
      if (!unit || !(await mayView(c.get('actor')!, t, id))) throw problems.notFound(`Unit ${id}`);
      const withBalances = async (unitId: string) =>
        Promise.all((await ledger.listAccounts(t, unitId)).map(async (a) => ({ id: a.id, name: a.name, kind: a.kind, balance: (await ledger.balance(t, a.id)).net })));
      const children = await units.children(t, id);
      return c.json({ unit, accounts: await withBalances(id), children: await Promise.all(children.map(async (u) => ({ ...u, accounts: await withBalances(u.id) }))) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/units/{id}/sub-ledgers',
      summary: 'Virtual sub-ledgers (虚拟账簿) of a unit: the region by city then fund nature, others by fund nature then subordinate unit',
      ...guard('ledger', READERS),
      request: { params: IdParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Sub-ledger tree'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const id = c.req.valid('param').id;
      // Sub-ledgers are a unit's own books: only the unit itself (or an unscoped user) reads them.
      const scoped = c.get('actor')!.scopes.unit ?? [];
      if (scoped.length && !scoped.includes(id)) throw problems.notFound(`Unit ${id}`);
      return c.json(await cash.subLedgers(t, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/accounts',
      summary: 'Open an account (opening an existing id returns it unchanged)',
      ...guard('ledger', ADMIN),
      request: { body: { content: { 'application/json': { schema: accountSchema } }, required: true } },
      responses: { 201: json(z.record(z.string(), z.unknown()), 'The account'), ...writeErrors },
    }),
    async (c) => c.json(await ledger.openAccount(tenantOf(c).id, c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/accounts/{id}',
      summary: 'An account with its balances (posted and pending) and sub-ledger balances',
      ...guard('ledger', READERS),
      request: { params: IdParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Account and balances'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      await visibleAccount(c.get('actor')!, t, c.req.valid('param').id);
      return c.json(await ledger.balance(t, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/ledger/accounts/{id}/rules',
      summary: 'Set an account’s limits, payees, overdraft and allotment (a unit’s parent sets its children’s)',
      ...guard('ledger', WRITERS),
      request: { params: IdParam, body: { content: { 'application/json': { schema: accountRulesSchema } }, required: true } },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The account'), ...writeErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const actor = c.get('actor')!;
      const account = await visibleAccount(actor, t, c.req.valid('param').id);
      // A scoped user sets the rules of the units below theirs, never their own.
      if ((actor.scopes.unit ?? []).includes(account.unit ?? '')) throw problems.forbidden('A unit’s limits and allotment are set by its parent unit.');
      return c.json(await ledger.setRules(t, account.id, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/accounts/{id}/statement',
      summary: 'Statement for a period of business dates: opening and closing balances and the postings between',
      ...guard('ledger', READERS),
      request: {
        params: IdParam,
        query: z.object({ from: z.iso.date().openapi({ param: { name: 'from', in: 'query' } }), to: z.iso.date().openapi({ param: { name: 'to', in: 'query' } }) }),
      },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Statement'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const { from, to } = c.req.valid('query');
      if (from > to) throw problems.validation([{ field: 'query.to', message: 'must not be before from' }]);
      await visibleAccount(c.get('actor')!, t, c.req.valid('param').id);
      return c.json(await ledger.statement(t, c.req.valid('param').id, from, to), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/accounts/{id}/verify',
      summary: 'Verify an account’s hash-chained journal: every posting present, in order, unedited',
      ...guard('ledger', ['tenant-admin', 'auditor']),
      request: { params: IdParam },
      responses: { 200: json(z.object({ ok: z.boolean(), postings: z.number(), problems: z.array(z.string()) }), 'Verification report'), ...commonErrors },
    }),
    async (c) => c.json(await ledger.verify(tenantOf(c).id, (await visibleAccount(c.get('actor')!, tenantOf(c).id, c.req.valid('param').id)).id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/transfers',
      summary: 'Transfer between accounts — one, or a linked chain that succeeds or fails as a whole; the id makes retries safe',
      description: 'A refused transfer answers 422 with `rule` naming the account rule that refused it.',
      ...guard('ledger', WRITERS),
      request: { body: { content: { 'application/json': { schema: z.union([transferSchema, z.strictObject({ linked: z.array(transferSchema).min(1).max(33) })]) } }, required: true } },
      responses: { 201: json(z.record(z.string(), z.unknown()), 'Posted'), 200: json(z.record(z.string(), z.unknown()), 'Already posted with this id'), ...writeErrors },
    }),
    async (c) => {
      const t = tenantOf(c);
      const actor = c.get('actor')!;
      const body = c.req.valid('json');
      const transfers = 'linked' in body ? body.linked : [body];
      for (const tr of transfers) await visibleAccount(actor, t.id, tr.credit);
      const requests: LedgerRequest[] = transfers.map((tr) => {
        const r = transferEntry({ ...tr, currency: 'CNY' });
        return tr.pending && r.kind === 'entry' ? { ...r, entry: { ...r.entry, pending: tr.pending } } : r;
      });
      const result = await ledger.execute(t.id, requests, { timeZone: t.calendar.timeZone });
      return c.json({ entries: [...result.entries, ...result.replayed] }, result.entries.length ? 201 : 200);
    },
  );

  for (const action of ['post', 'void'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/ledger/transfers/{id}/${action}`,
        summary: action === 'post' ? 'Post a pending transfer, wholly or partly (once)' : 'Void a pending transfer, releasing its reservation (once)',
        ...guard('ledger', WRITERS),
        request: {
          params: IdParam,
          body: { content: { 'application/json': { schema: z.strictObject({ id: transferSchema.shape.id, ...(action === 'post' ? { amount: amountSchema().optional() } : {}) }) } }, required: true },
        },
        responses: { 201: json(z.record(z.string(), z.unknown()), 'Resolved'), ...writeErrors },
      }),
      async (c) => {
        const t = tenantOf(c);
        const pendingId = c.req.valid('param').id;
        const pending = await ledger.getEntry(t.id, pendingId);
        if (!pending) throw problems.notFound(`Transfer ${pendingId}`);
        for (const leg of pending.legs) await visibleAccount(c.get('actor')!, t.id, leg.account);
        const body = c.req.valid('json') as { id: string; amount?: string };
        const request: LedgerRequest = action === 'post' ? { kind: 'post-pending', id: body.id, pendingId, amount: body.amount } : { kind: 'void-pending', id: body.id, pendingId };
        const result = await ledger.execute(t.id, [request], { timeZone: t.calendar.timeZone });
        return c.json({ entries: [...result.entries, ...result.replayed] }, 201);
      },
    );
  }

  const visibleEntry = async (c: { get: (k: 'actor') => Actor | undefined }, tenantId: string, id: string) => {
    const entry = await ledger.getEntry(tenantId, id);
    if (!entry) throw problems.notFound(`Transfer ${id}`);
    const actor = c.get('actor')!;
    const seen = await Promise.all(entry.legs.map(async (l) => mayView(actor, tenantId, (await ledger.getAccount(tenantId, l.account))?.unit)));
    if (!seen.some(Boolean)) throw problems.notFound(`Transfer ${id}`);
    return entry;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/transfers/{id}',
      summary: 'A transfer (journal entry) with its legs and the postings it made',
      ...guard('ledger', READERS),
      request: { params: IdParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Transfer'), ...commonErrors },
    }),
    async (c) => c.json(await visibleEntry(c, tenantOf(c).id, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/transfers/{id}/receipt',
      summary: 'Electronic receipt (电子回单): printable HTML with a verification code',
      ...guard('ledger', READERS),
      request: { params: IdParam },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Receipt' }, ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c);
      const entry = await visibleEntry(c, t.id, c.req.valid('param').id);
      const accounts = new Map<string, Account>();
      for (const l of entry.legs) {
        const a = await ledger.getAccount(t.id, l.account);
        if (a) accounts.set(a.id, a);
      }
      const code = verificationCode(platform.config.cursorSecret, entry);
      const verifyUrl = `${new URL(c.req.url).origin}/v1/public/receipts/${t.id}/${encodeURIComponent(entry.id)}?code=${code}`;
      return c.html(renderReceipt({ tenantName: t.name, entry, accounts, code, verifyUrl, timeZone: t.calendar.timeZone }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/public/receipts/{tenantId}/{id}',
      summary: 'Check a receipt’s verification code (public: the code is the credential)',
      tags: ['ledger'],
      request: {
        params: z.object({ tenantId: z.string().max(40).openapi({ param: { name: 'tenantId', in: 'path' } }), id: z.string().max(200).openapi({ param: { name: 'id', in: 'path' } }) }),
        query: z.object({ code: z.string().max(40).openapi({ param: { name: 'code', in: 'query' } }) }),
      },
      responses: { 200: json(z.object({ valid: z.literal(true), transfer: z.string(), date: z.string(), amount: z.string() }), 'The receipt is genuine'), 404: commonErrors[404] },
    }),
    async (c) => {
      const { tenantId, id } = c.req.valid('param');
      const entry = await ledger.getEntry(tenantId, id).catch(() => undefined);
      if (!entry || !codeMatches(platform.config.cursorSecret, entry, c.req.valid('query').code)) throw problems.notFound('Receipt');
      const amount = sumAmounts(entry.legs.filter((l) => l.side === 'debit').map((l) => l.amount));
      return c.json({ valid: true as const, transfer: entry.id, date: entry.date, amount: formatAmount(amount) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/deposits',
      summary: 'Deposit a unit’s revenue by fund nature into its revenue account (the id makes retries safe)',
      ...guard('ledger', WRITERS),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ id: transferSchema.shape.id, unit: z.string().max(40), fundNature: z.enum(FUND_NATURES), amount: amountSchema(), memo: z.string().max(200).optional() }) } }, required: true } },
      responses: { 201: json(z.record(z.string(), z.unknown()), 'Deposited'), ...writeErrors },
    }),
    async (c) => {
      const t = tenantOf(c);
      const body = c.req.valid('json');
      if (!(await mayView(c.get('actor')!, t.id, body.unit))) throw problems.notFound(`Unit ${body.unit}`);
      const result = await cash.deposit(t.id, body, t.calendar.timeZone);
      return c.json({ entries: [...result.entries, ...result.replayed] }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/expected',
      summary: 'Set a unit’s expected revenue (应缴) for a date and fund nature',
      ...guard('ledger', WRITERS),
      request: { body: { content: { 'application/json': { schema: expectedSchema } }, required: true } },
      responses: { 201: json(z.record(z.string(), z.unknown()), 'Stored'), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (!(await mayView(c.get('actor')!, tenantOf(c).id, body.unit))) throw problems.notFound(`Unit ${body.unit}`);
      return c.json(await reconciliation.setExpected(tenantOf(c).id, body), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/reconciliation/{date}',
      summary: 'Due vs paid-in (应缴/实缴) differences of a date, from its settlement run',
      ...guard('ledger', READERS),
      request: { params: DateParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'Report'), ...commonErrors },
    }),
    async (c) => {
      const report = await reconciliation.report(tenantOf(c).id, c.req.valid('param').date);
      if (!report) throw problems.notFound(`Reconciliation of ${c.req.valid('param').date}`);
      return c.json(report, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/ledger/pricing',
      summary: 'Internal pricing (内部计价): rates and day-count convention',
      ...guard('ledger', ADMIN),
      request: { body: { content: { 'application/json': { schema: pricingSchema } }, required: true } },
      responses: { 200: json(pricingSchema, 'Stored'), ...writeErrors },
    }),
    async (c) => c.json(await pricing.setConfig(tenantOf(c).id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/settlement-runs',
      summary: 'Run (or resume) the settlement of a business date now; a finished date is returned unchanged',
      ...guard('settlement', ADMIN),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ businessDate: z.iso.date() }) } }, required: true } },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The run'), ...writeErrors },
    }),
    async (c) => c.json(await platform.settlement.run(tenantOf(c), c.req.valid('json').businessDate, 'operator'), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settlement-runs',
      summary: 'Settlement runs, newest business date first',
      ...guard('settlement', READERS),
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Runs'), ...commonErrors },
    }),
    async (c) => c.json({ items: await platform.settlement.history(tenantOf(c).id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settlement-runs/{date}',
      summary: 'One settlement run: status, progress counts per step, findings',
      ...guard('settlement', READERS),
      request: { params: DateParam },
      responses: { 200: json(z.record(z.string(), z.unknown()), 'The run'), ...commonErrors },
    }),
    async (c) => {
      const run = await platform.settlement.get(tenantOf(c).id, c.req.valid('param').date);
      if (!run) throw problems.notFound(`Settlement run of ${c.req.valid('param').date}`);
      return c.json(run, 200);
    },
  );

  return app;
}
