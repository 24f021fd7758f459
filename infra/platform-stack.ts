/**
 * The whole platform in one stack: the table, the four functions, the HTTP
 * API with its Cognito user pool, the notify stream, the schedules, the
 * queues that catch what fails, and the alarms that say so.
 */
import { type CfnElement, CfnOutput, Duration, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpNoneAuthorizer, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccountRecovery, ClientAttributes, FeaturePlan, Mfa, OAuthScope, StringAttribute, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Billing, StreamViewType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE } from '../shared/store/schema.ts';
import { PlatformAlarms } from './alarms.ts';
import { PlatformFunction } from './functions.ts';
import { accept } from './nag.ts';
import type { StageConfig } from './stage.ts';

const SETTLE_TIMEOUT = Duration.minutes(5);
const NOTIFY_TIMEOUT = Duration.seconds(60);
/** A tenant's job is tried this often before it is parked on its dead-letter queue (and alarms). */
const WORK_MAX_ATTEMPTS = 3;

/** The item actions each function needs; TransactWriteItems is authorised per item action. */
/**
 * Item actions per function. The api function's own role has them only on
 * platform records (see PLATFORM_KEYS); a tenant's requests use the tenant
 * data role, which has them only on that tenant's keys.
 */
export const TABLE_ACTIONS = {
  // BatchGetItem: a page's cases (a team's tasks, a requester's cases) in one read.
  api: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
  notify: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  // UpdateItem: the service-level sweep marks the notices it gave on each case, a run renews its hold and counts into
  // the night's summary. BatchGetItem: the sweep reads a batch of children at once.
  settle: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
} as const;

/**
 * What the api function reaches with its own role, before a request is known
 * to be a tenant's: the tenant registry (`T#_platform#…`, and each tenant's
 * own record `T#<tenant>`, which has no `#` after the id) and API keys
 * (`T#<tenant>#APIKEYS`), to check credentials.
 */
export const PLATFORM_KEYS = { registry: ['T#_platform#*', 'T#*#APIKEYS'], tenantRecord: 'T#*', notBelowTenant: 'T#*#*' } as const;
/** The tenant data role lets a session reach only the keys of the tenant its session tag names. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM from the session tag
export const TENANT_KEYS = 'T#${aws:PrincipalTag/tenant}#*';

/** Routes the gateway serves without a token: health, docs, public service boards, and the API-key door. */
export const PUBLIC_ROUTES: Array<{ path: string; methods: HttpMethod[]; fn?: 'console' }> = [
  { path: '/health', methods: [HttpMethod.GET] },
  { path: '/docs', methods: [HttpMethod.GET] },
  { path: '/openapi.json', methods: [HttpMethod.GET] },
  { path: '/v1/public/{proxy+}', methods: [HttpMethod.GET] },
  // Machine consumers: the function admits these only with an API key (shared/http/machine-door.ts).
  { path: '/m/v1/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE] },
  // The console, a function of its own: browsers carry a session cookie, not a bearer header; the function
  // checks the session and calls the API in-process with its token, verified there like any other.
  { path: '/', methods: [HttpMethod.GET], fn: 'console' },
  { path: '/console', methods: [HttpMethod.GET], fn: 'console' },
  { path: '/console/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST], fn: 'console' },
];
export const PRIVATE_ROUTES: Array<{ path: string; methods: HttpMethod[] }> = [
  { path: '/v1/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE] },
];

export interface PlatformStackProps extends StackProps {
  config: StageConfig;
}

export class PlatformStack extends Stack {
  readonly table: TableV2;
  readonly functions: Record<'api' | 'console' | 'notify' | 'settle', PlatformFunction>;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { gsi1, gsi2 } = TABLE.indexes;

    // ------------------------------------------------------------- data
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: [gsi1, gsi2].map((g) => ({
        indexName: g.name,
        partitionKey: { name: g.partitionKey, type: AttributeType.STRING },
        sortKey: { name: g.sortKey, type: AttributeType.STRING },
      })),
      billing: Billing.onDemand(),
      timeToLiveAttribute: TABLE.ttlAttribute,
      // The notify function reads the new image of each outbox insert.
      dynamoStream: StreamViewType.NEW_IMAGE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
      encryption: TableEncryptionV2.awsManagedKey(),
    });
    const tableResources = [this.table.tableArn, ...[gsi1, gsi2].map((g) => `${this.table.tableArn}/index/${g.name}`)];

    // One random seed; the functions derive the cursor secret and the data key from it (shared/config.ts).
    const secret = new Secret(this, 'PlatformSecret', {
      description: 'Seed for cursor signing and personal-data sealing keys',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'seed', passwordLength: 64, excludePunctuation: true },
      removalPolicy: config.removalPolicy,
    });
    accept(
      secret,
      'SMG4',
      'The seed derives the personal-data sealing key; rotating it would make sealed data unreadable, so it changes only with a planned re-encryption.',
    );

    // Envelope encryption: each tenant's data key is made by this key (GenerateDataKey, when the tenant is
    // created) and unwrapped by it once per container (Decrypt), always with the tenant as encryption context.
    const tenantKeys = new Key(this, 'TenantDataKeys', {
      description: 'Wraps each tenant’s personal-data key',
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });

    // ------------------------------------------------------------- identity
    const userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      customAttributes: {
        tenant: new StringAttribute({ minLen: 3, maxLen: 40, mutable: true }),
        roles: new StringAttribute({ minLen: 1, maxLen: 256, mutable: true }),
        scopes: new StringAttribute({ minLen: 2, maxLen: 2048, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    accept(
      userPool,
      'COG8',
      'Threat protection needs the Plus plan (paid per active user); staff accounts already require TOTP MFA and a strong password policy.',
    );
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    const api = new HttpApi(this, 'HttpApi', {
      description: 'One-stop service platform',
      createDefaultStage: false,
      // The console is served by this API (same origin); CORS opens only to a separately hosted console.
      ...(config.consoleOrigin
        ? {
            corsPreflight: {
              allowOrigins: [config.consoleOrigin],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match', 'x-api-key'],
              exposeHeaders: ['etag', 'location', 'x-request-id'],
              allowCredentials: true,
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    const consoleOrigin = config.consoleOrigin ?? api.apiEndpoint;
    const domain = userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: `onestop-${config.stage}-${this.account}` } });
    const consoleClient = new UserPoolClient(this, 'ConsoleClient', {
      userPool,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${consoleOrigin}/console/auth/callback`],
        logoutUrls: [`${consoleOrigin}/console`],
      },
      // Users may read their tenant and roles but never write them: only admins set those.
      readAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }).withCustomAttributes('tenant', 'roles', 'scopes'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
      preventUserExistenceErrors: true,
    });
    const issuer = `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`;

    // ------------------------------------------------------------- functions
    const common = {
      TABLE_NAME: this.table.tableName,
      SECRET_ARN: secret.secretArn,
      KMS_KEY_ID: tenantKeys.keyArn,
      JWT_ISSUER: issuer,
      JWT_JWKS_URL: `${issuer}/.well-known/jwks.json`,
      JWT_AUDIENCE: consoleClient.userPoolClientId,
      LOG_LEVEL: config.logLevel,
    };
    const fnDefaults = { logRetention: config.logRetention, removalPolicy: config.removalPolicy };
    // 1 GB: Lambda CPU grows with memory, and a 1 MB bundle imports twice as fast with it as at 512 MB;
    // 10 s covers a request's few DynamoDB calls with room for retries, well under the gateway's 30 s.
    const apiFn = new PlatformFunction(this, 'Api', {
      ...fnDefaults,
      entry: 'api',
      description: 'HTTP API',
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: common,
    });
    this.functions = {
      api: apiFn,
      // The console's screens, apart so the API's bundle (and its cold start) carries none of them. Its pages
      // call the API in-process, so it holds the API's authority: it runs under the API's role.
      console: new PlatformFunction(this, 'Console', {
        ...fnDefaults,
        entry: 'console',
        description: 'Console',
        memorySize: 1024,
        timeout: Duration.seconds(10),
        environment: { ...common, COGNITO_DOMAIN: domain.baseUrl() },
        role: apiFn.role,
      }),
      // A batch of 10 items, each at most one 5 s webhook call, fits in 60 s.
      notify: new PlatformFunction(this, 'Notify', {
        ...fnDefaults,
        entry: 'notify',
        description: 'Outbox delivery',
        memorySize: 512,
        timeout: NOTIFY_TIMEOUT,
        environment: {
          ...common,
          USER_POOL_ID: userPool.userPoolId,
          ...(config.email ? { NOTIFY_EMAIL_FROM: config.email.from } : {}),
          ...(config.sms ? { NOTIFY_SMS: 'on' } : {}),
        },
      }),
      // One invocation settles one tenant's date; 5 minutes leaves headroom for thousands of transfers.
      settle: new PlatformFunction(this, 'Settle', {
        ...fnDefaults,
        entry: 'settle',
        description: 'Nightly settlement',
        memorySize: 1024,
        timeout: SETTLE_TIMEOUT,
        environment: common,
      }),
    };
    for (const [name, f] of Object.entries(this.functions)) {
      accept(
        f.fn,
        'L1',
        'nodejs22.x is the runtime this code and its pinned AWS SDK are built and tested for; moving to a newer runtime is a deliberate upgrade.',
      );
      // The console's role is the api's, granted below.
      if (name === 'console') continue;
      if (name !== 'api')
        f.role.addToPolicy(new PolicyStatement({ actions: [...TABLE_ACTIONS[name as keyof typeof TABLE_ACTIONS]], resources: tableResources }));
      f.role.addToPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
      // Only the api creates tenants (and their keys); every function unwraps them. Never without a tenant as context.
      f.role.addToPolicy(
        new PolicyStatement({
          actions: name === 'api' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
          resources: [tenantKeys.keyArn],
          conditions: { Null: { 'kms:EncryptionContext:tenant': 'false' } },
        }),
      );
    }

    // The SaaS isolation pattern: the api function reads the platform's records with its own role, and
    // reaches a tenant's only by assuming the tenant data role tagged with that tenant (shared/store/confined-clients.ts).
    apiFn.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
        resources: tableResources,
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...PLATFORM_KEYS.registry] } },
      }),
    );
    apiFn.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PLATFORM_KEYS.tenantRecord] },
          'ForAllValues:StringNotLike': { 'dynamodb:LeadingKeys': [PLATFORM_KEYS.notBelowTenant] },
        },
      }),
    );
    const tenantData = new Role(this, 'TenantDataRole', {
      description: 'One tenant’s records, for the api function on that tenant’s behalf (session tag `tenant`)',
      assumedBy: apiFn.role,
      maxSessionDuration: Duration.hours(1),
    });
    tenantData.assumeRolePolicy?.addStatements(
      new PolicyStatement({
        actions: ['sts:TagSession'],
        principals: [apiFn.role],
        conditions: { StringLike: { 'aws:RequestTag/tenant': '?*' } },
      }),
    );
    tenantData.addToPolicy(
      new PolicyStatement({
        actions: [...TABLE_ACTIONS.api],
        resources: tableResources,
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [TENANT_KEYS] } },
      }),
    );
    apiFn.role.addToPolicy(new PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [tenantData.roleArn] }));
    for (const f of [apiFn, this.functions.console]) f.fn.addEnvironment('TENANT_ROLE_ARN', tenantData.roleArn);

    // External notification channels, per stage: email through SES, SMS through SNS, contacts from the user pool.
    const notifyRole = this.functions.notify.role;
    if (config.email || config.sms) {
      notifyRole.addToPolicy(new PolicyStatement({ actions: ['cognito-idp:ListUsers'], resources: [userPool.userPoolArn] }));
    }
    if (config.email) {
      notifyRole.addToPolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: config.email.identity })],
        }),
      );
    }
    if (config.sms) {
      notifyRole.addToPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
      accept(
        notifyRole,
        'IAM5[Resource::*]',
        'SNS SMS is published to a phone number, which has no ARN: sns:Publish to "*" is the only form AWS accepts for it.',
      );
    }

    // ------------------------------------------------------------- API
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: api,
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.jsonWithStandardFields() },
    });
    const integration = new HttpLambdaIntegration('Lambda', apiFn.fn);
    const consoleIntegration = new HttpLambdaIntegration('Console', this.functions.console.fn);
    const jwt = new HttpJwtAuthorizer('Cognito', issuer, { jwtAudience: [consoleClient.userPoolClientId] });
    for (const r of PRIVATE_ROUTES) api.addRoutes({ path: r.path, methods: r.methods, integration, authorizer: jwt });
    for (const r of PUBLIC_ROUTES) {
      const to = r.fn === 'console' ? consoleIntegration : integration;
      for (const open of api.addRoutes({ path: r.path, methods: r.methods, integration: to, authorizer: new HttpNoneAuthorizer() })) {
        accept(
          open,
          'APIG4',
          `${r.path} is public by design: health, docs, the OpenAPI document and public boards carry no tenant data; /m/v1 is authenticated by API key and /console by its session in the function.`,
        );
      }
    }

    // ------------------------------------------------------------- notify: stream + retry sweep
    const queue = (id: string) => {
      const q = new Queue(this, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
      accept(q, 'SQS3', 'This queue is itself a dead-letter queue; what lands here raises an alarm.');
      return q;
    };
    const streamDlq = queue('NotifyStreamDlq');
    this.functions.notify.fn.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(streamDlq),
        // New outbox items (a retry, queued with attempts above zero, waits for the sweep below), and new
        // mailbox messages where a channel takes them beyond the mailbox: the stream delivers each insert once.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('outbox') }, attempts: { N: FilterRule.isEqual('0') } } },
          }),
          ...(config.email || config.sms
            ? [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('mail') } } } })]
            : []),
        ],
      }),
    );
    const scheduleDlq = queue('ScheduleDlq');

    // ------------------------------------------------------------- per-tenant work: one queued job per tenant
    // The schedules hand out one job per tenant instead of walking the tenants in one invocation. SQS
    // rather than a Step Functions map: each job is independent (no step needs another tenant's result),
    // SQS retries and parks each one alone, the event source caps how many run at once, and a night of
    // thousands of tenants costs a few hundred SendMessageBatch calls instead of a state transition per
    // tenant; what a map would add (a run-wide view) is the night's summary record the jobs count into.
    const workQueue = (id: string, consumer: PlatformFunction, timeout: Duration, maxConcurrency: number) => {
      const dlq = queue(`${id}Dlq`);
      const q = new Queue(this, id, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // AWS advises six times the consumer's timeout, so a job is never visible again while it runs.
        visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: dlq, maxReceiveCount: WORK_MAX_ATTEMPTS },
      });
      consumer.fn.addEventSource(new SqsEventSource(q, { batchSize: 1, maxConcurrency, reportBatchItemFailures: true }));
      q.grantSendMessages(consumer.fn);
      consumer.fn.addEnvironment('WORK_QUEUE_URL', q.queueUrl);
      consumer.fn.addEnvironment('WORK_MAX_ATTEMPTS', String(WORK_MAX_ATTEMPTS));
      return { queue: q, dlq };
    };
    const settlementWork = workQueue('SettlementQueue', this.functions.settle, SETTLE_TIMEOUT, config.settleConcurrency);
    const notifyWork = workQueue('NotifySweepQueue', this.functions.notify, NOTIFY_TIMEOUT, 10);
    // A run an operator asks for through the API is recorded as queued; the stream hands it to the settlement
    // queue, so it runs like a scheduled one (same retries, same dead letters) and the API never waits for it.
    this.functions.settle.fn.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(scheduleDlq),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('settlement-run') }, status: { S: FilterRule.isEqual('queued') } } },
          }),
        ],
      }),
    );
    // The scheduler's role may invoke exactly one function (its versions included, which is the `:*`).
    const schedulerRole = (id: string, target: PlatformFunction) => {
      const role = new Role(this, id, { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
      const logicalId = this.getLogicalId(target.fn.node.defaultChild as CfnElement);
      accept(
        role,
        `IAM5[Resource::<${logicalId}.Arn>:*]`,
        'Invoking a function by version or alias needs the `:*` qualifier; the role can invoke this one function only.',
      );
      return role;
    };
    new Schedule(this, 'OutboxRetrySweep', {
      description: 'Delivers outbox items whose retry time has come',
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new LambdaInvoke(this.functions.notify.fn, {
        role: schedulerRole('SweepSchedulerRole', this.functions.notify),
        input: ScheduleTargetInput.fromObject({ sweep: true }),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(5),
        deadLetterQueue: scheduleDlq,
      }),
    });

    // ------------------------------------------------------------- nightly settlement, one schedule per time zone
    const settleRole = schedulerRole('SettlementSchedulerRole', this.functions.settle);
    for (const zone of config.settlementTimeZones) {
      new Schedule(this, `NightlySettlement${zone.replace(/[^A-Za-z0-9]/g, '')}`, {
        description: `Settles the previous business day of tenants in ${zone}`,
        schedule: ScheduleExpression.cron({ minute: '0', hour: '1', timeZone: TimeZone.of(zone) }),
        target: new LambdaInvoke(this.functions.settle.fn, {
          role: settleRole,
          // The scheduled time fixes the business date: a retry or a rerun settles the same day.
          input: ScheduleTargetInput.fromObject({ timeZone: zone, scheduledTime: ContextAttribute.scheduledTime }),
          retryAttempts: 3,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: scheduleDlq,
        }),
      });
    }

    // Service levels: every five minutes, each tenant's open cases get the warnings and escalations they are owed.
    new Schedule(this, 'ServiceLevelSweep', {
      description: 'Warns and escalates cases nearing or past their service-level times',
      schedule: ScheduleExpression.rate(Duration.minutes(5)),
      target: new LambdaInvoke(this.functions.settle.fn, {
        role: settleRole,
        input: ScheduleTargetInput.fromObject({ sla: true }),
        retryAttempts: 0,
        maxEventAge: Duration.minutes(5),
        deadLetterQueue: scheduleDlq,
      }),
    });

    // ------------------------------------------------------------- alarms
    new PlatformAlarms(this, 'Alarms', {
      functions: this.functions,
      queues: {
        'notify stream DLQ': streamDlq,
        'schedule DLQ': scheduleDlq,
        'settlement job DLQ': settlementWork.dlq,
        'notify sweep job DLQ': notifyWork.dlq,
      },
      api,
      stage,
      alarmEmail: config.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'ConsoleUrl', { value: `${consoleOrigin}/console` });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: consoleClient.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: domain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
