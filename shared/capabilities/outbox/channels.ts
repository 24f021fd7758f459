/**
 * External notification channels. Every message is copied to the in-app
 * mailbox; where a stage configures external channels, the dispatcher also
 * sends it to the recipient's email or phone, found in the contact
 * directory. Providers (SES, SNS, …) are adapters behind `ExternalChannel`.
 */
export interface Contact {
  email?: string;
  phone?: string;
}

export interface ContactDirectory {
  /** Contact points of a person (by subject id); undefined for teams, roles and unknown people. */
  contactOf(tenantId: string, recipient: string): Promise<Contact | undefined>;
}

export interface OutgoingMessage {
  subject: string;
  body: string;
  /** The outbox id: providers that deduplicate use it; logs carry it either way. */
  id: string;
}

export interface ExternalChannel {
  readonly name: 'email' | 'sms';
  canReach(contact: Contact): boolean;
  send(contact: Contact, message: OutgoingMessage): Promise<void>;
}

/**
 * The first configured channel that can reach the contact: stages list them
 * in order of preference (e.g. email before SMS).
 */
export function chooseChannel(channels: readonly ExternalChannel[], contact: Contact | undefined): ExternalChannel | undefined {
  if (!contact) return undefined;
  return channels.find((c) => c.canReach(contact));
}
