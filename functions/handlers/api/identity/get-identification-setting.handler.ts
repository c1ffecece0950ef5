import { getIdentificationSetting } from '#domain/use-cases/identity/interactions';
import { apiHandler } from '#shared/http/api-handler';
import { inboundDependencies } from '../../inbound-composition.ts';

export const handler = apiHandler({}, async () => ({ status: 200, body: await getIdentificationSetting(inboundDependencies()) }));
