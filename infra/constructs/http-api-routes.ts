// The HTTP API: one function per route of functions/handlers/api/routes.ts, each granted only its route's access.
import { HttpApi, HttpMethod, HttpNoneAuthorizer, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { isPublicRoute } from '../../functions/handlers/api/route-access.ts';
import { apiRoutes } from '../../functions/handlers/api/routes.ts';
import { consentLedgerTable, contactsTable, dialerTable } from '../../functions/shared/tables.ts';
import type { ContactTables } from './contact-tables.ts';
import { ProjectFunction, type SmsSendingSettings } from './project-function.ts';

export interface HttpApiRoutesProps {
  tables: ContactTables;
  importBucket: IBucket;
  environment: Record<string, string>;
  /** Grants a function the campaign controls (schedules, the starter, stopping executions) and hands it their settings. */
  campaignControl: { bind(fn: ProjectFunction): void };
  /** Grants a function what answering call tasks (and, for `dial`, placing calls) takes. */
  callControl: { bind(fn: ProjectFunction, access: 'resume' | 'dial'): void };
  /** Grants a function the right to start the identification backfill's worker, and hands it the worker's name. */
  identificationBackfill: { bind(fn: ProjectFunction): void };
  /** Given to the routes that send SMS. */
  sms: SmsSendingSettings;
  /** Checks every route's token, but those of the public routes (route-access.ts); the functions check the role. */
  authorizer: IHttpRouteAuthorizer;
}

export class HttpApiRoutes extends Construct {
  readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiRoutesProps) {
    super(scope, id);
    const api = new HttpApi(this, 'HttpApi', { description: 'contactable API', defaultAuthorizer: props.authorizer });
    const noToken = new HttpNoneAuthorizer();
    this.url = api.apiEndpoint;
    for (const route of apiRoutes) {
      const name = route.handler.split('/').pop()!.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
      const fn = new ProjectFunction(this, name, { handler: route.handler, environment: props.environment });
      if (route.access.contacts) fn.bindTable(props.tables.contacts, contactsTable, route.access.contacts);
      if (route.access.dialer) fn.bindTable(props.tables.dialer, dialerTable, route.access.dialer);
      if (route.access.consentLedger) fn.bindTable(props.tables.consentLedger, consentLedgerTable, route.access.consentLedger);
      if (route.access.importFiles) fn.bindImportBucket(props.importBucket, route.access.importFiles);
      if (route.access.campaignControl) props.campaignControl.bind(fn);
      if (route.access.callControl) props.callControl.bind(fn, route.access.callControl);
      if (route.access.sms) fn.bindSmsSending(props.sms);
      if (route.access.identificationBackfill) props.identificationBackfill.bind(fn);
      const authorizer = isPublicRoute(route.method, route.path) ? { authorizer: noToken } : {};
      api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: new HttpLambdaIntegration(`${name}Integration`, fn.function), ...authorizer });
    }
  }
}
