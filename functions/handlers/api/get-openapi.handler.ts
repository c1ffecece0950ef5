import { apiHandler } from '#shared/http/api-handler';
import { buildOpenApiDocument } from './openapi.ts';

const document = buildOpenApiDocument();

export const handler = apiHandler({}, async () => ({ status: 200, body: document }));
