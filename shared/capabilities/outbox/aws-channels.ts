/**
 * AWS adapters: email through SES (v2), SMS through SNS, and the contact
 * directory read from the Cognito user pool. Only the notify function
 * builds them, so the API bundle carries none of these clients.
 */
import { CognitoIdentityProviderClient, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Contact, ContactDirectory, ExternalChannel, OutgoingMessage } from './channels.ts';

export class SesEmailChannel implements ExternalChannel {
  readonly name = 'email';

  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  canReach(contact: Contact): boolean {
    return !!contact.email;
  }

  async send(contact: Contact, message: OutgoingMessage): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [contact.email!] },
        Content: { Simple: { Subject: { Data: message.subject, Charset: 'UTF-8' }, Body: { Text: { Data: message.body, Charset: 'UTF-8' } } } },
        EmailTags: [{ Name: 'outbox-id', Value: message.id }],
      }),
    );
  }
}

export class SnsSmsChannel implements ExternalChannel {
  readonly name = 'sms';

  constructor(
    private readonly client: SNSClient,
    /** Prefix for numbers stored without one (mainland China: +86). */
    private readonly countryCode = '+86',
  ) {}

  canReach(contact: Contact): boolean {
    return !!contact.phone;
  }

  async send(contact: Contact, message: OutgoingMessage): Promise<void> {
    const phone = contact.phone!.startsWith('+') ? contact.phone! : `${this.countryCode}${contact.phone}`;
    await this.client.send(
      new PublishCommand({
        PhoneNumber: phone,
        Message: `${message.subject}\n${message.body}`,
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
  }
}

/** People are users of the pool; their `sub` is the recipient id. Looked up once per container per 5 minutes. */
export class CognitoDirectory implements ContactDirectory {
  private readonly cache = new Map<string, { at: number; contact: Contact | undefined }>();

  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async contactOf(tenantId: string, recipient: string): Promise<Contact | undefined> {
    if (!/^[\w-]{1,128}$/.test(recipient)) return undefined; // teams and roles ("team:…", "role:…") have no contact
    const key = `${tenantId}\n${recipient}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < 300_000) return hit.contact;
    const out = await this.client.send(new ListUsersCommand({ UserPoolId: this.userPoolId, Filter: `sub = "${recipient}"`, Limit: 1 }));
    const attrs = Object.fromEntries((out.Users?.[0]?.Attributes ?? []).map((a) => [a.Name, a.Value]));
    // A user of another tenant is nobody's contact here.
    const contact =
      out.Users?.[0] && attrs['custom:tenant'] === tenantId
        ? {
            ...(attrs.email_verified === 'true' && attrs.email ? { email: attrs.email } : {}),
            ...(attrs.phone_number_verified === 'true' && attrs.phone_number ? { phone: attrs.phone_number } : {}),
          }
        : undefined;
    this.cache.set(key, { at: Date.now(), contact });
    return contact;
  }
}

/** The stage's channels, from the notify function's environment. */
export function awsChannelsFromEnv(env: NodeJS.ProcessEnv): { channels: ExternalChannel[]; directory?: ContactDirectory } {
  const channels: ExternalChannel[] = [];
  if (env.NOTIFY_EMAIL_FROM) channels.push(new SesEmailChannel(new SESv2Client({}), env.NOTIFY_EMAIL_FROM));
  if (env.NOTIFY_SMS === 'on') channels.push(new SnsSmsChannel(new SNSClient({})));
  const directory = env.USER_POOL_ID && channels.length ? new CognitoDirectory(new CognitoIdentityProviderClient({}), env.USER_POOL_ID) : undefined;
  return { channels, directory };
}
