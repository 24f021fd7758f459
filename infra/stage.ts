/**
 * What differs between the dev and prod stages. Chosen with `-c stage=prod`;
 * other settings come from context too (`-c consoleOrigin=…`, `-c alarmEmail=…`).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type StageName = 'dev' | 'prod';

export interface StageConfig {
  stage: StageName;
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /** Where alarms are emailed; alarms always publish to the topic. */
  alarmEmail?: string;
  /** A separately hosted console's origin: the only one CORS allows. Unset, the console is the API's own /console. */
  consoleOrigin?: string;
  /** Time zones with tenants: one nightly settlement schedule each, at 01:00 local time. */
  settlementTimeZones: string[];
  /** Tenants settled at once (the settlement queue's consumer concurrency): what the table's and the ledger's write rates allow. */
  settleConcurrency: number;
  /** Gateway-wide steady rate and burst (requests per second). */
  throttle: { rateLimit: number; burstLimit: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Email notifications through SES: the sender, and the verified SES identity (domain or address) it belongs to. */
  email?: { from: string; identity: string };
  /** SMS notifications through SNS. */
  sms: boolean;
}

export function stageConfig(context: (key: string) => unknown): StageConfig {
  const stage = (context('stage') ?? 'dev') as string;
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`stage must be dev or prod, not ${stage}`);
  const prod = stage === 'prod';
  const zones = context('settlementTimeZones');
  const emailFrom = context('emailFrom') as string | undefined;
  return {
    stage,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    deletionProtection: prod,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    alarmEmail: context('alarmEmail') as string | undefined,
    consoleOrigin: context('consoleOrigin') as string | undefined,
    settlementTimeZones: typeof zones === 'string' ? zones.split(',') : ['Asia/Shanghai'],
    settleConcurrency: Number(context('settleConcurrency') ?? (prod ? 50 : 5)),
    throttle: prod ? { rateLimit: 200, burstLimit: 400 } : { rateLimit: 20, burstLimit: 40 },
    logLevel: prod ? 'info' : 'debug',
    email: emailFrom ? { from: emailFrom, identity: (context('sesIdentity') as string | undefined) ?? emailFrom.split('@')[1]! } : undefined,
    sms: context('sms') === 'on' || context('sms') === true,
  };
}
