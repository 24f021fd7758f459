/**
 * County NCMS office routes: the settlement quote (a fixed contract), policy,
 * hospitals, catalogue, stays from admission to settlement, periods,
 * assistance funding, reports and surveys. Hospital operators see only their
 * own hospital's patients (anything else is a 404).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { DateTime } from 'luxon';
import { amountSchema, Dec } from '../../kernel/money.ts';
import { calculateSettlement } from '../../modules/ncms/calculate.ts';
import { CATEGORIES, HOSPITAL_LEVELS } from '../../modules/ncms/policy.ts';
import { renderApprovalForm } from '../../modules/ncms/approval-form.ts';
import { periodReport, reportCsv } from '../../modules/ncms/reports.ts';
import { hospitalSchema, type NcmsService, type Stay } from '../../modules/ncms/service.ts';
import type { Platform } from '../../platform/services.ts';
import { fieldErrors, problems, problem } from '../../kernel/problems.ts';
import { TENANT_ID_PATTERN } from '../../store/schema.ts';
import type { AppEnv } from '../../kit/env.ts';
import { problemResponse } from '../../kit/problem-response.ts';
import { commonErrors, guard, json, writeErrors } from '../../kit/schemas.ts';

const OFFICE = ['ncms-office', 'tenant-admin'];
const ALL = ['ncms-office', 'civil-affairs', 'township-reviewer', 'hospital-operator', 'tenant-admin', 'auditor'];
const READERS = ['ncms-office', 'civil-affairs', 'tenant-admin', 'auditor'];
const HOSPITAL_SIDE = ['hospital-operator', 'ncms-office', 'tenant-admin'];

const IdParam = z.object({ id: z.string().max(64).openapi({ param: { name: 'id', in: 'path' } }) });
const PeriodParam = z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month such as 2026-11').openapi({ param: { name: 'period', in: 'path' }, example: '2026-11' }) });
const anyJson = z.record(z.string(), z.unknown());

/** What leaves the API about a stay: never the sealed patient data or the blind index. */
const publicStay = ({ sealed: _sealed, personKey: _key, ...stay }: Stay) => stay;

/** The quote contract answers 422 (not 400) for every kind of bad input, naming the field. */
const unprocessable = (result: { success: boolean; error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string }> } }, c: Context) =>
  result.success ? undefined : problemResponse(c, problem('validation', 'The quote request has invalid fields.', { errors: fieldErrors(result.error!.issues as never), status: 422 }));

export function ncmsRoutes(platform: Platform, ncms: NcmsService) {
  const app = new OpenAPIHono<AppEnv>();
  const tenantOf = (c: { get: (k: 'tenant') => AppEnv['Variables']['tenant'] }) => c.get('tenant')!;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/settlement-quotes',
      summary: 'What-if settlement under the current policy: NCMS, assistance and self-pay with the calculation trace (no writes)',
      ...guard('ncms', ['ncms-office', 'hospital-operator']),
      request: {
        body: {
          content: {
            'application/json': {
              schema: z
                .strictObject({
                  category: z.enum(CATEGORIES),
                  hospitalLevel: z.enum(HOSPITAL_LEVELS),
                  totalCost: amountSchema(),
                  eligibleCost: amountSchema().optional(),
                  ncmsPaidThisYear: amountSchema().default('0.00'),
                  assistancePaidThisYear: amountSchema().default('0.00'),
                })
                .openapi('SettlementQuoteRequest'),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ ncms: z.string(), assistance: z.string(), selfPay: z.string(), policyVersion: z.number(), trace: z.array(z.object({ step: z.string(), zh: z.string(), en: z.string(), amount: z.string().optional() })) }).openapi('SettlementQuote'), 'The quote'),
        ...writeErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const eligibleCost = body.eligibleCost ?? body.totalCost;
      if (new Dec(eligibleCost).gt(body.totalCost)) throw problem('validation', 'The quote request has invalid fields.', { errors: [{ field: 'eligibleCost', message: 'must not exceed totalCost' }], status: 422 });
      const today = DateTime.now().setZone(tenantOf(c).calendar.timeZone).toISODate()!;
      const policy = await ncms.policyFor(tenantOf(c).id, today);
      return c.json(calculateSettlement(policy, { ...body, eligibleCost }), 200);
    },
    unprocessable as never,
  );

  app.openapi(
    createRoute({ method: 'get', path: '/ncms/policies', summary: 'Policy versions, oldest first', ...guard('ncms', READERS), responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Policies'), ...commonErrors } }),
    async (c) => c.json({ items: (await ncms.policies(tenantOf(c).id)) as never[] }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/policies',
      summary: 'Add the next policy version (refused with the reason when it does not make sense)',
      ...guard('ncms', OFFICE),
      request: { body: { content: { 'application/json': { schema: anyJson } }, required: true } },
      responses: { 201: json(anyJson, 'The policy'), ...writeErrors },
    }),
    async (c) => c.json((await ncms.addPolicy(tenantOf(c).id, c.req.valid('json'))) as never, 201),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/ncms/hospitals', summary: 'Designated hospitals', ...guard('ncms', ALL), responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Hospitals'), ...commonErrors } }),
    async (c) => c.json({ items: (await ncms.hospitals(tenantOf(c).id)) as never[] }, 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/ncms/hospitals', summary: 'Add or update a designated hospital (定点医疗机构)', ...guard('ncms', OFFICE), request: { body: { content: { 'application/json': { schema: hospitalSchema } }, required: true } }, responses: { 201: json(anyJson, 'Hospital'), ...writeErrors } }),
    async (c) => c.json((await ncms.addHospital(tenantOf(c).id, c.req.valid('json'))) as never, 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/catalogue/import',
      summary: 'Import the drug and treatment catalogue (用药目录和诊疗项目) from CSV: code,name,kind,eligible — bad rows are reported, good ones kept',
      ...guard('ncms', OFFICE),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ csv: z.string().min(1).max(2_000_000) }) } }, required: true } },
      responses: { 200: json(z.object({ imported: z.number(), errors: z.array(z.object({ row: z.number(), message: z.string() })) }), 'Import report'), ...writeErrors },
    }),
    async (c) => c.json(await ncms.importCatalogue(tenantOf(c).id, c.req.valid('json').csv), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays',
      summary: 'Admission (备案) at a designated hospital, checked against the register for the admission date',
      ...guard('ncms', HOSPITAL_SIDE),
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                hospitalId: z.string().max(40),
                patient: z.strictObject({ name: z.string().trim().min(1).max(50), idNumber: z.string().regex(/^\d{17}[\dXx]$/, 'an 18-character resident identity number') }),
                admittedOn: z.iso.date(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(anyJson, 'The stay'), ...writeErrors },
    }),
    async (c) => c.json(publicStay(await ncms.admit(tenantOf(c).id, c.get('actor')!, c.req.valid('json'))) as never, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/stays',
      summary: 'A hospital’s stays, newest admission first',
      ...guard('ncms', [...HOSPITAL_SIDE, 'auditor']),
      request: { query: z.object({ hospital: z.string().max(40).openapi({ param: { name: 'hospital', in: 'query' } }) }) },
      responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Stays'), ...commonErrors },
    }),
    async (c) => c.json({ items: (await ncms.stays(tenantOf(c).id, c.get('actor')!, c.req.valid('query').hospital)).map(publicStay) as never[] }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/ncms/stays/{id}', summary: 'A stay with its bill lines and settlement', ...guard('ncms', [...HOSPITAL_SIDE, 'auditor']), request: { params: IdParam }, responses: { 200: json(anyJson, 'Stay'), ...commonErrors } }),
    async (c) => {
      const { stay, lines } = await ncms.stay(tenantOf(c).id, c.get('actor')!, c.req.valid('param').id);
      return c.json({ ...publicStay(stay), billLines: lines } as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays/{id}/bill-lines',
      summary: 'Add bill lines during the stay (lines outside the catalogue count in the total, not in the eligible cost)',
      ...guard('ncms', HOSPITAL_SIDE),
      request: {
        params: IdParam,
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                lines: z.array(z.strictObject({ code: z.string().min(1).max(30), description: z.string().trim().min(1).max(200), quantity: z.string().regex(/^(0|[1-9]\d{0,5})(\.\d{1,3})?$/, 'a quantity such as "2" or "0.5"'), unitPrice: amountSchema() })).min(1).max(200),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(z.object({ lines: z.array(anyJson) }), 'Added'), ...writeErrors },
    }),
    async (c) => c.json({ lines: (await ncms.addBillLines(tenantOf(c).id, c.get('actor')!, c.req.valid('param').id, c.req.valid('json').lines)) as never[] }, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/stays/{id}/pre-settlement',
      summary: 'Daily pre-settlement (每天预结算): what the patient pays so far, with the trace',
      ...guard('ncms', [...HOSPITAL_SIDE, 'auditor']),
      request: { params: IdParam, query: z.object({ asOf: z.iso.date().optional().openapi({ param: { name: 'asOf', in: 'query' } }) }) },
      responses: { 200: json(anyJson, 'Pre-settlement'), ...commonErrors },
    }),
    async (c) => c.json((await ncms.preSettle(tenantOf(c).id, c.get('actor')!, c.req.valid('param').id, c.req.valid('query').asOf)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays/{id}/discharge',
      summary: 'Discharge settlement: caps consumed and the hospital’s advance posted atomically',
      ...guard('ncms', HOSPITAL_SIDE),
      request: { params: IdParam, body: { content: { 'application/json': { schema: z.strictObject({ dischargedOn: z.iso.date() }) } }, required: true } },
      responses: { 200: json(anyJson, 'Settled stay'), ...writeErrors },
    }),
    async (c) => c.json(publicStay(await ncms.discharge(tenantOf(c).id, c.get('actor')!, c.req.valid('param').id, c.req.valid('json').dischargedOn)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays/{id}/void',
      summary: 'Void a settlement whose period is open: postings reversed, caps restored, stay reopened',
      ...guard('ncms', OFFICE),
      request: { params: IdParam, body: { content: { 'application/json': { schema: z.strictObject({ reason: z.string().trim().min(2).max(500) }) } }, required: true } },
      responses: { 200: json(anyJson, 'Reopened stay'), ...writeErrors },
    }),
    async (c) => c.json(publicStay(await ncms.void(tenantOf(c).id, c.get('actor')!, c.req.valid('param').id, c.req.valid('json').reason)) as never, 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: '/ncms/periods/{period}/statements', summary: 'Build (or rebuild, while drafts) each hospital’s statement for the month', ...guard('ncms', OFFICE), request: { params: PeriodParam }, responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Statements'), ...writeErrors } }),
    async (c) => c.json({ items: (await ncms.buildStatements(tenantOf(c).id, c.req.valid('param').period)) as never[] }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/ncms/periods/{period}/statements', summary: 'The month’s statements (a hospital operator sees their own hospital’s)', ...guard('ncms', [...READERS, 'hospital-operator']), request: { params: PeriodParam }, responses: { 200: json(z.object({ items: z.array(anyJson) }), 'Statements'), ...commonErrors } }),
    async (c) => {
      const t = tenantOf(c).id;
      const hospitals = (await ncms.hospitals(t)).filter((h) => ncms.mayUseHospital(c.get('actor')!, h.id));
      const items = (await Promise.all(hospitals.map((h) => ncms.statement(t, c.req.valid('param').period, h.id)))).filter(Boolean);
      return c.json({ items: items as never[] }, 200);
    },
  );

  for (const action of ['approve', 'pay'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/ncms/periods/{period}/statements/{hospital}/${action}`,
        summary: action === 'approve' ? 'Approve a hospital’s statement (closes its period to voids)' : 'Pay an approved statement from the NCMS and assistance funds (once)',
        ...guard('ncms', OFFICE),
        request: { params: PeriodParam.extend({ hospital: z.string().max(40).openapi({ param: { name: 'hospital', in: 'path' } }) }) },
        responses: { 200: json(anyJson, 'Statement'), ...writeErrors },
      }),
      async (c) => {
        const { period, hospital } = c.req.valid('param');
        const t = tenantOf(c).id;
        const result = action === 'approve' ? await ncms.approve(t, c.get('actor')!, period, hospital) : await ncms.pay(t, period, hospital);
        return c.json(result as never, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/assistance-funding',
      summary: 'Civil affairs pre-funds the assistance advance fund (预拨); the id makes retries safe',
      ...guard('ncms', ['civil-affairs', 'tenant-admin']),
      request: { body: { content: { 'application/json': { schema: z.strictObject({ id: z.string().regex(/^[\w:.#-]{1,200}$/), amount: amountSchema(), memo: z.string().max(200).optional() }) } }, required: true } },
      responses: { 201: json(anyJson, 'Funded'), ...writeErrors },
    }),
    async (c) => c.json((await ncms.fundAssistance(tenantOf(c).id, c.req.valid('json'))) as never, 201),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/ncms/periods/{period}/assistance-reconciliation', summary: 'Office vs civil affairs: assistance advanced, funded and paid out', ...guard('ncms', READERS), request: { params: PeriodParam }, responses: { 200: json(anyJson, 'Reconciliation'), ...commonErrors } }),
    async (c) => c.json((await ncms.assistanceReconciliation(tenantOf(c).id, c.req.valid('param').period)) as never, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/reports/{period}',
      summary: 'Period report per category, hospital level and hospital, hospitalisation rates and satisfaction (`?format=csv` for CSV)',
      ...guard('ncms', READERS),
      request: { params: PeriodParam, query: z.object({ format: z.enum(['json', 'csv']).default('json').openapi({ param: { name: 'format', in: 'query' } }) }) },
      responses: { 200: { content: { 'application/json': { schema: anyJson }, 'text/csv': { schema: z.string() } }, description: 'Report' }, ...commonErrors },
    }),
    async (c) => {
      const report = await periodReport(ncms, tenantOf(c).id, c.req.valid('param').period);
      if (c.req.valid('query').format === 'csv') {
        return c.body(reportCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="ncms-${report.period}.csv"` });
      }
      return c.json(report as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/public/ncms/surveys/{tenantId}/{stayId}',
      summary: 'Answer the discharge satisfaction survey (public: the token is the credential)',
      tags: ['ncms'],
      request: {
        params: z.object({ tenantId: z.string().regex(TENANT_ID_PATTERN).openapi({ param: { name: 'tenantId', in: 'path' } }), stayId: z.string().max(64).openapi({ param: { name: 'stayId', in: 'path' } }) }),
        query: z.object({ token: z.string().max(64).openapi({ param: { name: 'token', in: 'query' } }) }),
        body: { content: { 'application/json': { schema: z.strictObject({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() }) } }, required: true },
      },
      responses: { 201: json(anyJson, 'Thank you'), 404: commonErrors[404], 409: writeErrors[409] },
    }),
    async (c) => {
      const { tenantId, stayId } = c.req.valid('param');
      return c.json((await ncms.submitSurvey(tenantId, stayId, c.req.valid('query').token, c.req.valid('json'))) as never, 201);
    },
  );

  /** Renders an application's approval form with a service actor, once the caller's own access has been checked. */
  const approvalForm = async (tenantId: string, countyName: string, applicationId: string) => {
    const tenant = (await platform.tenants.get(tenantId))!;
    const reader = { sub: 'approval-form', tenantId, roles: ['tenant-admin'], scopes: {} };
    const application = await platform.cases.get(reader, tenant, applicationId);
    if (application.type !== 'eligibility') throw problems.notFound(`Application ${applicationId}`);
    return renderApprovalForm({ countyName, application, history: await platform.cases.history(reader, tenant, applicationId) });
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/applications/{id}/form',
      summary: 'The approval form of an eligibility application, in triplicate, printable',
      ...guard('ncms', ['ncms-office', 'civil-affairs', 'tenant-admin', 'auditor']),
      request: { params: IdParam },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Form' }, ...commonErrors },
    }),
    async (c) => c.html(await approvalForm(tenantOf(c).id, tenantOf(c).name, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/stays/{id}/approval-form',
      summary: 'The approval form behind a patient’s assistance, for the hospital treating them',
      ...guard('ncms', [...HOSPITAL_SIDE, 'auditor']),
      request: { params: IdParam },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Form' }, ...commonErrors },
    }),
    async (c) => {
      const { stay } = await ncms.stay(tenantOf(c).id, c.get('actor')!, c.req.valid('param').id);
      if (!stay.registerEntry) throw problems.notFound('An approval form for this stay (the patient is not a registered beneficiary)');
      return c.html(await approvalForm(tenantOf(c).id, tenantOf(c).name, stay.registerEntry.applicationId), 200);
    },
  );

  return app;
}
