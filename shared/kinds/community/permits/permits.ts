/**
 * Permits (办证): a residence permit (居住证) reviewed by the police
 * station, a floating-population childbearing certificate (婚育证明) by
 * family planning. Both are filed for a registered person — their details
 * are not taken again — reviewed by the department, issued with a number
 * and a validity, reminded to the station before they expire (the nightly
 * run, once per permit), and expired after.
 */
import { z } from 'zod';
import type { CaseType } from '../../../pipeline/contract.ts';
import { claimPerson, type PersonLink, personRef, subjectOfLinked } from '../registration/person-link.ts';
import { dueDraft, dueRemoval } from '../station/due.entity.ts';

export interface PermitData extends PersonLink {
  note?: string;
  number?: string;
  validFrom?: string;
  validUntil?: string;
  refusal?: string;
  reminded?: boolean;
}

const note = z.string().trim().min(1).max(500);

/** Days before expiry the station is reminded to renew. */
export const RENEWAL_NOTICE_DAYS = 30;

function permitType(spec: {
  type: string;
  title: string;
  department: string;
  prefix: string;
  years: number;
}): CaseType<{ person: string; note?: string }, PermitData> {
  const issuer = [spec.department];
  return {
    type: spec.type,
    title: spec.title,
    intake: {
      schema: z.strictObject({ person: personRef, note: note.meta({ title: '备注 Note' }).optional() }),
      roles: ['station', 'collector'],
      onBehalf: ['station'],
      claims: (ctx) => claimPerson(ctx, spec.type),
    },
    states: {
      review: { label: '审核中 Under review' },
      issued: { label: '已发证 Issued' },
      refused: { label: '不予办理 Refused', terminal: true, abandoned: true },
      expired: { label: '已过期 Expired', terminal: true },
    },
    initial: 'review',
    staffRoles: ['station', 'collector', spec.department, 'tenant-admin', 'auditor'],
    subjectOf: subjectOfLinked,
    transitions: {
      issue: {
        label: '发证 Issue',
        from: ['review'],
        to: 'issued',
        roles: issuer,
        input: z.strictObject({
          validFrom: z.iso.date().meta({ title: '有效期自 Valid from' }),
          years: z.number().int().min(1).max(spec.years).default(1).meta({ title: '有效年限 Years valid' }),
        }),
        // The number is the permit's own: its prefix, the year it starts, the case.
        effects: ({ case: c, input }) => {
          const from = input.validFrom as string;
          const until = new Date(`${from}T00:00:00Z`);
          until.setUTCFullYear(until.getUTCFullYear() + (input.years as number));
          until.setUTCDate(until.getUTCDate() - 1);
          const validUntil = until.toISOString().slice(0, 10);
          return {
            data: { number: `${spec.prefix}-${from.slice(0, 4)}-${c.id.slice(-8)}`, validFrom: from, validUntil },
            tally: [{ row: `area#${c.data.area}`, add: { [`permits:${spec.type}`]: 1 } }],
            records: [dueDraft({ kind: 'expiry', from: validUntil, caseId: c.id, area: c.data.area })],
          };
        },
      },
      refuse: {
        label: '不予办理 Refuse',
        from: ['review'],
        to: 'refused',
        roles: issuer,
        input: z.strictObject({ reason: note.meta({ title: '理由 Reason' }) }),
        effects: ({ input }) => ({ data: { refusal: input.reason } }),
      },
      'remind-renewal': {
        label: '提醒换证 Renewal reminder',
        from: ['issued'],
        roles: [],
        system: true,
        guard: ({ case: c }) => (c.data.reminded ? 'reminded already' : undefined),
        effects: () => ({ data: { reminded: true } }),
      },
      expire: {
        label: '到期 Expired',
        from: ['issued'],
        to: 'expired',
        roles: [],
        system: true,
        effects: ({ case: c }) => ({ removes: [dueRemoval({ kind: 'expiry', from: c.data.validUntil!, caseId: c.id })] }),
      },
    },
    queues: ['permits'],
    route: (input) => ({
      queue: 'permits',
      priority: 'normal',
      team: spec.department,
      scope: { area: (input as unknown as PersonLink).area },
      sla: { minutes: 10 * 8 * 60, basis: 'business' },
    }),
    notify: {
      issue: [
        {
          to: 'requester',
          subject: (c) => `${spec.title} ${c.data.number} 已发证 issued`,
          body: (c) => `${c.data.name}：有效期至 valid until ${c.data.validUntil}。`,
        },
      ],
      refuse: [{ to: 'requester', subject: (c) => `${spec.title} 不予办理 refused: ${c.data.name}`, body: (c) => `${c.data.refusal}` }],
      'remind-renewal': [
        {
          to: { role: 'station' },
          subject: (c) => `${spec.title} ${c.data.number} 即将到期 expires ${c.data.validUntil}`,
          body: (c) => `请通知 ${c.data.name} 办理换证。Please ask them to renew.`,
        },
      ],
    },
  };
}

export const residencePermit = permitType({ type: 'residence-permit', title: '居住证 Residence permit', department: 'police', prefix: 'JZZ', years: 3 });
export const childbearingCertificate = permitType({
  type: 'childbearing-certificate',
  title: '婚育证明 Childbearing certificate',
  department: 'family-planning',
  prefix: 'HYZM',
  years: 3,
});
export const PERMIT_TYPES = [residencePermit, childbearingCertificate] as const;
