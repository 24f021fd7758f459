/**
 * The approval form (《特困群众大病医疗救助垫付审批表》), one document in
 * triplicate: the hospital, the NCMS office and the civil-affairs bureau
 * each keep a copy. Rendered from the eligibility case and its history.
 */

import { z } from 'zod';
import type { Access } from '../../../kernel/access.ts';
import { type HtmlEscapedString, html } from '../../../kernel/html.ts';
import { problems } from '../../../kernel/problems.ts';
import type { CaseDetail, CaseEvent } from '../../../pipeline/contract.ts';
import { officeConfig } from '../config.ts';
import type { Office } from '../office.ts';
import { CATEGORIES, CATEGORY_LABELS } from '../policy/policy.ts';

const shownPerson = z.object({ name: z.string(), idNumber: z.string(), relation: z.string().optional() });

/** An application's data as the case shows it: the household's identities masked field by field (they are sealed). */
const shownData = z.object({
  householdHead: shownPerson.optional(),
  members: z.array(shownPerson).optional(),
  township: z.string().optional(),
  requestedCategory: z.string().optional(),
  category: z.enum(CATEGORIES).optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
  evidence: z.array(z.string()).optional(),
});

const COPIES = ['第一联 医疗卫生机构留存 Hospital copy', '第二联 县/乡合管办留存 NCMS office copy', '第三联 县/乡民政局留存 Civil-affairs copy'];

export function renderApprovalForm(input: { countyName: string; application: CaseDetail; history: CaseEvent[]; townshipName?: string }): HtmlEscapedString {
  const { application: a, history } = input;
  const data = shownData.parse(a.data);
  const step = (action: string) => history.filter((e) => e.action === action).at(-1);
  const township = step('approve_township');
  const county = step('approve') ?? step('change');
  const sign = (e: CaseEvent | undefined) => (e ? `${e.actor} · ${e.at.slice(0, 10)}${e.note ? ` · ${e.note}` : ''}` : '（未审批 pending）');
  const category = data.category ? CATEGORY_LABELS[data.category] : undefined;
  const copy = (title: string) => html`<section class="copy"><h1>${input.countyName}<br>特困群众大病医疗救助垫付审批表</h1><p class="copy-name">${title}</p>
<table>
<tr><th>审批编号 Application</th><td>${a.id}</td><th>所在乡镇 Township</th><td>${input.townshipName ?? data.township}</td></tr>
<tr><th>户主 Household head</th><td colspan="3">${data.householdHead ? `${data.householdHead.name} ${data.householdHead.idNumber}` : '—'}</td></tr>
<tr><th>家庭成员 Members</th><td colspan="3">${data.members?.length ? data.members.map((m) => `${m.name}（${m.relation ?? ''}）${m.idNumber}`).join('；') : '—'}</td></tr>
<tr><th>申请类别 Requested</th><td>${data.requestedCategory}</td><th>核定类别 Approved</th><td>${category ? html`${category.zh}<br>${category.en}` : '—'}</td></tr>
<tr><th>有效期 Valid</th><td colspan="3">${data.validFrom ?? '—'} 至 ${data.validTo ?? '—'}</td></tr>
<tr><th>证明材料 Evidence</th><td colspan="3">${(data.evidence ?? []).join('；')}</td></tr>
<tr><th>乡镇审核 Township review</th><td colspan="3">${sign(township)}</td></tr>
<tr><th>县民政审批 County approval</th><td colspan="3">${sign(county)}</td></tr>
<tr><th>状态 Status</th><td colspan="3">${a.stateLabel}</td></tr>
</table></section>`;
  return html`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>审批表 ${a.id}</title>
<style>body{font:14px/1.6 system-ui,"Noto Sans CJK SC",sans-serif;max-width:780px;margin:1rem auto;color:#111}
h1{font-size:18px;text-align:center}.copy-name{text-align:right;color:#444}table{width:100%;border-collapse:collapse}
th,td{border:1px solid #888;padding:.35rem .5rem;text-align:left;vertical-align:top}th{width:18%;background:#f3f3f3}
.copy{margin-bottom:2rem}@media print{.copy{page-break-after:always;margin:0}}</style></head><body>
${COPIES.map(copy)}
</body></html>`;
}

/** The form of an eligibility application, read with a service actor once the caller's own access has been checked. */
/**
 * The household's identities print masked, unless the form is printed in
 * clear (`inClear`): then they are revealed as the caller, who must hold a
 * role that may reveal them, and the read is recorded with its purpose
 * before the form is drawn.
 */
export async function approvalForm(o: Office, applicationId: string, inClear?: { access: Access; reason: string }): Promise<HtmlEscapedString> {
  const reader = o.parts.serviceAccess(o.tenant, 'approval-form');
  const application = await o.parts.cases.get(reader, o.tenant, applicationId);
  if (application.type !== 'eligibility') throw problems.notFound(`Application ${applicationId}`);
  const clear = inClear ? await o.parts.cases.reveal(inClear.access, o.tenant, applicationId, inClear.reason) : {};
  const township = (await officeConfig(o)).townships.find((t) => t.id === application.data.township);
  return renderApprovalForm({
    countyName: o.tenant.name,
    ...(township ? { townshipName: township.name } : {}),
    application: { ...application, data: { ...application.data, ...clear } },
    history: await o.parts.cases.history(reader, o.tenant, applicationId),
  });
}
