// cdk-nag's AwsSolutions pack as the gate every synthesis of the app passes (`npx cdk synth`, the infra tests), and
// the one way this app acknowledges a finding: on one resource, for one finding, with its reason.
import { Stack, Stage, Validations, type App } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
// The pack's own flattening, so that an acknowledgement names a wildcard exactly as the finding does.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** One rule the pack reports, with every resource (construct path) it reports it on. */
export interface SecurityFinding {
  rule: string;
  severity: string;
  description: string;
  resources: string[];
}

/** One acknowledged finding: the construct it is recorded on (a resource, never a stack), the finding, the reason. */
export interface SecurityAcknowledgement {
  path: string;
  finding: string;
  reason: string;
}

export interface SecurityAudit {
  /** Unacknowledged findings, errors and warnings alike: synthesis fails on any. */
  findings: SecurityFinding[];
  acknowledgements: SecurityAcknowledgement[];
  /** Acknowledgements that no finding of the pack matches any more (kept out of the way of a real one). */
  unusedAcknowledgements: SecurityAcknowledgement[];
}

export class SecurityFindingsError extends Error {
  constructor(readonly findings: SecurityFinding[]) {
    super(`cdk-nag AwsSolutions: ${findings.length} unacknowledged finding(s):\n${findings.map((finding) => `  ${finding.severity} ${finding.rule}: ${finding.description}\n${finding.resources.map((resource) => `      at ${resource}`).join('\n')}`).join('\n')}`);
    this.name = 'SecurityFindingsError';
  }
}

interface PendingAcknowledgement {
  scope: IConstruct;
  /** The finding id, or how to compute it once the app is synthesized (references to other stacks resolved). */
  finding: string | (() => string);
  reason: string;
}

// Per app: acknowledgements are recorded when the app is audited, once references (imports from the data stack,
// logical ids) have their final form, so that a wildcard is named exactly as the pack names it.
const pendingByApp = new WeakMap<IConstruct, PendingAcknowledgement[]>();
const minimumReasonLength = 40;

/**
 * Acknowledges one finding (`AwsSolutions-APIG4`, `AwsSolutions-IAM5[Action::kms:ReEncrypt*]`) on one resource.
 * IAM findings must name their wildcard or managed policy; a stack is never a scope.
 */
export function acknowledgeFinding(scope: IConstruct, finding: string, reason: string): void {
  checkAcknowledgement(scope, finding, reason);
  pendingOf(scope).push({ scope, finding, reason });
}

/** Acknowledges one wildcard resource of an IAM policy (AwsSolutions-IAM5) on the role or policy that holds it. */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  checkAcknowledgement(scope, 'AwsSolutions-IAM5[Resource::…]', reason);
  pendingOf(scope).push({ scope, finding: () => `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`, reason });
}

/** Acknowledges one wildcard action of an IAM policy (AwsSolutions-IAM5) on the role or policy that holds it. */
export function acknowledgeWildcardAction(scope: IConstruct, action: string, reason: string): void {
  acknowledgeFinding(scope, `AwsSolutions-IAM5[Action::${action}]`, reason);
}

/**
 * Synthesizes the app (if it is not yet), runs the AwsSolutions pack over it, records the acknowledgements and runs
 * the pack again: what is left are the unacknowledged findings.
 */
export function auditSecurity(app: App): SecurityAudit {
  app.synth();
  const raw = runPack(app);
  const acknowledgements = recordAcknowledgements(app);
  const findings = runPack(app);
  const matches = (acknowledgement: SecurityAcknowledgement) =>
    raw.some((finding) => finding.rule === acknowledgement.finding && finding.resources.some((resource) => resource === acknowledgement.path || resource.startsWith(`${acknowledgement.path}/`)));
  return { findings, acknowledgements, unusedAcknowledgements: acknowledgements.filter((acknowledgement) => !matches(acknowledgement)) };
}

/** Synthesizes the app and fails on any unacknowledged finding, error or warning. */
export function synthesizeChecked(app: App): CloudAssembly {
  const assembly = app.synth();
  const { findings } = auditSecurity(app);
  if (findings.length > 0) throw new SecurityFindingsError(findings);
  return assembly;
}

function runPack(app: App): SecurityFinding[] {
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.map((violation) => ({
    rule: violation.ruleName,
    severity: violation.severity ?? 'error',
    description: violation.description,
    resources: violation.violatingResources.map((resource) => resource.constructPath ?? resource.resourceLogicalId ?? '?'),
  }));
}

function recordAcknowledgements(app: App): SecurityAcknowledgement[] {
  const pending = pendingByApp.get(app.node.root) ?? [];
  pendingByApp.delete(app.node.root);
  // Several grants may acknowledge the same finding on the same role (X-Ray and a lookup both need `*`): one
  // acknowledgement, every reason.
  const merged = new Map<string, { scope: IConstruct; finding: string; reasons: string[] }>();
  for (const { scope, finding, reason } of pending) {
    const id = typeof finding === 'string' ? finding : finding();
    const key = `${scope.node.path}\u0000${id}`;
    const entry = merged.get(key) ?? { scope, finding: id, reasons: [] };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    merged.set(key, entry);
  }
  return [...merged.values()].map(({ scope, finding, reasons }) => {
    const reason = reasons.join(' Also: ');
    Validations.of(scope).acknowledge({ id: finding, reason });
    return { path: scope.node.path, finding, reason };
  });
}

function pendingOf(scope: IConstruct): PendingAcknowledgement[] {
  const root = scope.node.root;
  const pending = pendingByApp.get(root) ?? [];
  pendingByApp.set(root, pending);
  return pending;
}

function checkAcknowledgement(scope: IConstruct, finding: string, reason: string): void {
  if (Stack.isStack(scope) || Stage.isStage(scope)) throw new Error(`${finding}: acknowledge a finding on the resource it concerns, not on ${scope.node.path || 'the app'}`);
  if (!/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/.test(finding)) throw new Error(`${finding} is not one AwsSolutions finding`);
  if (/^AwsSolutions-IAM[45]$/.test(finding)) throw new Error(`${finding} on ${scope.node.path}: name the wildcard or managed policy it concerns`);
  if (reason.trim().length < minimumReasonLength) throw new Error(`${finding} on ${scope.node.path}: give the reason (at least ${minimumReasonLength} characters)`);
}
