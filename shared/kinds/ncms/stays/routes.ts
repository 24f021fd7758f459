/**
 * Stays from admission to settlement. Hospital operators see only their own
 * hospital's patients (anything else is a 404).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { amountSchema } from '../../../kernel/money.ts';
import { problems } from '../../../kernel/problems.ts';
import { accessOf } from '../../../kit/access.ts';
import type { AppEnv } from '../../../kit/env.ts';
import { tenantOf } from '../../../kit/guard.ts';
import type { RouteKit } from '../../../kit/plugin.ts';
import { commonErrors, json, named, PageQuery, writeErrors } from '../../../kit/schemas.ts';
import { approvalForm } from '../eligibility/approval-form.ts';
import type { NcmsServices } from '../office.ts';
import { HOSPITAL_READERS, HOSPITAL_SIDE, IdParam, OFFICE } from '../roles.ts';
import { discharge, preSettle, voidSettlement } from './settlement.ts';
import { billLineSchema, outcomeSchema, publicStay, publicStaySchema } from './stay.entity.ts';
import { addBillLines, admit, patientInClear, staysOf, stayWithLines } from './stays.ts';

const StaySchema = named(publicStaySchema, 'Stay');
const BillLine = named(billLineSchema, 'BillLine');

export function stayRoutes(kit: RouteKit, s: NcmsServices) {
  const app = new OpenAPIHono<AppEnv>();
  const office = (c: Context<AppEnv>) => s.forTenant(tenantOf(c));

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays',
      summary: 'Admission (备案) at a designated hospital, checked against the register for the admission date',
      ...kit.guard({ action: 'stay.admit', resource: 'stay', roles: HOSPITAL_SIDE }),
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                hospitalId: z.string().max(40),
                patient: z.strictObject({
                  name: z.string().trim().min(1).max(50),
                  idNumber: z.string().regex(/^\d{17}[\dXx]$/, '应为18位居民身份证号码 an 18-character resident identity number'),
                }),
                admittedOn: z.iso.date(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(StaySchema, 'The stay'), ...writeErrors },
    }),
    async (c) => c.json(publicStay(await admit(office(c), accessOf(c), c.req.valid('json'))), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/stays',
      summary: 'A hospital’s stays, newest admission first',
      ...kit.guard({ action: 'stay.list', resource: 'stay', roles: HOSPITAL_READERS }),
      request: {
        query: PageQuery.extend({
          hospital: z
            .string()
            .max(40)
            .openapi({ param: { name: 'hospital', in: 'query' } }),
        }),
        // An identity number is personal data: it travels in a header, kept out of URLs and the logs that record them.
        headers: z.object({
          'x-patient-id-number': z
            .string()
            .regex(/^\d{17}[\dXx]$/, '应为18位居民身份证号码 an 18-character resident identity number')
            .optional()
            .openapi({
              param: { name: 'x-patient-id-number', in: 'header' },
              description: 'Only the stays of the patient with this identity number (matched through the blind index)',
            }),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(StaySchema), nextCursor: z.string().optional() }), 'A page of stays'), ...commonErrors },
    }),
    async (c) => {
      const idNumber = c.req.valid('header')['x-patient-id-number'];
      const page = await staysOf(office(c), accessOf(c), { ...c.req.valid('query'), ...(idNumber ? { idNumber } : {}) });
      return c.json({ items: page.items.map(publicStay), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/stays/{id}',
      summary: 'A stay with its bill lines and settlement',
      ...kit.guard({ action: 'stay.read', resource: 'stay', roles: HOSPITAL_READERS }),
      request: { params: IdParam },
      responses: { 200: json(StaySchema.extend({ billLines: z.array(BillLine) }), 'Stay'), ...commonErrors },
    }),
    async (c) => {
      const { stay, lines } = await stayWithLines(office(c), accessOf(c), c.req.valid('param').id);
      return c.json({ ...publicStay(stay), billLines: lines }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays/{id}/bill-lines',
      summary: 'Add bill lines during the stay (lines outside the catalogue count in the total, not in the eligible cost)',
      ...kit.guard({ action: 'stay.add-bill-lines', resource: 'stay', roles: HOSPITAL_SIDE }),
      request: {
        params: IdParam,
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                lines: z
                  .array(
                    z.strictObject({
                      code: z.string().min(1).max(30),
                      description: z.string().trim().min(1).max(200),
                      quantity: z.string().regex(/^(0|[1-9]\d{0,5})(\.\d{1,3})?$/, '数量应为数字（如 2 或 0.5） a quantity such as "2" or "0.5"'),
                      unitPrice: amountSchema(),
                    }),
                  )
                  .min(1)
                  // One transaction holds 100 writes: the lines, the stay and the replay record.
                  .max(98),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(z.object({ lines: z.array(BillLine) }), 'Added'), ...writeErrors },
    }),
    async (c) => c.json({ lines: await addBillLines(office(c), accessOf(c), c.req.valid('param').id, c.req.valid('json').lines) }, 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/stays/{id}/pre-settlement',
      summary: 'Daily pre-settlement (每天预结算): what the patient pays so far, with the trace',
      ...kit.guard({ action: 'stay.pre-settle', resource: 'stay', roles: HOSPITAL_READERS }),
      request: {
        params: IdParam,
        query: z.object({
          asOf: z.iso
            .date()
            .optional()
            .openapi({ param: { name: 'asOf', in: 'query' } }),
        }),
      },
      responses: { 200: json(named(outcomeSchema.extend({ stayId: z.string(), asOf: z.string() }), 'PreSettlement'), 'Pre-settlement'), ...commonErrors },
    }),
    async (c) => c.json(await preSettle(office(c), accessOf(c), c.req.valid('param').id, c.req.valid('query').asOf), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays/{id}/discharge',
      summary: 'Discharge settlement: caps consumed and the hospital’s advance posted atomically',
      ...kit.guard({ action: 'stay.discharge', resource: 'stay', roles: HOSPITAL_SIDE }),
      request: { params: IdParam, body: { content: { 'application/json': { schema: z.strictObject({ dischargedOn: z.iso.date() }) } }, required: true } },
      responses: { 200: json(StaySchema, 'Settled stay'), ...writeErrors },
    }),
    async (c) => c.json(publicStay(await discharge(office(c), accessOf(c), c.req.valid('param').id, c.req.valid('json').dischargedOn)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays/{id}/void',
      summary: 'Void a settlement whose period is open: postings reversed, caps restored, stay reopened',
      ...kit.guard({ action: 'stay.void', resource: 'stay', roles: OFFICE }),
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: z.strictObject({ reason: z.string().trim().min(2).max(500) }) } }, required: true },
      },
      responses: { 200: json(StaySchema, 'Reopened stay'), ...writeErrors },
    }),
    async (c) => c.json(publicStay(await voidSettlement(office(c), accessOf(c), c.req.valid('param').id, c.req.valid('json').reason)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/ncms/stays/{id}/approval-form',
      summary: 'The approval form behind a patient’s assistance, for the hospital treating them',
      ...kit.guard({ action: 'stay.approval-form', resource: 'stay', roles: HOSPITAL_READERS }),
      request: { params: IdParam },
      responses: { 200: { content: { 'text/html': { schema: z.string() } }, description: 'Form' }, ...commonErrors },
    }),
    async (c) => {
      const o = office(c);
      const { stay } = await stayWithLines(o, accessOf(c), c.req.valid('param').id);
      if (!stay.registerEntry) throw problems.notFound('An approval form for this stay (the patient is not a registered beneficiary)');
      return c.html(await approvalForm(o, stay.registerEntry.applicationId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/ncms/stays/{id}/patient',
      summary: 'The patient’s name and identity number in clear, to print their settlement: the read is recorded with its purpose first',
      ...kit.guard({ action: 'stay.reveal-patient', resource: 'stay', roles: { 'ncms-office': 'tenant', 'hospital-operator': 'hospital' } }),
      request: {
        params: IdParam,
        body: {
          content: { 'application/json': { schema: z.strictObject({ reason: z.string().trim().min(4).max(200).meta({ title: '查看用途 Purpose' }) }) } },
          required: true,
        },
      },
      responses: { 200: json(z.object({ name: z.string(), idNumber: z.string() }), 'The patient in clear'), ...writeErrors },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await patientInClear(office(c), accessOf(c), c.req.valid('param').id, c.req.valid('json').reason), 200);
    },
  );

  return app;
}
