/**
 * The CDK stack, synthesized offline and checked with assertions: the table
 * matches the store's constants, functions and IAM are exactly as intended,
 * every private route has the JWT authorizer, and cdk-nag passes in prod.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp as buildBundledApp } from '../../infra/app.ts';
import { PLATFORM_KEYS, PUBLIC_ROUTES, TABLE_ACTIONS, TENANT_KEYS } from '../../infra/platform-stack.ts';
import { TABLE } from '../../shared/store/schema.ts';

/*
 * These tests read the template, not the code inside the assets: the bundles
 * are built and exercised in bundles.test.ts, and `npm run synth` bundles
 * every function too. An empty bundling-stacks list is CDK's own switch for
 * synthesizing without bundling (what `cdk synth --exclusively` uses).
 */
const buildApp = (context: Record<string, unknown>) => buildBundledApp({ ...context, 'aws:cdk:bundling-stacks': [] });

let dev: Template;
let prod: Template;

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;
const resources = (t: Template, type: string) => Object.entries(t.findResources(type) as Resources);

beforeAll(() => {
  dev = Template.fromStack(buildApp({ stage: 'dev' }).stack);
  prod = Template.fromStack(buildApp({ stage: 'prod', alarmEmail: 'ops@example.com' }).stack);
}, 120_000);

describe('table', () => {
  it('has the keys, indexes and TTL the store code uses', () => {
    const { gsi1, gsi2 } = TABLE.indexes;
    dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [gsi1, gsi2].map((g) => ({
        IndexName: g.name,
        KeySchema: [
          { AttributeName: g.partitionKey, KeyType: 'HASH' },
          { AttributeName: g.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('is retained and deletion-protected in prod only', () => {
    const [[, prodTable]] = resources(prod, 'AWS::DynamoDB::GlobalTable') as [[string, Resources[string]]];
    const [[, devTable]] = resources(dev, 'AWS::DynamoDB::GlobalTable') as [[string, Resources[string]]];
    expect(prodTable.DeletionPolicy).toBe('Retain');
    expect(prodTable.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(devTable.DeletionPolicy).toBe('Delete');
    expect(devTable.Properties.Replicas[0].DeletionProtectionEnabled).toBe(false);
  });
});

describe('functions', () => {
  const expected = { Api: [1024, 10], Console: [1024, 10], Notify: [512, 60], Settle: [1024, 300] } as const;

  it('run nodejs22.x on arm64 with the chosen memory and timeouts and configuration from constructs', () => {
    for (const [name, [memory, timeout]] of Object.entries(expected)) {
      dev.hasResourceProperties('AWS::Lambda::Function', {
        Description: Match.anyValue(),
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: memory,
        Timeout: timeout,
        LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp(`^${name}Logs`) } }),
        Environment: {
          Variables: {
            TABLE_NAME: { Ref: Match.stringLikeRegexp('^Table') },
            SECRET_ARN: { Ref: Match.stringLikeRegexp('^PlatformSecret') },
            KMS_KEY_ID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TenantDataKeys'), 'Arn'] },
            JWT_ISSUER: Match.anyValue(),
            JWT_JWKS_URL: Match.anyValue(),
            JWT_AUDIENCE: { Ref: Match.stringLikeRegexp('^ConsoleClient') },
            LOG_LEVEL: 'debug',
            ...(name === 'Notify' || name === 'Settle' ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
          },
        },
      });
    }
    // The functions serving requests map the stacks they log themselves, not at every cold start.
    const serving = resources(dev, 'AWS::Lambda::Function').filter(([id]) => /^(Api|Console)Function/.test(id));
    expect(serving.map(([, f]) => f.Properties.Environment.Variables.NODE_OPTIONS)).toEqual([undefined, undefined]);
    expect(resources(dev, 'AWS::Lambda::Function').filter(([, r]) => r.Properties.Runtime === 'nodejs22.x')).toHaveLength(4);
  });

  it('have exactly the table actions they need, on the table and its two indexes only', () => {
    for (const [name, actions] of Object.entries(TABLE_ACTIONS).filter(([n]) => n !== 'api')) {
      const role = `${name[0]!.toUpperCase()}${name.slice(1)}Role`;
      const [policy] = resources(dev, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(role)));
      const statements = policy![1].Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
      const dynamo = statements.find((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')))!;
      expect([dynamo.Action].flat().sort()).toEqual([...actions].sort());
      expect(JSON.stringify(dynamo.Resource)).toMatch(/index\/gsi1/);
      expect(JSON.stringify(dynamo.Resource)).toMatch(/index\/gsi2/);
      expect(JSON.stringify(dynamo.Resource)).not.toMatch(/index\/\*/);
      expect([dynamo.Action].flat()).not.toContain('dynamodb:DeleteTable');
      const all = statements.flatMap((s) => [s.Action].flat());
      expect(all.sort()).toEqual(
        [
          ...actions,
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'secretsmanager:GetSecretValue',
          'kms:Decrypt',
          // Both read the table's stream (notify: new outbox rows; settle: runs queued through the API) and send
          // failed stream batches to a dead-letter queue; both consume their work queue and send to it.
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:SendMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:GetQueueUrl',
          'sqs:SendMessage',
        ].sort(),
      );
    }
  });

  it('let the api reach platform records with its own role, and a tenant’s only as that tenant (dynamodb:LeadingKeys on a session tag)', () => {
    const policyOf = (rolePrefix: string) =>
      resources(dev, 'AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(rolePrefix)))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown; Condition?: any; Effect: string }>);
    const api = policyOf('ApiRole');
    const dynamo = api.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    // Every item action of the api's own role is conditioned on the platform's keys; none is on a tenant's.
    expect(dynamo.length).toBe(2);
    for (const s of dynamo) expect(s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toBeDefined();
    expect(dynamo.map((s) => s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys'])).toEqual([
      [...PLATFORM_KEYS.registry],
      [PLATFORM_KEYS.tenantRecord],
    ]);
    expect(dynamo[1]!.Condition['ForAllValues:StringNotLike']['dynamodb:LeadingKeys']).toEqual([PLATFORM_KEYS.notBelowTenant]);
    expect([dynamo[1]!.Action].flat().sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    const assume = api.find((s) => [s.Action].flat().includes('sts:AssumeRole'))!;
    expect(JSON.stringify(assume.Resource)).toMatch(/TenantDataRole/);
    // The tenant data role: trusted by the api's role alone, only with a tenant tag, and then only on that tenant's keys.
    const [, role] = resources(dev, 'AWS::IAM::Role').find(([id]) => id.startsWith('TenantDataRole'))!;
    const trust = role.Properties.AssumeRolePolicyDocument.Statement as Array<{ Action: string; Principal: any; Condition?: any }>;
    expect(trust.map((s) => s.Action).sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    for (const s of trust) expect(JSON.stringify(s.Principal)).toMatch(/ApiRole/);
    expect(trust.find((s) => s.Action === 'sts:TagSession')!.Condition).toEqual({ StringLike: { 'aws:RequestTag/tenant': '?*' } });
    const tenantStatements = policyOf('TenantDataRole');
    expect(tenantStatements).toHaveLength(1);
    expect([tenantStatements[0]!.Action].flat().sort()).toEqual([...TABLE_ACTIONS.api].sort());
    expect(tenantStatements[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [TENANT_KEYS] } });
    expect(JSON.stringify(tenantStatements[0]!.Resource)).toMatch(/index\/gsi1/);
    const [, fn] = resources(dev, 'AWS::Lambda::Function').find(([id]) => id.startsWith('Api'))!;
    expect(JSON.stringify(fn.Properties.Environment.Variables.TENANT_ROLE_ARN)).toMatch(/TenantDataRole/);
  });

  it('run the console under the api’s role: the same authority, no second principal the tenant data role trusts', () => {
    const fn = (prefix: string) => resources(dev, 'AWS::Lambda::Function').find(([id]) => id.startsWith(prefix))![1].Properties;
    const [api, console] = [fn('Api'), fn('Console')];
    expect(console.Role).toEqual(api.Role);
    expect(JSON.stringify(api.Role)).toMatch(/ApiRole/);
    expect(resources(dev, 'AWS::IAM::Role').filter(([id]) => id.startsWith('Console'))).toEqual([]);
    expect(JSON.stringify(console.Environment.Variables.TENANT_ROLE_ARN)).toMatch(/TenantDataRole/);
    // Only the console signs in through the hosted UI.
    expect(console.Environment.Variables.COGNITO_DOMAIN).toBeDefined();
    expect(api.Environment.Variables.COGNITO_DOMAIN).toBeUndefined();
    // The shared role may write to both functions' log groups.
    const logs = resources(dev, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith('ApiRole')))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
      .filter((s) => [s.Action].flat().includes('logs:PutLogEvents'));
    expect(logs.map((s) => JSON.stringify(s.Resource)).sort()).toEqual([expect.stringMatching(/ApiLogs/), expect.stringMatching(/ConsoleLogs/)]);
  });

  it('grant no wildcard action anywhere, and no role any managed policy', () => {
    for (const [, policy] of resources(dev, 'AWS::IAM::Policy')) {
      for (const s of policy.Properties.PolicyDocument.Statement) for (const a of [s.Action].flat()) expect(a).not.toMatch(/\*/);
    }
    for (const [, role] of resources(dev, 'AWS::IAM::Role')) expect(role.Properties.ManagedPolicyArns ?? []).toEqual([]);
  });
});

describe('API', () => {
  it('puts the JWT authorizer on every private route and none on the public ones', () => {
    const publicKeys = PUBLIC_ROUTES.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`));
    const routes = resources(dev, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    expect(routes.length).toBeGreaterThan(publicKeys.length);
    for (const r of routes) {
      if (publicKeys.includes(r.RouteKey)) expect([r.RouteKey, r.AuthorizationType]).toEqual([r.RouteKey, 'NONE']);
      else expect([r.RouteKey, r.AuthorizationType, r.AuthorizerId]).toEqual([r.RouteKey, 'JWT', { Ref: expect.stringMatching(/^HttpApiCognito/) }]);
    }
    expect(routes.map((r) => r.RouteKey)).toEqual(expect.arrayContaining(['GET /v1/{proxy+}', 'POST /v1/{proxy+}', 'GET /health', 'POST /m/v1/{proxy+}']));
  });

  it('sends `/` and /console to the console function and everything else to the api function', () => {
    const fnOf = Object.fromEntries(
      resources(dev, 'AWS::ApiGatewayV2::Integration').map(([id, i]) => [id, JSON.stringify(i.Properties.IntegrationUri).match(/"(Api|Console)Function/)?.[1]]),
    );
    const routes = resources(dev, 'AWS::ApiGatewayV2::Route').map(([, r]) => ({
      key: r.Properties.RouteKey as string,
      fn: fnOf[r.Properties.Target['Fn::Join'][1][1].Ref],
    }));
    const consoleKeys = PUBLIC_ROUTES.filter((r) => r.fn === 'console').flatMap((r) => r.methods.map((m) => `${m} ${r.path}`));
    expect(consoleKeys.sort()).toEqual(['GET /', 'GET /console', 'GET /console/{proxy+}', 'POST /console/{proxy+}']);
    for (const { key, fn } of routes) expect([key, fn]).toEqual([key, consoleKeys.includes(key) ? 'Console' : 'Api']);
  });

  it('checks Cognito tokens issued to the console client, whose users cannot change their tenant or roles', () => {
    dev.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: Match.stringLikeRegexp('^ConsoleClient') }], Issuer: Match.anyValue() },
    });
    const [[, client]] = resources(dev, 'AWS::Cognito::UserPoolClient') as [[string, Resources[string]]];
    expect(client.Properties.WriteAttributes).toEqual(['name']);
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:tenant', 'custom:roles', 'custom:scopes']));
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    dev.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'tenant' }), Match.objectLike({ Name: 'roles' })]),
    });
  });

  it('throttles by default and writes access logs', () => {
    dev.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('requestId') },
    });
    prod.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 } });
  });

  it('opens CORS only to a separately hosted console, and then only to its origin', () => {
    expect(resources(dev, 'AWS::ApiGatewayV2::Api')[0]![1].Properties.CorsConfiguration).toBeUndefined();
    const hosted = Template.fromStack(buildApp({ stage: 'dev', consoleOrigin: 'https://console.example.org' }).stack);
    hosted.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://console.example.org'], AllowCredentials: true }),
    });
  }, 60_000);
});

describe('notify and settlement', () => {
  it('invokes notify only for new outbox items (not retries, which wait for the sweep), with bisect, retries, partial failures and a DLQ', () => {
    dev.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^NotifyFunction') },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'StreamArn'] },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['outbox'] }, attempts: { N: ['0'] } } } }) }],
      },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NotifyStreamDlq'), 'Arn'] } } },
    });
  });

  it('settles nightly at 01:00 Shanghai time with the scheduled time in the payload, retries and a DLQ', () => {
    dev.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 1 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: {
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SettleFunction'), 'Arn'] },
        Input: JSON.stringify({ timeZone: 'Asia/Shanghai', scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleDlq'), 'Arn'] } },
        RoleArn: Match.anyValue(),
      },
    });
    dev.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)', Target: Match.objectLike({ Input: '{"sweep":true}' }) });
  });

  it('adds one settlement schedule per tenant time zone', () => {
    const two = Template.fromStack(buildApp({ stage: 'dev', settlementTimeZones: 'Asia/Shanghai,Asia/Urumqi' }).stack);
    const zones = resources(two, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties.ScheduleExpressionTimezone);
    // The two settlements, and the two five-minute sweeps (outbox retries, service levels) in UTC.
    expect(zones.sort()).toEqual(['Asia/Shanghai', 'Asia/Urumqi', 'Etc/UTC', 'Etc/UTC']);
    const sweep = resources(two, 'AWS::Scheduler::Schedule').find(([id]) => id.startsWith('ServiceLevelSweep'))!;
    expect(JSON.parse(sweep[1].Properties.Target.Input)).toEqual({ sla: true });
    expect(sweep[1].Properties.ScheduleExpression).toBe('rate(5 minutes)');
  }, 60_000);
});

describe('per-tenant work', () => {
  const queueNamed = (t: Template, name: string) => resources(t, 'AWS::SQS::Queue').find(([id]) => new RegExp(`^${name}[0-9A-F]{8}$`).test(id))!;
  const mappingOf = (t: Template, queuePrefix: string) =>
    resources(t, 'AWS::Lambda::EventSourceMapping').find(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes(queuePrefix))![1].Properties;

  it('settles each tenant as its own job from a queue: one at a time per invocation, capped, retried three times, then parked', () => {
    const [id, q] = queueNamed(dev, 'SettlementQueue');
    expect(q.Properties).toMatchObject({
      VisibilityTimeout: 6 * 300,
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^SettlementQueueDlq/), 'Arn'] } },
    });
    expect(mappingOf(dev, id)).toMatchObject({
      FunctionName: { Ref: expect.stringMatching(/^SettleFunction/) },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 5 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(mappingOf(prod, queueNamed(prod, 'SettlementQueue')[0]).ScalingConfig).toEqual({ MaximumConcurrency: 50 });
    // The settle function hands out the night's jobs to this queue and knows how many attempts a job has.
    const settleEnv = resources(dev, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Description === 'Nightly settlement')![1].Properties.Environment
      .Variables;
    expect(settleEnv).toMatchObject({ WORK_QUEUE_URL: { Ref: id }, WORK_MAX_ATTEMPTS: '3' });
    const sends = resources(dev, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('sqs:SendMessage'))
      .flatMap(([, p]) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref.replace(/[0-9A-F]{8}$/, '')));
    expect(sends).toEqual(expect.arrayContaining(['NotifyRole', 'SettleRole']));
    expect(sends).not.toContain('ApiRole');
  });

  it('sweeps outbox retries as one job per tenant on a queue of their own, consumed by the notify function', () => {
    const [id, q] = queueNamed(dev, 'NotifySweepQueue');
    expect(q.Properties).toMatchObject({ VisibilityTimeout: 6 * 60, RedrivePolicy: { maxReceiveCount: 3 } });
    expect(mappingOf(dev, id)).toMatchObject({ FunctionName: { Ref: expect.stringMatching(/^NotifyFunction/) }, BatchSize: 1 });
  });

  it('hands a run queued through the API to the settle function from the table stream, with the schedule’s retries and dead letters', () => {
    dev.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^SettleFunction') },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Table'), 'StreamArn'] },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT', 'MODIFY'],
              dynamodb: { NewImage: { entity: { S: ['settlement-run'] }, status: { S: ['queued'] } } },
            }),
          },
        ],
      },
      MaximumRetryAttempts: 3,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScheduleDlq'), 'Arn'] } } },
    });
  });
});

describe('external notification channels', () => {
  it('are off unless configured, and then granted exactly what they need', () => {
    const notifyEnv = (t: Template) =>
      resources(t, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Description === 'Outbox delivery')![1].Properties.Environment.Variables;
    expect(notifyEnv(dev).NOTIFY_EMAIL_FROM).toBeUndefined();
    expect(notifyEnv(dev).NOTIFY_SMS).toBeUndefined();

    const { app, stack } = buildApp({ stage: 'prod', emailFrom: 'desk@sunny.example', sms: 'on' });
    expect(() => app.synth()).not.toThrow(); // cdk-nag included
    const t = Template.fromStack(stack);
    expect(notifyEnv(t)).toMatchObject({ NOTIFY_EMAIL_FROM: 'desk@sunny.example', NOTIFY_SMS: 'on', USER_POOL_ID: { Ref: expect.stringMatching(/^Users/) } });
    // New mailbox messages reach notify too, to be sent on; without a channel they never invoke it.
    const filters = (x: Template) =>
      resources(x, 'AWS::Lambda::EventSourceMapping')
        .filter(([, m]) => JSON.stringify(m.Properties.FunctionName).includes('NotifyFunction'))
        .flatMap(([, m]) => (m.Properties.FilterCriteria?.Filters ?? []).map((f: { Pattern: string }) => JSON.parse(f.Pattern)));
    expect(filters(t)).toContainEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['mail'] } } } });
    expect(filters(dev).map((f) => f.dynamodb.NewImage.entity.S)).toEqual([['outbox']]);
    const [[, policy]] = resources(t, 'AWS::IAM::Policy').filter(([, p]) =>
      p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith('NotifyRole')),
    ) as [[string, Resources[string]]];
    const statements = policy.Properties.PolicyDocument.Statement as Array<{ Action: string; Resource: unknown }>;
    const byAction = (a: string) => statements.find((s) => [s.Action].flat().includes(a));
    expect(JSON.stringify(byAction('ses:SendEmail')!.Resource)).toContain(':identity/sunny.example');
    expect(byAction('sns:Publish')!.Resource).toBe('*');
    expect(byAction('cognito-idp:ListUsers')!.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Users/), 'Arn'] });
    // The other functions gain nothing from it.
    for (const role of ['ApiRole', 'SettleRole']) {
      const [[, p]] = resources(t, 'AWS::IAM::Policy').filter(([, x]) => x.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(role))) as [
        [string, Resources[string]],
      ];
      expect(JSON.stringify(p.Properties.PolicyDocument)).not.toMatch(/ses:|sns:|cognito-idp:/);
    }
  }, 60_000);
});

describe('alarms and stages', () => {
  it('alarm on errors, throttles, DLQ depth, settlement failure and the API 5xx rate, to one topic', () => {
    const alarms = resources(dev, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms).toHaveLength(4 * 2 + 4 + 1);
    const descriptions = alarms.map((a) => a.AlarmDescription as string);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Settlement run failed/),
        expect.stringMatching(/notify stream DLQ/),
        expect.stringMatching(/schedule DLQ/),
        expect.stringMatching(/settlement job DLQ/),
        expect.stringMatching(/notify sweep job DLQ/),
        expect.stringMatching(/5xx/),
        expect.stringMatching(/api function throttled/),
      ]),
    );
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
    expect(resources(dev, 'AWS::SNS::Subscription')).toHaveLength(0);
    prod.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('keep logs two weeks in dev and a year in prod', () => {
    for (const [, g] of resources(dev, 'AWS::Logs::LogGroup')) expect(g.Properties.RetentionInDays).toBe(14);
    for (const [, g] of resources(prod, 'AWS::Logs::LogGroup')) expect(g.Properties.RetentionInDays).toBe(365);
  });

  it('passes cdk-nag (AwsSolutions) in prod with no unacknowledged finding', () => {
    const { app } = buildApp({ stage: 'prod', alarmEmail: 'ops@example.com' });
    expect(() => app.synth()).not.toThrow();
  }, 60_000);

  it('would fail synthesis on a finding nobody acknowledged', async () => {
    const { app, stack } = buildApp({ stage: 'dev' });
    const { Queue } = await import('aws-cdk-lib/aws-sqs');
    new Queue(stack, 'UnreviewedQueue');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
  }, 60_000);
});
