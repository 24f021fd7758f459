/** The dev mailbox: notifications the platform delivered to you (admins and auditors: the whole tenant). */
import type { Hono } from 'hono';
import type { MailboxMessage } from '../../../capabilities/outbox/index.ts';
import type { ConsoleCtx } from '../../../kit/console/context.tsx';
import { personOf, when } from '../../../kit/console/format.ts';
import { ProblemBox } from '../../../kit/console/layout.tsx';
import type { WithCtx } from '../frame.ts';

type Message = MailboxMessage;

/** Who a message went to, in words: a role or a team by its name, a person as the console shows people. */
function recipientOf(x: ConsoleCtx, recipient: string): string {
  const [kind, rest] = [recipient.slice(0, recipient.indexOf(':')), recipient.slice(recipient.indexOf(':') + 1)];
  if (kind === 'role' || kind === 'team') return x.label(kind, rest);
  return personOf(recipient, x.t('person'));
}

export function mailboxPages(app: Hono, withCtx: WithCtx) {
  app.get(
    '/mailbox',
    withCtx(async (x) => {
      const recipient = x.c.req.query('recipient');
      const cursor = x.c.req.query('cursor');
      const params = new URLSearchParams({ limit: '50', ...(recipient ? { recipient } : {}), ...(cursor ? { cursor } : {}) });
      const res = await x.api('GET', `/v1/mailbox?${params}`);
      const items = (res.body.items ?? []) as Message[];
      return x.page(
        x.t('mailbox'),
        <>
          <form method="get" class="card">
            <label for="m-recipient">{x.t('recipient')}</label>
            <input id="m-recipient" name="recipient" value={recipient ?? ''} placeholder="resident-0101, role:desk-agent" />
            <button type="submit">{x.t('filter')}</button>
          </form>
          {res.status !== 200 && <ProblemBox problem={res.body} />}
          {items.length === 0 && <p class="muted">{x.t('noMessages')}</p>}
          <table>
            <tr>
              <th>{x.t('received')}</th>
              <th>{x.t('recipient')}</th>
              <th>{x.t('subject')}</th>
            </tr>
            {items.map((m) => (
              <tr>
                <td>{when(m.deliveredAt, x.zone, x.lang)}</td>
                <td>{recipientOf(x, m.recipient)}</td>
                <td>
                  <strong>{x.caption(m.subject)}</strong>
                  {/* A message is a letter, as written for every channel it went by. */}
                  <div>
                    <bdi>{m.body}</bdi>
                  </div>
                  {m.caseId && <a href={`/console/cases/${m.caseId}`}>{m.caseId.slice(-6)}</a>}
                </td>
              </tr>
            ))}
          </table>
          {res.body.nextCursor && (
            <a href={`/console/mailbox?${new URLSearchParams({ ...(recipient ? { recipient } : {}), cursor: res.body.nextCursor })}`}>→</a>
          )}
        </>,
      );
    }),
  );
}
