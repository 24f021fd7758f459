/**
 * cdk-nag (AwsSolutions pack) checks every synthesis and fails it on any
 * finding not acknowledged here. Each acknowledgment is made on the one
 * resource it concerns, with the reason it is accepted.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function accept(construct: IConstruct, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}
