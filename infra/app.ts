/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy [-c stage=prod]`.
 * Synthesis is offline; functions are bundled with the local esbuild.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlatformStack } from './platform-stack.ts';
import { stageConfig } from './stage.ts';

export function buildApp(context: Record<string, unknown> = {}): { app: App; stack: PlatformStack } {
  const app = new App({ context });
  const config = stageConfig((key) => app.node.tryGetContext(key));
  const stack = new PlatformStack(app, `OneStop-${config.stage}`, {
    config,
    description: `One-stop service platform (${config.stage})`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Tags.of(stack).add('project', 'onestop');
  Tags.of(stack).add('stage', config.stage);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
