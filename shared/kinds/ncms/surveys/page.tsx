/**
 * The discharge survey as the patient meets it: the link in their text
 * message opens this page (no sign-in: the link's token is the credential),
 * a score from 1 to 5 and a comment, answered once.
 */
import type { PublicCtx, PublicPage } from '../../../kit/plugin.ts';
import type { NcmsServices } from '../office.ts';
import { w } from '../words.ts';

import { surveyPath as path } from './surveys.ts';

const form = (x: PublicCtx, p: { tenantId: string; stayId: string; token: string }, problem?: { detail?: string }) =>
  x.page(
    w(x, 'surveyTitle'),
    <form method="post" action={path(p.tenantId, p.stayId)} class="card">
      <input type="hidden" name="token" value={p.token} />
      {problem?.detail && (
        <p class="problem" role="alert">
          {problem.detail}
        </p>
      )}
      <fieldset>
        <legend>{w(x, 'surveyScore')}</legend>
        {[5, 4, 3, 2, 1].map((n) => (
          <label style="display:inline-block;margin-right:1rem;font-weight:400">
            <input type="radio" name="score" value={String(n)} required style="width:auto" /> {'★'.repeat(n)} {n}
          </label>
        ))}
      </fieldset>
      <label for="survey-comment">{w(x, 'surveyComment')}</label>
      <textarea id="survey-comment" name="comment" rows={3} maxlength={500} />
      <button type="submit">{w(x, 'surveySend')}</button>
    </form>,
    problem ? 400 : 200,
  );

const params = (x: PublicCtx) => ({ tenantId: x.c.req.param('tenantId') ?? '', stayId: x.c.req.param('stayId') ?? '' });

export const surveyPages: ReadonlyArray<PublicPage<NcmsServices>> = [
  {
    path: '/ncms/surveys/:tenantId/:stayId',
    handler: (x) => form(x, { ...params(x), token: x.c.req.query('token') ?? '' }),
  },
  {
    method: 'post',
    path: '/ncms/surveys/:tenantId/:stayId',
    async handler(x) {
      const { tenantId, stayId } = params(x);
      const posted = await x.form();
      const score = Number(posted.score);
      const res = await x.api(
        'POST',
        `/v1/public/ncms/surveys/${encodeURIComponent(tenantId)}/${encodeURIComponent(stayId)}?${new URLSearchParams({ token: posted.token ?? '' })}`,
        { score: Number.isInteger(score) ? score : 0, ...(posted.comment?.trim() ? { comment: posted.comment.trim() } : {}) },
      );
      if (res.status === 201) return x.page(w(x, 'surveyTitle'), <p class="ok">{w(x, 'surveyThanks')}</p>, 201);
      if (res.status === 409) return x.page(w(x, 'surveyTitle'), <p class="ok">{w(x, 'surveyAlready')}</p>, 409);
      if (res.status === 404) return x.page(w(x, 'surveyTitle'), <p class="problem">{w(x, 'surveyUnknown')}</p>, 404);
      return form(x, { tenantId, stayId, token: posted.token ?? '' }, res.body);
    },
  },
];
