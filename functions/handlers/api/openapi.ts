// The OpenAPI 3.1 document, generated from the route list and its zod schemas.
import { z, type ZodType } from 'zod';
import { apiRoutes, type RouteDefinition } from './routes.ts';

const json = (schema: ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export function buildOpenApiDocument(routes: readonly RouteDefinition[] = apiRoutes) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...objectKeys(route.request?.params).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...objectKeys(route.request?.query).map((name) => ({ name, in: 'query', required: false, schema: propertySchema(route.request!.query!, name) })),
    ];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: route.handler.split('/').pop(),
      ...(parameters.length > 0 && { parameters }),
      ...(route.request?.body && { requestBody: { required: !route.request.body.safeParse(undefined).success, content: { 'application/json': { schema: json(route.request.body) } } } }),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, response]) => [
          status,
          { description: response.description, ...(response.schema && { content: { 'application/json': { schema: json(response.schema) } } }) },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'contactable', version: '0.1.0', description: 'Contacts with several phone numbers, consent per number, and outbound calling campaigns.' },
    paths,
  };
}

function objectKeys(schema: ZodType | undefined): string[] {
  if (schema === undefined) return [];
  const properties = (json(schema) as { properties?: Record<string, unknown> }).properties;
  return Object.keys(properties ?? {});
}

function propertySchema(schema: ZodType, name: string): unknown {
  return (json(schema) as { properties: Record<string, unknown> }).properties[name];
}
