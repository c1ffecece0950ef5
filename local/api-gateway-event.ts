// Node HTTP requests as the API Gateway HTTP API (payload 2.0) events the handlers receive in AWS.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteDefinition } from '../functions/handlers/api/routes.ts';
import type { JwtAuthorizerContext } from './dev-tokens.ts';

export interface MatchedRoute {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

/** Routes as matchers; a literal segment beats a parameter (as in API Gateway). */
export function routeMatcher(routes: readonly RouteDefinition[]) {
  const compiled = routes
    .map((route) => {
      const names: string[] = [];
      const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'));
      return { route, names, regex: new RegExp(`^${pattern}$`), literal: names.length === 0 };
    })
    .sort((a, b) => Number(b.literal) - Number(a.literal));
  return (method: string, path: string): MatchedRoute | 'method-not-allowed' | undefined => {
    const onPath = compiled.filter((candidate) => candidate.regex.test(path));
    const match = onPath.find((candidate) => candidate.route.method === method);
    if (!match) return onPath.length > 0 ? 'method-not-allowed' : undefined;
    const values = match.regex.exec(path)!.slice(1);
    return { route: match.route, pathParameters: Object.fromEntries(match.names.map((name, i) => [name, values[i]!])) };
  };
}

/** `authorizer`: what API Gateway's JWT authorizer puts in the request context once it accepted the token. */
export function toApiGatewayEvent(request: IncomingMessage, body: Buffer, matched: MatchedRoute, authorizer?: JwtAuthorizerContext): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]));
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const routeKey = `${matched.route.method} ${matched.route.path}`;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search !== '' && { queryStringParameters: query }),
    ...(Object.keys(matched.pathParameters).length > 0 && { pathParameters: matched.pathParameters }),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method: matched.route.method, path: url.pathname, protocol: `HTTP/${request.httpVersion}`, sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(authorizer && { authorizer }),
    },
    ...(body.length > 0 && { body: body.toString('utf8') }),
    isBase64Encoded: false,
  };
}

export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
}
