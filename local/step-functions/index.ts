// The local Step Functions service, as the local runtime wires it in.
export { LocalStepFunctions, type LocalStepFunctionsOptions, type ExecutionDescription, type ExecutionListItem } from './service.ts';
export { stepFunctionsFromTemplates, stepFunctionsPhysicalNames, type LocalStateMachine, type StepFunctionsResources } from './template-loader.ts';
export type { ExecutionStatusChangeEvent } from './status-change-event.ts';
export type { ExecutionStats, ExecutionStatus } from './execution.ts';
export type { InvokeHandler } from './lambda-functions.ts';
export { localExecutionArn, localFunctionArn, localStateMachineArn } from './local-arns.ts';
