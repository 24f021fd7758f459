/**
 * One Lambda function per entry point in functions/, bundled with the local
 * esbuild (no Docker): ESM, minified, source maps, the pinned AWS SDK
 * bundled rather than taken from the runtime. Each function gets its own
 * log group and role (but the console, which runs under the API's), so its
 * permissions are exactly what is granted here.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Minified bundle sizes the tests hold each function to (`npm run bench` prints the actual sizes).
 * The API function served the console too (about 65 KB of it) and carries STS for its
 * tenant-confined credentials (18 KB); API and notify carry the webhook destination guard (13 KB).
 * The property office's estate, requests and billing added about 35 KB to the API; its teams,
 * service levels, reports and the request types after repair another 54 KB to the API and
 * 43 KB to settle (whose sweep closes quiet cases by their types' own steps). The community
 * centre's registration, permits, window services, hotline and station management added about
 * 43 KB to the API and 29 KB to settle (its nightly visits, renewals and purges run there);
 * tenant data keys (envelope encryption) about 3 KB to each, the KMS client being the runtime's.
 * The console in words (label tables, case data as tables, reveal, search, public pages, the
 * calendar editor) and problems in the caller's language added about 35 KB to the API and 12 KB
 * to settle. The API operations on cards (the campus counter's work, cash management, the NCMS
 * funds, register and townships), CSV exports and the tenant's own notification wording added
 * about 57 KB to the API and 9 KB to settle. The console's screens then moved to a function of
 * their own, taking about 180 KB (its pages and the kinds') out of the API's bundle; the console's
 * bundle is the API's plus them. Chinese text kept as UTF-8 rather than escaped took 17 KB more off
 * the API and the console, 14 KB off settle. Per-tenant jobs on SQS (the night and the sweeps
 * fanned out) added the SQS client to notify and settle, about 24 KB each.
 */
export const BUNDLE_BUDGET_BYTES = { api: 1_245_000, console: 1_425_000, notify: 860_000, settle: 995_000 } as const;

/** esbuild settings shared by the functions and the cold-start benchmark, so both measure the same bundle. */
export const BUNDLING = {
  format: 'esm',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  // Bundled CommonJS code still calls require() for Node built-ins.
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  // Chinese text as UTF-8 rather than \u escapes, which take twice the bytes (about 17 KB of the API's bundle).
  charset: 'utf8',
  // A linked source map without the sources, to name a stack's files and lines (see NODE_OPTIONS).
  sourceMap: true,
  sourcesContent: false,
} as const;

/**
 * How Node runs each function: part of its cold start, so the benchmark runs its bundles the same way.
 * The functions that serve requests go without --enable-source-maps, with which Node reads and parses
 * the bundle's whole source map at import (about 50 ms of the API's cold start): they map the stacks
 * they log instead (shared/kernel/source-map.ts). The workers, whose cold starts nobody waits on, keep
 * Node's mapping for what they throw.
 */
export const NODE_OPTIONS: Record<keyof typeof BUNDLE_PARTS, string | undefined> = {
  api: undefined,
  console: undefined,
  notify: '--enable-source-maps',
  settle: '--enable-source-maps',
};

/**
 * The plugin parts each function carries (see `Extension` in shared/kit/plugin.ts): the
 * API its routes; the console the routes too (it calls the API in-process) and its screens;
 * the workers neither. None carries demo data.
 */
export const BUNDLE_PARTS = { api: 'api', console: 'console', notify: 'worker', settle: 'worker' } as const;

/**
 * esbuild aliases for every bundle: `zod` resolves to zod's classic API without the
 * namespace re-exports that drag all 40 of its locales in (about 260 KB; see infra/bundling/zod.mjs).
 */
export const BUNDLE_ALIASES = { zod: join(PROJECT_ROOT, 'infra', 'bundling', 'zod.mjs') };

/** Modules left to the Lambda runtime (its bundled AWS SDK) rather than bundled. */
export const BUNDLE_EXTERNALS = ['@aws-sdk/client-kms'] as const;

/** esbuild `define` for a function's bundle. */
export const partsDefine = (entry: keyof typeof BUNDLE_PARTS) => ({ 'process.env.ONESTOP_PARTS': JSON.stringify(BUNDLE_PARTS[entry]) });

export interface PlatformFunctionProps {
  /** File under functions/, without extension. */
  entry: keyof typeof BUNDLE_PARTS;
  /** A role to run under instead of one of its own (the console runs with the API's authority). */
  role?: Role;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
}

export class PlatformFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.role = props.role ?? new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `${props.entry} function` });
    this.role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }));
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, 'functions', `${props.entry}.ts`),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { ...(NODE_OPTIONS[props.entry] && { NODE_OPTIONS: NODE_OPTIONS[props.entry] }), ...props.environment },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLING.target,
        minify: BUNDLING.minify,
        mainFields: [...BUNDLING.mainFields],
        banner: BUNDLING.banner,
        charset: Charset.UTF8,
        define: partsDefine(props.entry),
        esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to])),
        sourceMap: BUNDLING.sourceMap,
        sourcesContent: BUNDLING.sourcesContent,
        // Bundle the SDK version the lock file pins instead of the runtime's — all but KMS, which unwraps a
        // tenant's data key at most once per container: its client (78 KB) comes from the runtime's SDK.
        externalModules: [...BUNDLE_EXTERNALS],
      },
    });
  }
}
