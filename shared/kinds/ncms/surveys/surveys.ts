/** The discharge satisfaction survey: a signed link sent to the patient, answered once, without signing in. */
import { createHmac } from 'node:crypto';
import { ID_PATTERN } from '../../../kernel/ids.ts';
import { sameSecret } from '../../../kernel/keys.ts';
import { problems } from '../../../kernel/problems.ts';
import type { Office } from '../office.ts';
import { ncmsProblem } from '../problems.ts';
import { StayRecord } from '../stays/stay.entity.ts';

export function surveyToken(o: Office, stayId: string): string {
  return createHmac('sha256', o.parts.secret('survey')).update(`${o.tenant.id}\n${stayId}`).digest('base64url').slice(0, 22);
}

export async function submitSurvey(o: Office, stayId: string, token: string, answer: { score: number; comment?: string }) {
  const stay = ID_PATTERN.test(stayId) && sameSecret(token, surveyToken(o, stayId)) ? await o.records.get(StayRecord, stayId) : undefined;
  if (stay?.status !== 'settled') throw problems.notFound('Survey');
  if (stay.survey) throw ncmsProblem('survey-answered', 'This survey has been answered.');
  const next = { ...stay, survey: { ...answer, at: o.now().toISOString() }, version: stay.version + 1 };
  await o.records.put(StayRecord, next, { version: stay.version });
  return next.survey;
}

/** The survey page's path (the console's public page for it). */
export const surveyPath = (tenantId: string, stayId: string) => `/console/public/ncms/surveys/${encodeURIComponent(tenantId)}/${encodeURIComponent(stayId)}`;

/** The link a patient is sent: the page, with the token that lets them answer. */
export const surveyLink = (tenantId: string, stayId: string, token: string) => `${surveyPath(tenantId, stayId)}?token=${encodeURIComponent(token)}`;
