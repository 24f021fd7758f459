/**
 * Cash-management routes: the unit hierarchy with its accounts and virtual
 * sub-ledgers, deposits by fund nature, expected revenue and its
 * reconciliation, internal pricing, and electronic receipts. Finance staff
 * are scoped to a unit (`scopes.unit`): they see their unit and the units
 * directly below it, nothing further down — anything else is a 404.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { amountSchema, formatAmount, sumAmounts } from '../../kernel/money.ts';
import { problems } from '../../kernel/problems.ts';
import { accessOf } from '../../kit/access.ts';
import type { AppEnv } from '../../kit/env.ts';
import { tenantOf } from '../../kit/guard.ts';
import type { RouteKit } from '../../kit/plugin.ts';
import { commonErrors, json, writeErrors } from '../../kit/schemas.ts';
import type { Account } from '../../ledger/index.ts';
import { FUND_NATURES } from './fund-natures.ts';
import { pricingSchema } from './internal-pricing.ts';
import { codeMatches, renderReceipt, verificationCode } from './receipts.ts';
import { expectedSchema } from './reconciliation.ts';
import type { CashServices } from './services.ts';
import { revenueAccount, type UnitBudget } from './sweep.ts';
import { unitSchema } from './units.ts';

const ADMIN = { 'tenant-admin': 'tenant' };
/** Finance narrowed to a unit works with its unit and the units directly below. */
const WRITERS = { 'tenant-admin': 'tenant', finance: 'unit' };
const READERS = { ...WRITERS, auditor: 'tenant' };
/** A unit's own books (its sub-ledgers): the unit itself, not its parent. */
const OWN_BOOKS = { 'tenant-admin': 'tenant', auditor: 'tenant', finance: 'own-unit' };
const anyJson = z.record(z.string(), z.unknown());
const IdParam = z.object({
  id: z
    .string()
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const DateParam = z.object({ date: z.iso.date().openapi({ param: { name: 'date', in: 'path' }, example: '2026-11-26' }) });
const entryId = z
  .string()
  .regex(/^[\w:.#-]{1,200}$/, '字母、数字及 _ : . # -（至多200位） letters, digits and _ : . # - (up to 200); your id makes retries safe')
  .meta({ title: '业务编号 Entry id' });
const unitField = z.string().max(40).meta({ title: '单位 Unit' });
const memoField = z.string().max(200).optional().meta({ title: '摘要 Memo' });

export const depositInput = z.strictObject({
  id: entryId,
  unit: unitField,
  fundNature: z.enum(FUND_NATURES).meta({ title: '资金性质 Fund nature' }),
  amount: amountSchema().meta({ title: '金额 Amount' }),
  memo: memoField,
});
export const bankFeeInput = z.strictObject({ id: entryId, unit: unitField, amount: amountSchema().meta({ title: '手续费 Fee' }), memo: memoField });

export function cashRoutes(kit: RouteKit, s: CashServices) {
  const app = new OpenAPIHono<AppEnv>();
  const { units, cash, ledger } = s;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/units',
      summary: 'Add an organisational unit (region, city, county, branch) with its revenue and expense accounts',
      ...kit.guard({ action: 'unit.add', resource: 'unit', roles: ADMIN }),
      request: {
        body: {
          content: {
            'application/json': {
              schema: unitSchema.extend({
                budget: z.strictObject({ overdraftLimit: amountSchema().optional(), monthlyAllotment: amountSchema().optional() }).optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(anyJson, 'The unit'), ...writeErrors },
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
      ...kit.guard({ action: 'unit.list', resource: 'unit', roles: READERS }),
      responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Units'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const reach = await accessOf(c).reach('unit');
      const items =
        reach === 'all' ? await units.atLevel(t, 'region') : (await Promise.all(reach.map((id) => units.get(t, id)))).filter((u) => u !== undefined);
      return c.json({ items: items.map((u) => ({ ...u, revenueAccount: revenueAccount(u) })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/units/{id}',
      summary: 'A unit, the units directly below it, and their accounts with balances',
      ...kit.guard({ action: 'unit.read', resource: 'unit', roles: READERS }),
      request: { params: IdParam },
      responses: { 200: json(anyJson, 'The unit'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const id = c.req.valid('param').id;
      const unit = await units.get(t, id);
      if (!unit) throw problems.notFound(`Unit ${id}`);
      await accessOf(c).require({ unit: id }, `Unit ${id}`);
      const withBalances = async (unitId: string) =>
        Promise.all(
          (await ledger.listAccounts(t, unitId)).map(async (a) => ({ id: a.id, name: a.name, kind: a.kind, balance: (await ledger.balance(t, a.id)).net })),
        );
      const children = await units.children(t, id);
      return c.json(
        { unit, accounts: await withBalances(id), children: await Promise.all(children.map(async (u) => ({ ...u, accounts: await withBalances(u.id) }))) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/units/{id}/sub-ledgers',
      summary: 'Virtual sub-ledgers (虚拟账簿) of a unit: the region by city then fund nature, others by fund nature then subordinate unit',
      ...kit.guard({ action: 'unit.sub-ledgers', resource: 'unit', roles: OWN_BOOKS }),
      request: { params: IdParam },
      responses: { 200: json(anyJson, 'Sub-ledger tree'), ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c).id;
      const id = c.req.valid('param').id;
      await accessOf(c).require({ 'own-unit': id }, `Unit ${id}`);
      return c.json(await cash.subLedgers(t, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/deposits',
      summary: 'Deposit a unit’s revenue by fund nature into its revenue account (the id makes retries safe)',
      ...kit.guard({ action: 'deposit.create', resource: 'unit', roles: WRITERS }),
      request: {
        body: {
          content: {
            'application/json': {
              schema: depositInput,
            },
          },
          required: true,
        },
      },
      responses: { 201: json(anyJson, 'Deposited'), ...writeErrors },
    }),
    async (c) => {
      const t = tenantOf(c);
      const body = c.req.valid('json');
      await accessOf(c).require({ unit: body.unit }, `Unit ${body.unit}`);
      const result = await cash.deposit(t.id, body, t.calendar.timeZone);
      return c.json({ entries: [...result.entries, ...result.replayed] }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/bank-fees',
      summary: 'Book a fee the bank charged a unit’s revenue account (the id makes retries safe)',
      ...kit.guard({ action: 'bank-fee.book', resource: 'unit', roles: WRITERS }),
      request: {
        body: {
          content: {
            'application/json': {
              schema: bankFeeInput,
            },
          },
          required: true,
        },
      },
      responses: { 201: json(anyJson, 'Booked'), ...writeErrors },
    }),
    async (c) => {
      const t = tenantOf(c);
      const body = c.req.valid('json');
      await accessOf(c).require({ unit: body.unit }, `Unit ${body.unit}`);
      const result = await cash.bankFee(t.id, body, t.calendar.timeZone);
      return c.json({ entries: [...result.entries, ...result.replayed] }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ledger/expected',
      summary: 'Set a unit’s expected revenue (应缴) for a date and fund nature',
      ...kit.guard({ action: 'expected.set', resource: 'unit', roles: WRITERS }),
      request: { body: { content: { 'application/json': { schema: expectedSchema } }, required: true } },
      responses: { 201: json(anyJson, 'Stored'), ...writeErrors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      s.businessDate('date', body.date, tenantOf(c).calendar.timeZone);
      await accessOf(c).require({ unit: body.unit }, `Unit ${body.unit}`);
      return c.json(await s.reconciliation.setExpected(tenantOf(c).id, body), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/reconciliation/{date}',
      summary: 'Due vs paid-in (应缴/实缴) differences of a date, from its settlement run',
      ...kit.guard({ action: 'reconciliation.read', resource: 'reconciliation', roles: READERS }),
      request: { params: DateParam },
      responses: { 200: json(anyJson, 'Report'), ...commonErrors },
    }),
    async (c) => {
      const report = await s.reconciliation.report(tenantOf(c).id, c.req.valid('param').date);
      if (!report) throw problems.notFound(`Reconciliation of ${c.req.valid('param').date}`);
      // Each difference is a unit's: a unit-scoped reader sees those of the units it may see.
      return c.json({ ...report, differences: await accessOf(c).filter(report.differences, (d) => ({ unit: d.unit })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/ledger/pricing',
      summary: 'Internal pricing (内部计价): rates and day-count convention',
      ...kit.guard({ action: 'pricing.set', resource: 'pricing', roles: ADMIN }),
      request: { body: { content: { 'application/json': { schema: pricingSchema } }, required: true } },
      responses: { 200: json(pricingSchema, 'Stored'), ...writeErrors },
    }),
    async (c) => c.json(await s.pricing.setConfig(tenantOf(c).id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/pricing',
      summary: 'The internal pricing in force (the defaults until set)',
      ...kit.guard({ action: 'pricing.read', resource: 'pricing', roles: { 'tenant-admin': 'tenant', auditor: 'tenant', finance: 'tenant' } }),
      responses: { 200: json(pricingSchema, 'In force'), ...commonErrors },
    }),
    async (c) => c.json(await s.pricing.config(tenantOf(c).id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ledger/transfers/{id}/receipt',
      summary: 'Electronic receipt (电子回单): printable HTML with a verification code',
      ...kit.guard({ action: 'transfer.receipt', resource: 'transfer', roles: READERS }),
      request: { params: IdParam },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Receipt' }, ...commonErrors },
    }),
    async (c) => {
      const t = tenantOf(c);
      const id = c.req.valid('param').id;
      const entry = await ledger.getEntry(t.id, id);
      if (!entry) throw problems.notFound(`Transfer ${id}`);
      const accounts = new Map<string, Account>();
      for (const l of entry.legs) {
        const a = await ledger.getAccount(t.id, l.account);
        if (a) accounts.set(a.id, a);
      }
      await accessOf(c).require({ unit: [...accounts.values()].map((a) => a.unit ?? '-') }, `Transfer ${id}`);
      const code = verificationCode(s.receiptSecret, entry);
      const verifyUrl = `${new URL(c.req.url).origin}/v1/public/receipts/${t.id}/${encodeURIComponent(entry.id)}?code=${code}`;
      return c.html(renderReceipt({ tenantName: t.name, entry, accounts, code, verifyUrl, timeZone: t.calendar.timeZone }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/public/receipts/{tenantId}/{id}',
      summary: 'Check a receipt’s verification code (public: the code is the credential)',
      tags: [kit.tag],
      request: {
        params: z.object({
          tenantId: z
            .string()
            .max(40)
            .openapi({ param: { name: 'tenantId', in: 'path' } }),
          id: z
            .string()
            .max(200)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
        query: z.object({
          code: z
            .string()
            .max(40)
            .openapi({ param: { name: 'code', in: 'query' } }),
        }),
      },
      responses: {
        200: json(z.object({ valid: z.literal(true), transfer: z.string(), date: z.string(), amount: z.string() }), 'The receipt is genuine'),
        404: commonErrors[404],
      },
    }),
    async (c) => {
      const { tenantId, id } = c.req.valid('param');
      const tenant = await kit.publicTenant(tenantId);
      const entry = await ledger.getEntry(tenant.id, id);
      if (!entry || !codeMatches(s.receiptSecret, entry, c.req.valid('query').code)) throw problems.notFound('Receipt');
      const amount = sumAmounts(entry.legs.filter((l) => l.side === 'debit').map((l) => l.amount));
      return c.json({ valid: true as const, transfer: entry.id, date: entry.date, amount: formatAmount(amount) }, 200);
    },
  );

  return app;
}
