/**
 * Each request type the desk takes, through its lifecycle over the API:
 * cleaning to the cleaning team and back to the resident; a complaint to
 * the manager — never answered by whom it concerns — escalated, answered,
 * sent back and accepted; an inquiry answered and closed; feedback replied to.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, idem, type TestPlatform } from '../../support/platform.ts';

const T = 'demo-property';
let t: TestPlatform;
const tokens: Record<string, string> = {};

const file = (type: string, input: unknown, token = tokens.desk!) =>
  t.call('POST', '/v1/property/requests', { token, body: { type, input, household: '1-1-101', channel: 'phone' }, headers: { 'idempotency-key': idem() } });
const act = (id: string, token: string, action: string, input?: unknown) =>
  t.call('POST', `/v1/cases/${id}/transitions`, { token, body: { action, ...(input ? { input } : {}) } });

beforeAll(async () => {
  t = await createTestPlatform();
  tokens.desk = await t.token(T, ['desk-agent'], 'desk-01');
  tokens.resident = await t.token(T, ['resident'], 'resident-0101');
  tokens.manager = await t.token(T, ['manager'], 'manager-01');
  tokens.otherManager = await t.token(T, ['manager'], 'manager-02');
  tokens.cleaner = await t.token(T, ['team-member'], 'cleaner-01', { team: ['cleaning'] });
  tokens.tech = await t.token(T, ['team-member'], 'tech-01', { team: ['maintenance'] });
}, 60_000);

describe('cleaning', () => {
  it('goes to the cleaning team, comes back done, and the resident confirms and rates', async () => {
    const c = await file('cleaning', { place: 'public-area', description: '楼道有垃圾 rubbish on the stairs' });
    expect([c.status, c.body.state, c.body.requester]).toEqual([201, 'submitted', 'resident-0101']);
    expect((await act(c.body.id, tokens.desk!, 'dispatch', {})).body).toMatchObject({ state: 'dispatched', team: 'cleaning' });
    expect((await act(c.body.id, tokens.tech!, 'complete', { note: 'x' })).status).toBe(404); // another team's work is not theirs to see
    expect((await act(c.body.id, tokens.cleaner!, 'complete', { note: '已清理 cleared' })).body.state).toBe('done');
    expect((await act(c.body.id, tokens.resident!, 'confirm', { rating: 5 })).body).toMatchObject({ state: 'closed', data: { rating: 5 } });
  });
});

describe('a complaint', () => {
  it('waits for the manager, is escalated, is answered by someone it does not concern, sent back and accepted', async () => {
    const c = await file('complaint', {
      category: 'service',
      description: '维修人员态度差 rude repairman',
      concerns: { person: 'manager-01', team: 'maintenance' },
    });
    expect([c.status, c.body.queue, c.body.priority]).toEqual([201, 'manager', 'high']);
    const id = c.body.id;
    expect((await act(id, tokens.desk!, 'respond', { response: '已批评教育 we spoke with him' })).status).toBe(403); // the desk does not answer complaints
    const short = await act(id, tokens.otherManager!, 'respond', { response: 'ok' });
    expect([short.status, short.body.errors?.[0]?.field]).toEqual([400, 'input.response']);
    const self = await act(id, tokens.manager!, 'respond', { response: '已调查处理，向您致歉 investigated, apologies' });
    expect([self.status, self.body.type]).toEqual([422, '/problems/transition-refused']);
    expect((await act(id, tokens.desk!, 'escalate', { note: '超时未答复 overdue' })).body.data.escalations).toBe(1);
    const answered = await act(id, tokens.otherManager!, 'respond', { response: '已调查处理，向您致歉 investigated, apologies' });
    expect(answered.body.state).toBe('responded');
    expect((await act(id, tokens.resident!, 'reject', { note: '还是不满意 still unhappy' })).body.state).toBe('submitted');
    await act(id, tokens.otherManager!, 'respond', { response: '已更换维修人员 a different repairman now' });
    expect((await act(id, tokens.resident!, 'accept', { rating: 4 })).body).toMatchObject({ state: 'closed', data: { rating: 4 } });
    // The manager was told of the escalation and of the rejection.
    await t.deliverAll(T);
    const mail = await t.call('GET', '/v1/mailbox?recipient=role:manager', { token: await t.token(T, ['tenant-admin'], 'admin') });
    const events = mail.body.items.filter((m: { caseId?: string }) => m.caseId === id).map((m: { event: string }) => m.event);
    expect(events).toEqual(expect.arrayContaining(['created', 'escalate', 'reject']));
  });
});

describe('an inquiry and feedback', () => {
  it('are answered by the desk, and the answer reaches the resident', async () => {
    const q = await file('inquiry', { question: '停车卡怎么办理？ how do I get a parking card?' });
    const answered = await act(q.body.id, tokens.desk!, 'answer', {
      answer: '带行驶证到服务台办理 bring your vehicle licence to the desk',
      faq: 'parking-card',
    });
    expect(answered.body).toMatchObject({ state: 'answered', data: { faq: 'parking-card' } });
    const f = await file('feedback', { kind: 'praise', text: '保洁阿姨很认真 the cleaner is very careful' });
    expect((await act(f.body.id, tokens.desk!, 'acknowledge', { reply: '谢谢您的表扬 thank you' })).body.state).toBe('acknowledged');
    await t.deliverAll(T);
    const mail = (await t.call('GET', '/v1/mailbox', { token: tokens.resident! })).body.items.map((m: { caseId?: string; event: string }) => [
      m.caseId,
      m.event,
    ]);
    expect(mail).toEqual(
      expect.arrayContaining([
        [q.body.id, 'answer'],
        [f.body.id, 'acknowledge'],
      ]),
    );
  });
});
