/**
 * The AWS adapters with the real SDK clients; only the network is replaced,
 * at the SDK's own request-handler seam, so what is checked is exactly the
 * request SES, SNS and Cognito would receive.
 */

import { Readable } from 'node:stream';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { awsChannelsFromEnv, CognitoDirectory, SesEmailChannel, SnsSmsChannel } from '../../shared/capabilities/outbox/aws-channels.ts';

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A request handler that records each request and answers with a canned response. */
function recorder(respond: (req: Captured) => { status?: number; body: string; contentType: string }) {
  const requests: Captured[] = [];
  const handler = {
    async handle(request: { method: string; path: string; headers: Record<string, string>; body?: unknown }) {
      const raw = request.body;
      const body = typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : String(raw ?? '');
      const captured = { method: request.method, path: request.path, headers: request.headers, body };
      requests.push(captured);
      const answer = respond(captured);
      return {
        response: { statusCode: answer.status ?? 200, headers: { 'content-type': answer.contentType }, body: Readable.from([Buffer.from(answer.body)]) },
      };
    },
  };
  return { requests, handler };
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('SES email channel', () => {
  it('sends a UTF-8 text email from the configured sender, tagged with the outbox id', async () => {
    const { requests, handler } = recorder(() => ({ body: JSON.stringify({ MessageId: 'm-1' }), contentType: 'application/json' }));
    const channel = new SesEmailChannel(new SESv2Client({ region: 'ap-east-1', credentials, requestHandler: handler as never }), 'desk@sunny.example');
    expect(channel.canReach({ phone: '13800000000' })).toBe(false);
    await channel.send({ email: 'resident@example.com' }, { id: '01OUTBOX', subject: '报修已受理', body: '您的报修已由服务台受理。' });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.path).toBe('/v2/email/outbound-emails');
    expect(JSON.parse(requests[0]!.body)).toEqual({
      FromEmailAddress: 'desk@sunny.example',
      Destination: { ToAddresses: ['resident@example.com'] },
      Content: { Simple: { Subject: { Data: '报修已受理', Charset: 'UTF-8' }, Body: { Text: { Data: '您的报修已由服务台受理。', Charset: 'UTF-8' } } } },
      EmailTags: [{ Name: 'outbox-id', Value: '01OUTBOX' }],
    });
  });

  it('surfaces a provider refusal so the dispatcher retries', async () => {
    const { handler } = recorder(() => ({ status: 400, body: JSON.stringify({ message: 'Email address is not verified.' }), contentType: 'application/json' }));
    const channel = new SesEmailChannel(
      new SESv2Client({ region: 'ap-east-1', credentials, requestHandler: handler as never, maxAttempts: 1 }),
      'desk@sunny.example',
    );
    await expect(channel.send({ email: 'x@example.com' }, { id: 'o', subject: 's', body: 'b' })).rejects.toThrow();
  });
});

describe('SNS SMS channel', () => {
  it('publishes a transactional SMS to the number, adding +86 where it has no country code', async () => {
    const { requests, handler } = recorder(() => ({
      body: '<PublishResponse><PublishResult><MessageId>m</MessageId></PublishResult></PublishResponse>',
      contentType: 'text/xml',
    }));
    const channel = new SnsSmsChannel(new SNSClient({ region: 'ap-east-1', credentials, requestHandler: handler as never }));
    await channel.send({ phone: '13812345678' }, { id: 'o', subject: '维修已完成', body: '请确认并评价。' });
    const form = new URLSearchParams(requests[0]!.body);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('PhoneNumber')).toBe('+8613812345678');
    expect(form.get('Message')).toBe('维修已完成\n请确认并评价。');
    expect(form.get('MessageAttributes.entry.1.Name')).toBe('AWS.SNS.SMS.SMSType');
    expect(form.get('MessageAttributes.entry.1.Value.StringValue')).toBe('Transactional');
  });
});

describe('Cognito contact directory', () => {
  const user = (tenant: string, verified: boolean) => ({
    Users: [
      {
        Username: 'u',
        Attributes: [
          { Name: 'sub', Value: 'sub-1' },
          { Name: 'email', Value: 'a@example.com' },
          { Name: 'email_verified', Value: String(verified) },
          { Name: 'phone_number', Value: '+8613900000000' },
          { Name: 'phone_number_verified', Value: 'true' },
          { Name: 'custom:tenant', Value: tenant },
        ],
      },
    ],
  });

  it('finds a person by sub, gives only verified contact points, and only within their tenant', async () => {
    let answer = user('sunny-gardens', true);
    const { requests, handler } = recorder(() => ({ body: JSON.stringify(answer), contentType: 'application/x-amz-json-1.1' }));
    const directory = new CognitoDirectory(new CognitoIdentityProviderClient({ region: 'ap-east-1', credentials, requestHandler: handler as never }), 'pool-1');
    expect(await directory.contactOf('sunny-gardens', 'sub-1')).toEqual({ email: 'a@example.com', phone: '+8613900000000' });
    expect(requests[0]!.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.ListUsers');
    expect(JSON.parse(requests[0]!.body)).toEqual({ UserPoolId: 'pool-1', Filter: 'sub = "sub-1"', Limit: 1 });
    await directory.contactOf('sunny-gardens', 'sub-1');
    expect(requests).toHaveLength(1); // cached

    answer = user('other-tenant', true);
    expect(await directory.contactOf('sunny-gardens', 'sub-2')).toBeUndefined();
    answer = user('sunny-gardens', false);
    expect(await directory.contactOf('sunny-gardens', 'sub-3')).toEqual({ phone: '+8613900000000' });
    expect(await directory.contactOf('sunny-gardens', 'team:maintenance')).toBeUndefined();
    expect(requests).toHaveLength(3);
  });
});

describe('stage configuration', () => {
  it('builds channels in order of preference, and none without a sender or SMS switch', () => {
    expect(awsChannelsFromEnv({}).channels).toEqual([]);
    const both = awsChannelsFromEnv({ NOTIFY_EMAIL_FROM: 'desk@x.example', NOTIFY_SMS: 'on', USER_POOL_ID: 'p', AWS_REGION: 'ap-east-1' });
    expect(both.channels.map((c) => c.name)).toEqual(['email', 'sms']);
    expect(both.directory).toBeInstanceOf(CognitoDirectory);
  });
});
