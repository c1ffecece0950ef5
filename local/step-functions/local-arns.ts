// The ARNs the local runtime gives its Lambda functions, state machines and executions (one fixed account and region).
export const localRegion = 'us-east-1';
export const localAccount = '000000000000';

export function localFunctionArn(functionName: string): string {
  return `arn:aws:lambda:${localRegion}:${localAccount}:function:${functionName}`;
}

export function localStateMachineArn(stateMachineName: string): string {
  return `arn:aws:states:${localRegion}:${localAccount}:stateMachine:${stateMachineName}`;
}

export function localExecutionArn(stateMachineName: string, executionName: string): string {
  return `arn:aws:states:${localRegion}:${localAccount}:execution:${stateMachineName}:${executionName}`;
}

/**
 * The function name in any form Lambda accepts: a name, a full ARN or a partial ARN (`account:function:name`),
 * each with an optional version or alias qualifier (ignored: the local runtime runs one version).
 */
export function functionNameOf(nameOrArn: string): string {
  const fullArn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
  if (fullArn) return fullArn[1]!;
  const partialArn = /^[^:]+:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
  if (partialArn) return partialArn[1]!;
  return nameOrArn.split(':')[0]!;
}

export function isArn(value: string): boolean {
  return /^arn:[^:]+:[^:]+:[^:]*:[^:]*:.+$/.test(value);
}
