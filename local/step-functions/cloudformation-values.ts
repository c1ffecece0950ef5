// CloudFormation intrinsic functions as CDK writes them into a state machine's DefinitionString, resolved to strings.
import { localAccount, localRegion } from './local-arns.ts';

export interface ValueResolver {
  /** `Ref` of a resource: its physical name (or ARN, for the resource types whose Ref is an ARN). */
  ref(logicalId: string): string;
  /** `Fn::GetAtt`. */
  getAtt(logicalId: string, attribute: string): string;
  /** `Fn::ImportValue`: an export of another stack, itself a CloudFormation value. */
  importValue(exportName: string): unknown;
}

const pseudoParameters: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': localRegion,
  'AWS::AccountId': localAccount,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::NoValue': '',
};

export function resolveValue(value: unknown, resolver: ValueResolver): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  const entries = Object.entries(value);
  if (entries.length !== 1) throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  const [fn, argument] = entries[0]!;
  switch (fn) {
    case 'Ref': {
      const name = argument as string;
      return pseudoParameters[name] ?? resolver.ref(name);
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = typeof argument === 'string' ? splitOnce(argument, '.') : (argument as [string, string]);
      return resolver.getAtt(logicalId, attribute);
    }
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map((part) => resolveValue(part, resolver)).join(separator);
    }
    case 'Fn::Sub': {
      const [template, variables] = typeof argument === 'string' ? [argument, {}] : (argument as [string, Record<string, unknown>]);
      return template.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
        if (name.startsWith('!')) return `\${${name.slice(1)}}`; // ${!Literal} is the escape for a literal ${Literal}
        if (name in variables) return resolveValue(variables[name], resolver);
        const [logicalId, attribute] = name.includes('.') ? splitOnce(name, '.') : [name, undefined];
        if (attribute !== undefined) return resolver.getAtt(logicalId, attribute);
        return pseudoParameters[logicalId] ?? resolver.ref(logicalId);
      });
    }
    case 'Fn::ImportValue':
      return resolveValue(resolver.importValue(resolveValue(argument, resolver)), resolver);
    default:
      throw new Error(`the local runtime cannot resolve ${fn} in ${JSON.stringify(value)}`);
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}
