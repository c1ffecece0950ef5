// The OpenAPI 3.1 document, generated from the route list and its zod schemas.
import { z, type ZodType } from 'zod';
import { routeAccess } from './route-access.ts';
import { apiRoutes, type RouteDefinition } from './routes.ts';

const json = (schema: ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export function buildOpenApiDocument(routes: readonly RouteDefinition[] = apiRoutes) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...objectKeys(route.request?.params).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...objectKeys(route.request?.query).map((name) => ({ name, in: 'query', required: false, schema: propertySchema(route.request!.query!, name) })),
    ];
    const access = routeAccess(`${route.method} ${route.path}`);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: route.handler.split('/').pop(),
      // Who may call it: no token for a public route; otherwise a token of one of these roles (its `cognito:groups`).
      ...(access === 'public' ? { security: [] } : { 'x-roles': access }),
      ...(parameters.length > 0 && { parameters }),
      ...(route.request?.body && { requestBody: { required: !route.request.body.safeParse(undefined).success, content: { 'application/json': { schema: json(route.request.body) } } } }),
      responses: Object.fromEntries(
        Object.entries({ ...route.responses, ...(access !== 'public' && refusals) }).map(([status, response]) => [
          status,
          { description: response.description, ...(response.schema && { content: { 'application/json': { schema: json(response.schema) } } }) },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'contactable', version: '0.1.0', description: 'Contacts with several phone numbers, consent per number, and outbound calling campaigns.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito token of the API client (locally: POST /_local/tokens); its cognito:groups are the roles.' } } },
    security: [{ bearer: [] }],
    paths,
  };
}

const refusals: RouteDefinition['responses'] = {
  401: { description: 'No token, or one malformed, expired or wrongly signed (API Gateway answers {message: "Unauthorized"})' },
  403: { description: "The token's roles may not call this route (x-roles says which may)", schema: z.object({ error: z.literal('forbidden'), message: z.string() }) },
};

function objectKeys(schema: ZodType | undefined): string[] {
  if (schema === undefined) return [];
  const properties = (json(schema) as { properties?: Record<string, unknown> }).properties;
  return Object.keys(properties ?? {});
}

function propertySchema(schema: ZodType, name: string): unknown {
  return (json(schema) as { properties: Record<string, unknown> }).properties[name];
}
