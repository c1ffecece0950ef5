// The CDK app synthesized in-process (assets not bundled): the local runtime's single source of tables and config.
import { App } from 'aws-cdk-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../infra/app.ts';
import type { CloudFormationTemplate } from './dynamodb-local.ts';

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

type Value = unknown;

/**
 * The environment variables the template gives its Lambda functions, with references to the data stack's
 * resources (Ref, Fn::ImportValue of its exports) replaced by the local physical names.
 */
export function functionEnvironment(synthesized: SynthesizedApp, physicalNames: ReadonlyMap<string, string>): Record<string, string> {
  const exports = new Map<string, Value>();
  for (const output of Object.values(synthesized.data.Outputs ?? {}) as Array<{ Value: Value; Export?: { Name: string } }>) {
    if (output.Export) exports.set(output.Export.Name, output.Value);
  }
  const resolve = (value: Value): string => {
    if (typeof value === 'string') return value;
    const ref = (value as { Ref?: string }).Ref;
    if (ref !== undefined) {
      const name = physicalNames.get(ref);
      if (name === undefined) throw new Error(`the local runtime has no resource for ${ref}`);
      return name;
    }
    const imported = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
    if (imported !== undefined && exports.has(imported)) return resolve(exports.get(imported));
    throw new Error(`the local runtime cannot resolve ${JSON.stringify(value)}`);
  };
  const environment: Record<string, string> = {};
  for (const resource of Object.values(synthesized.compute.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const variables = ((resource.Properties?.Environment as { Variables?: Record<string, Value> }) ?? {}).Variables ?? {};
    for (const [name, value] of Object.entries(variables)) {
      const resolved = resolve(value);
      if (environment[name] !== undefined && environment[name] !== resolved) throw new Error(`functions disagree on ${name}: the local runtime runs them in one process`);
      environment[name] = resolved;
    }
  }
  return environment;
}

export function resourcesOfType(template: CloudFormationTemplate, type: string): string[] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type).map(([logicalId]) => logicalId);
}
