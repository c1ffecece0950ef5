// The state machines and Lambda functions of the synthesized CloudFormation templates, as the local service runs them.
import { handlerMetadataKey } from '../../infra/constructs/project-function.ts';
import type { CloudFormationTemplate } from '../dynamodb-local.ts';
import { resolveValue, type ValueResolver } from './cloudformation-values.ts';
import { localAccount, localFunctionArn, localRegion, localStateMachineArn } from './local-arns.ts';
import type { StateMachineDefinition } from './runnable-definition.ts';

export interface LocalStateMachine {
  /** The logical id: locally it is the state machine's name. */
  name: string;
  arn: string;
  definition: StateMachineDefinition;
}

export interface StepFunctionsResources {
  stateMachines: LocalStateMachine[];
  /** Function name (the logical id) → handler module under functions/handlers, from the template's metadata. */
  functions: Map<string, string>;
}

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

/**
 * What `Ref` gives for the functions and state machines, for the physical-names map from which the local runtime
 * resolves function environments: a function's name (its logical id) and a state machine's ARN.
 */
export function stepFunctionsPhysicalNames(templates: readonly CloudFormationTemplate[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const [logicalId, resource] of allResources(templates)) {
    if (resource.Type === 'AWS::Lambda::Function') names.set(logicalId, logicalId);
    if (resource.Type === 'AWS::StepFunctions::StateMachine') names.set(logicalId, localStateMachineArn(logicalId));
  }
  return names;
}

/**
 * Every state machine with its definition resolved to JSON, and every function that names its handler module.
 * `physicalNames` gives `Ref` of the other resources (tables, buckets: logical id → local name).
 */
export function stepFunctionsFromTemplates(templates: readonly CloudFormationTemplate[], physicalNames: ReadonlyMap<string, string>): StepFunctionsResources {
  const resources = new Map(allResources(templates));
  const names = new Map([...physicalNames, ...stepFunctionsPhysicalNames(templates)]);
  const exports = new Map<string, unknown>();
  for (const template of templates) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export && typeof output.Export.Name === 'string') exports.set(output.Export.Name, output.Value);
    }
  }
  const resolver: ValueResolver = {
    ref(logicalId) {
      const name = names.get(logicalId);
      if (name === undefined) throw new Error(`the local runtime has no resource for Ref ${logicalId}`);
      return name;
    },
    getAtt(logicalId, attribute) {
      return attributeOf(logicalId, resources.get(logicalId), attribute, names);
    },
    importValue(exportName) {
      if (!exports.has(exportName)) throw new Error(`no stack exports ${exportName}`);
      return exports.get(exportName);
    },
  };

  const stateMachines: LocalStateMachine[] = [];
  const functions = new Map<string, string>();
  for (const [logicalId, resource] of resources) {
    if (resource.Type === 'AWS::StepFunctions::StateMachine') {
      stateMachines.push({ name: logicalId, arn: localStateMachineArn(logicalId), definition: definitionOf(logicalId, resource, resolver) });
    }
    const handler = resource.Metadata?.[handlerMetadataKey];
    if (resource.Type === 'AWS::Lambda::Function' && typeof handler === 'string') functions.set(logicalId, handler);
  }
  return { stateMachines, functions };
}

function definitionOf(logicalId: string, resource: Resource, resolver: ValueResolver): StateMachineDefinition {
  const properties = resource.Properties ?? {};
  if (properties.StateMachineType === 'EXPRESS') throw new Error(`${logicalId} is an Express state machine: the local service runs Standard semantics only`);
  let text: string;
  if (properties.DefinitionString !== undefined) text = resolveValue(properties.DefinitionString, resolver);
  else if (properties.Definition !== undefined) text = JSON.stringify(properties.Definition);
  else throw new Error(`${logicalId} has no inline definition (DefinitionS3Location is not supported locally)`);
  const substitutions = (properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
  text = text.replace(/\$\{([^}]+)\}/g, (placeholder, key: string) => (key in substitutions ? resolveValue(substitutions[key], resolver) : placeholder));
  return JSON.parse(text) as StateMachineDefinition;
}

function attributeOf(logicalId: string, resource: Resource | undefined, attribute: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(logicalId);
  if (resource === undefined || name === undefined) throw new Error(`the local runtime has no resource for Fn::GetAtt ${logicalId}.${attribute}`);
  const arns: Record<string, () => string> = {
    'AWS::Lambda::Function': () => localFunctionArn(name),
    'AWS::StepFunctions::StateMachine': () => name,
    'AWS::DynamoDB::Table': () => `arn:aws:dynamodb:${localRegion}:${localAccount}:table/${name}`,
    'AWS::S3::Bucket': () => `arn:aws:s3:::${name}`,
  };
  if (attribute === 'Arn' && arns[resource.Type]) return arns[resource.Type]!();
  if (attribute === 'Name' && resource.Type === 'AWS::StepFunctions::StateMachine') return logicalId;
  throw new Error(`the local runtime cannot resolve Fn::GetAtt ${logicalId}.${attribute} (${resource.Type})`);
}

function allResources(templates: readonly CloudFormationTemplate[]): Array<[string, Resource]> {
  return templates.flatMap((template) => Object.entries(template.Resources) as Array<[string, Resource]>);
}
