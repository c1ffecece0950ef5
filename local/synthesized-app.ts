// The CDK app synthesized in-process (assets not bundled): the local runtime's single source of tables and config.
import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../infra/app.ts';
import { handlerMetadataKey } from '../infra/constructs/project-function.ts';
import type { CloudFormationTemplate } from './dynamodb-local.ts';
import { resolveValue, type ValueResolver } from './step-functions/cloudformation-values.ts';
import { localAccount, localFunctionArn, localRegion } from './step-functions/local-arns.ts';

export interface SynthesizedApp {
  data: CloudFormationTemplate;
  compute: CloudFormationTemplate;
}

export function synthesizeApp(): SynthesizedApp {
  const outdir = mkdtempSync(path.join(tmpdir(), 'contactable-synth-'));
  try {
    const { app, stateful, stateless } = buildApp(new App({ outdir, context: { 'aws:cdk:bundling-stacks': [], dev: true } }));
    const assembly = app.synth();
    return {
      data: assembly.getStackByName(stateful.stackName).template as CloudFormationTemplate,
      compute: assembly.getStackByName(stateless.stackName).template as CloudFormationTemplate,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The environment variables the template gives its Lambda functions, resolved for the local runtime: references to
 * resources it runs (tables, buckets, functions, state machines) by `physicalNames`; those it only simulates
 * (Scheduler's group and role, queues) by a local stand-in name, since nothing local checks them.
 */
export function functionEnvironment(synthesized: SynthesizedApp, physicalNames: ReadonlyMap<string, string>): Record<string, string> {
  const templates = [synthesized.data, synthesized.compute];
  const resources = new Map(templates.flatMap((template) => Object.entries(template.Resources)));
  const exports = new Map<string, unknown>();
  for (const output of Object.values(synthesized.data.Outputs ?? {}) as Array<{ Value: unknown; Export?: { Name: string } }>) {
    if (output.Export) exports.set(output.Export.Name, output.Value);
  }
  const nameOf = (logicalId: string): string => {
    if (!resources.has(logicalId)) throw new Error(`the template has no resource ${logicalId}`);
    return physicalNames.get(logicalId) ?? `local-${logicalId}`;
  };
  const resolver: ValueResolver = {
    ref: nameOf,
    getAtt(logicalId, attribute) {
      const type = resources.get(logicalId)?.Type;
      const name = nameOf(logicalId);
      if (type === 'AWS::Lambda::Function' && attribute === 'Arn') return localFunctionArn(name);
      if (type === 'AWS::StepFunctions::StateMachine') return attribute === 'Name' ? logicalId : name;
      if (attribute === 'Arn') return `arn:aws:local:${localRegion}:${localAccount}:${logicalId}`;
      throw new Error(`the local runtime cannot resolve Fn::GetAtt ${logicalId}.${attribute}`);
    },
    importValue(exportName) {
      if (!exports.has(exportName)) throw new Error(`no stack exports ${exportName}`);
      return exports.get(exportName);
    },
  };
  const environment: Record<string, string> = {};
  for (const resource of Object.values(synthesized.compute.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const variables = ((resource.Properties?.Environment as { Variables?: Record<string, unknown> }) ?? {}).Variables ?? {};
    for (const [name, value] of Object.entries(variables)) {
      const resolved = resolveValue(value, resolver);
      if (environment[name] !== undefined && environment[name] !== resolved) throw new Error(`functions disagree on ${name}: the local runtime runs them in one process`);
      environment[name] = resolved;
    }
  }
  return environment;
}

/** Function name → handler module, for functions the template names explicitly (the others go by logical id). */
export function namedFunctionHandlers(synthesized: SynthesizedApp): Map<string, string> {
  const handlers = new Map<string, string>();
  for (const resource of Object.values(synthesized.compute.Resources)) {
    const name = resource.Properties?.FunctionName;
    const handler = resource.Metadata?.[handlerMetadataKey];
    if (resource.Type === 'AWS::Lambda::Function' && typeof name === 'string' && typeof handler === 'string') handlers.set(name, handler);
  }
  return handlers;
}

export function resourcesOfType(template: CloudFormationTemplate, type: string): string[] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type).map(([logicalId]) => logicalId);
}
