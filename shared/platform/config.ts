/**
 * Runtime configuration, read once from the environment. Lambda gets these
 * from the CDK stack; the local runner sets them for its embedded store.
 */

import { createHash } from 'node:crypto';
import type { DateWindow } from '../kernel/clock.ts';
import { KeyRing } from '../kernel/keys.ts';
import { type StoreConfig, storeConfigFromEnv } from '../store/client.ts';

export interface AuthConfig {
  /** HS256 secret of the local dev issuer. */
  hs256Secret?: string;
  /** JWKS of the production issuer (Cognito). */
  jwksUrl?: string;
  issuer: string;
  audience?: string;
}

export interface PlatformConfig {
  store: StoreConfig;
  auth: AuthConfig;
  /** Every key the platform uses, one per purpose, derived from the data key and the signing secret. */
  keys: KeyRing;
  /** The KMS key that wraps each tenant's data key (AWS); without it, a key of the ring wraps them. */
  kmsKeyId?: string;
  allowInsecureWebhooks: boolean;
  corsOrigins: string[];
  /** Requests per verified caller (or anonymous source), per tenant unless the tenant has its own quota, and failed authentications per source. */
  rateLimit: { perSecond: number; burst: number };
  tenantRateLimit: { perSecond: number; burst: number };
  authFailureLimit: { perSecond: number; burst: number };
  /** Business dates accepted around today: a year and a month back (a policy year's late claims), a day ahead (zones). */
  dateWindow: DateWindow;
  maxBodyBytes: number;
  /** The console signs in through the Cognito hosted UI when this is set (in AWS); locally it offers the demo users. */
  hostedUi?: { domain: string; clientId: string };
}

export const DEV_ISSUER = 'onestop-local';
export const DEV_AUDIENCE = 'onestop';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  return {
    store: storeConfigFromEnv(env),
    auth: {
      hs256Secret: env.JWT_HS256_SECRET || undefined,
      jwksUrl: env.JWT_JWKS_URL || undefined,
      issuer: env.JWT_ISSUER || DEV_ISSUER,
      audience: env.JWT_AUDIENCE || (env.JWT_JWKS_URL ? undefined : DEV_AUDIENCE),
    },
    keys: KeyRing.fromSecrets(required(env, 'DATA_KEY'), required(env, 'CURSOR_SECRET')),
    ...(env.KMS_KEY_ID ? { kmsKeyId: env.KMS_KEY_ID } : {}),
    allowInsecureWebhooks: env.ALLOW_INSECURE_WEBHOOKS === 'true',
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').filter(Boolean),
    rateLimit: { perSecond: Number(env.RATE_LIMIT_PER_SECOND ?? 20), burst: Number(env.RATE_LIMIT_BURST ?? 60) },
    tenantRateLimit: { perSecond: Number(env.TENANT_RATE_LIMIT_PER_SECOND ?? 200), burst: Number(env.TENANT_RATE_LIMIT_BURST ?? 400) },
    // Ten wrong credentials in a row from one address, then one more every 6 s.
    dateWindow: { pastDays: Number(env.BUSINESS_DATE_PAST_DAYS ?? 400), futureDays: Number(env.BUSINESS_DATE_FUTURE_DAYS ?? 1) },
    authFailureLimit: { perSecond: Number(env.AUTH_FAILURES_PER_SECOND ?? 1 / 6), burst: Number(env.AUTH_FAILURES_BURST ?? 10) },
    maxBodyBytes: Number(env.MAX_BODY_BYTES ?? 64 * 1024),
    ...(env.COGNITO_DOMAIN && env.JWT_AUDIENCE ? { hostedUi: { domain: env.COGNITO_DOMAIN, clientId: env.JWT_AUDIENCE } } : {}),
  };
}

/**
 * In AWS the secrets are not in the environment: SECRET_ARN names a Secrets
 * Manager secret holding one random seed, from which the cursor secret and
 * the data key are derived (so the Lambda configuration never shows them).
 */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<PlatformConfig> {
  if (!env.SECRET_ARN) return configFromEnv(env);
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: env.SECRET_ARN }));
  const seed = (JSON.parse(out.SecretString ?? '{}') as { seed?: string }).seed;
  if (!seed) throw new Error('the platform secret has no seed');
  return configFromEnv({ ...env, ...deriveSecrets(seed) });
}

export function deriveSecrets(seed: string): { CURSOR_SECRET: string; DATA_KEY: string } {
  const derive = (purpose: string) => createHash('sha256').update(`${purpose}\n${seed}`).digest();
  return { CURSOR_SECRET: derive('cursor').toString('base64url'), DATA_KEY: derive('data-key').toString('base64') };
}
