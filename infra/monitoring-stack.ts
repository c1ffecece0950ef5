// Operations: the alarms, their SNS topic and the dashboard, watching the compute stack. A stack of its own because the
// compute stack is close to CloudFormation's 500 resources per stack; it deploys after it and may be redeployed alone.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Monitoring } from './constructs/monitoring.ts';

export interface MonitoringStackProps extends StackProps {
  /** The compute stack: its queues, state machine, event functions and API are watched. */
  compute: Stack;
}

export class MonitoringStack extends Stack {
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    this.monitoring = new Monitoring(this, 'Monitoring', { watched: props.compute });
  }
}
