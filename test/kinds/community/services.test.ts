/**
 * The station's one window, through the API: permits filed for a
 * registered person (not typed again), reviewed by their department and
 * issued with a number and validity; a consultation answered there and
 * then; a rights case referred by governance and followed up until closed;
 * a hotline call turned into a case, the caller's phone carried over sealed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { freshId, person, type Station, station } from './support.ts';

let s: Station;
let tokens: Record<string, string>;
let registered: { id: string };

beforeAll(async () => {
  s = await station();
  tokens = s.tokens;
  registered = (await s.register(person(freshId(), { name: '韩梅' }))).body;
}, 60_000);

describe('permits', () => {
  it('issues a residence permit after the police review, numbered, valid for the years given', async () => {
    const filed = await s.file('residence-permit', { person: registered.id }, tokens.station!);
    expect([filed.status, filed.body.state, filed.body.data.name, filed.body.team]).toEqual([201, 'review', '韩梅', 'police']);
    expect((await s.act(filed.body.id, tokens.planning!, 'issue', { validFrom: '2026-12-01' })).status).toBe(404); // not family planning's to see
    const issued = await s.act(filed.body.id, tokens.police!, 'issue', { validFrom: '2026-12-01', years: 2 });
    expect([issued.status, issued.body.state]).toEqual([200, 'issued']);
    expect(issued.body.data).toMatchObject({ number: expect.stringMatching(/^JZZ-2026-/), validFrom: '2026-12-01', validUntil: '2028-11-30' });
    expect((await s.act(filed.body.id, tokens.police!, 'issue', { validFrom: '2026-12-01', years: 4 })).status).toBe(409); // issued already
  });

  it('sends a childbearing certificate to family planning, and refuses a person who is not registered', async () => {
    const filed = await s.file('childbearing-certificate', { person: registered.id }, tokens.collector!);
    expect([filed.status, filed.body.team]).toEqual([201, 'family-planning']);
    const refused = await s.act(filed.body.id, tokens.planning!, 'refuse', { reason: '需户籍地出具证明 a letter from home first' });
    expect([refused.status, refused.body.state]).toEqual([200, 'refused']);
    const nobody = await s.file('residence-permit', { person: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, tokens.station!);
    expect([nobody.status, nobody.body.type, nobody.body.errors?.[0]?.field]).toEqual([422, '/problems/person-not-registered', 'input.person']);
    // A collector of another area does not see the person, so cannot file for them either.
    expect((await s.file('residence-permit', { person: registered.id }, tokens.south!)).status).toBe(422);
  });
});

describe('consultation and rights protection', () => {
  it('files a consultation answered at the window as answered, and one answered later', async () => {
    const now = await s.file(
      'consultation',
      { name: '张三', topic: 'permits', question: '居住证怎么办？', answer: '带身份证和租房合同来站里。' },
      tokens.station!,
    );
    expect([now.status, now.body.state, now.body.data.answeredBy]).toEqual([201, 'answered', 'station-01']);
    const later = await s.file('consultation', { name: '李四', topic: 'schooling', question: '孩子能在本地上学吗？' }, tokens.station!);
    const answered = await s.act(later.body.id, tokens.governance!, 'answer', { answer: '持居住证可申请。' });
    expect([answered.status, answered.body.state, answered.body.data.answeredBy]).toEqual([200, 'answered', 'governance-01']);
  });

  it('sends wage arrears to governance, refers them out with a reference, follows up and closes', async () => {
    const filed = await s.file(
      'rights-protection',
      { person: registered.id, grievance: 'wage-arrears', against: '某建筑公司 a builder', description: '拖欠三个月工资', amount: '12000.00' },
      tokens.station!,
    );
    expect([filed.status, filed.body.state, filed.body.queue, filed.body.data.amount]).toEqual([201, 'new', 'governance', '12000.00']);
    expect((await s.act(filed.body.id, tokens.police!, 'accept')).status).toBe(404); // not the police's case to see
    await s.act(filed.body.id, tokens.governance!, 'accept');
    const referred = await s.act(filed.body.id, tokens.governance!, 'refer', { body: 'labour-inspection', reference: 'LS-2026-118' });
    expect(referred.body.data.referral).toMatchObject({ body: 'labour-inspection', reference: 'LS-2026-118', by: 'governance-01' });
    await s.act(filed.body.id, tokens.governance!, 'follow-up', { note: '监察大队已立案 the inspectors opened a case' });
    const closed = await s.act(filed.body.id, tokens.governance!, 'close', { result: 'resolved', recovered: '12000.00', note: '工资已全额追回 paid in full' });
    expect([closed.body.state, closed.body.data.followUps.length, closed.body.data.outcome.recovered]).toEqual(['closed', 1, '12000.00']);
  });
});

describe('the hotline', () => {
  it('logs a call and turns it into a consultation without typing the caller again, the phone carried sealed', async () => {
    const call = await s.file(
      'hotline-call',
      { name: '王五', phone: '13912345678', caller: 'landlord', topic: 'housing', summary: '出租房屋要办什么手续？', outcome: 'call-back' },
      tokens.station!,
    );
    expect([call.status, call.body.data.phone]).toEqual([201, expect.not.stringContaining('2345')]);
    const other = await s.t.token('demo-community', ['station'], 'station-02');
    const opened = await s.act(call.body.id, other, 'open-case', { type: 'consultation', input: {} });
    expect([opened.status, opened.body.data.outcome]).toEqual([200, 'case-opened']);
    const childId = opened.body.data.splitInto[0];
    const child = (await s.t.call('GET', `/v1/cases/${childId}`, { token: tokens.station! })).body;
    expect(child.data).toMatchObject({ name: '王五', topic: 'housing', question: '出租房屋要办什么手续？', splitFrom: call.body.id });
    const phone = await s.t.call('POST', `/v1/cases/${childId}/reveal`, { token: tokens.station!, body: { reason: '回电 calling back' } });
    expect(phone.body.fields.phone).toBe('13912345678');
    const self = await s.act(call.body.id, tokens.station!, 'open-case', { type: 'hotline-call', input: {} });
    expect(self.status).toBe(422);
  });
});
