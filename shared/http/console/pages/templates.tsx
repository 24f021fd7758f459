/**
 * The notification templates on the settings page: each template's wording
 * in force, shown on a sample case, and for the tenant's admin a form to
 * word it their own way — previewed before it is saved, refused beside the
 * field where a placeholder does not exist, and given back to the default.
 */
import type { Child } from 'hono/jsx';
import { type ConsoleCtx, Hidden } from '../../../kit/console/context.tsx';
import { errorsByField, Field } from '../../../kit/console/forms.tsx';
import { ProblemBox } from '../../../kit/console/layout.tsx';
import type { CaseType } from '../../../pipeline/contract.ts';

const TEMPLATE_READERS = ['tenant-admin', 'auditor'];

type Problem = { detail?: string; errors?: Array<{ field: string; message: string }> };
/** What the last post of one template's form came to: a preview to show, or a refusal with what was typed. */
export interface TemplateOutcome {
  key: string;
  preview?: { subject: string; body: string };
  problem?: Problem;
  values: Record<string, string>;
}

interface Item {
  key: string;
  type: string;
  event: string;
  to: string;
  own?: { subject: string; body: string };
  sample: { subject: string; body: string };
}

const Message = ({ m }: { m: { subject: string; body: string } }) => (
  <blockquote>
    <p>
      <strong>
        <bdi>{m.subject}</bdi>
      </strong>
    </p>
    <p style="white-space:pre-wrap">
      <bdi>{m.body}</bdi>
    </p>
  </blockquote>
);

export async function templatesSection(x: ConsoleCtx, caseTypes: readonly CaseType[], outcome?: TemplateOutcome): Promise<Child> {
  // The wording is the admin's to change and the auditor's to read: nobody else is offered it.
  if (!x.viewer.roles.some((r) => TEMPLATE_READERS.includes(r))) return null;
  const res = await x.api('GET', '/v1/tenant/templates');
  if (res.status !== 200) return null;
  const items = res.body.items as Item[];
  const placeholders = res.body.placeholders as Record<string, { zh: string; en: string }>;
  const admin = x.viewer.roles.includes('tenant-admin');
  const eventWords = (type: string, event: string) => {
    const ct = caseTypes.find((c) => c.type === type);
    const title = ct ? x.caption(ct.title) : type;
    return `${title} · ${ct && Object.hasOwn(ct.transitions, event) ? x.caption(ct.transitions[event]!.label) : x.label('event', event)}`;
  };
  const recipientWords = (to: string) => (to.startsWith('role:') ? x.label('role', to.slice(5)) : x.label('recipient', to));
  return (
    <section class="card" id="templates">
      <h2>{x.t('templates')}</h2>
      <p class="muted">
        {x.t('placeholdersHint')}{' '}
        {Object.entries(placeholders).map(([name, words], i) => (
          <>
            {i > 0 && '；'}
            <kbd>{`{${name}}`}</kbd> {words[x.lang]}
          </>
        ))}
      </p>
      {items.map((it) => {
        const ours = outcome?.key === it.key ? outcome : undefined;
        const errors = errorsByField(ours?.problem);
        const values = ours?.values ?? it.own ?? { subject: '', body: '' };
        return (
          <details id={`tpl-${it.key}`} open={ours !== undefined}>
            <summary>
              {eventWords(it.type, it.event)} → {recipientWords(it.to)}
              {it.own && <strong> · {x.t('customised')}</strong>}
            </summary>
            <p class="muted">{x.t('inForce')}</p>
            <Message m={it.sample} />
            {admin && (
              <form method="post" action="/console/settings/templates">
                <Hidden csrf={x.csrf} />
                <input type="hidden" name="key" value={it.key} />
                <input type="hidden" name="_version" value={String(res.body.version)} />
                {ours?.problem && <ProblemBox problem={ours.problem} />}
                {ours?.preview && (
                  <div class="ok" role="status">
                    <p>{x.t('preview')}</p>
                    <Message m={ours.preview} />
                  </div>
                )}
                <Field name="subject" label={x.t('subject')} value={values.subject} errors={errors} />
                <label for={`f-body-${it.key}`}>{x.t('body')}</label>
                <textarea id={`f-body-${it.key}`} name="body" rows={4}>
                  {values.body}
                </textarea>
                {errors.body && <p class="error">{errors.body}</p>}
                <button type="submit" name="_do" value="preview" class="secondary">
                  {x.t('preview')}
                </button>{' '}
                <button type="submit" name="_do" value="save">
                  {x.t('save')}
                </button>{' '}
                {it.own && (
                  <button type="submit" name="_do" value="reset" class="secondary">
                    {x.t('resetDefault')}
                  </button>
                )}
              </form>
            )}
          </details>
        );
      })}
    </section>
  );
}
