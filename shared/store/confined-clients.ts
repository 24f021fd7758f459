/**
 * In AWS, the api function reaches a tenant's records only with credentials
 * DynamoDB itself confines to that tenant's keys: it assumes the tenant data
 * role with a session tag naming the tenant, and the role allows item access
 * only where `dynamodb:LeadingKeys` match `T#${aws:PrincipalTag/tenant}#*`
 * (infra/platform-stack.ts). One client per tenant per container, its
 * credentials cached until a minute before they expire.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

export interface ConfinementConfig {
  roleArn: string;
  region?: string;
  /** How long a tenant's credentials last (the role's minimum, 15 minutes, keeps a leaked set short-lived). */
  durationSeconds?: number;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export function confinedClients(config: ConfinementConfig, sts = new STSClient({ region: config.region })) {
  return (tenantId: string): DynamoDBClient => {
    let cached: Credentials | undefined;
    let pending: Promise<Credentials> | undefined;
    const assume = async (): Promise<Credentials> => {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: config.roleArn,
          RoleSessionName: `tenant-${tenantId}`.slice(0, 64),
          DurationSeconds: config.durationSeconds ?? 900,
          Tags: [{ Key: 'tenant', Value: tenantId }],
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('AssumeRole returned no credentials');
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
    };
    return new DynamoDBClient({
      region: config.region,
      maxAttempts: 3,
      credentials: async () => {
        if (cached && cached.expiration.getTime() - Date.now() > 60_000) return cached;
        // Concurrent requests of one tenant share one AssumeRole call.
        pending ??= assume().finally(() => {
          pending = undefined;
        });
        cached = await pending;
        return cached;
      },
    });
  };
}
