// The HTTP API: one function per route of functions/handlers/api/routes.ts, each granted only its route's access.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { isPublicRoute } from '../../functions/handlers/api/route-access.ts';
import { apiRoutes } from '../../functions/handlers/api/routes.ts';
import { consentLedgerTable, contactsTable, dialerTable } from '../../functions/shared/tables.ts';
import type { ContactTables } from './contact-tables.ts';
import { ProjectFunction, type SmsSendingSettings } from './project-function.ts';
import { acknowledgeFinding } from '../security.ts';

/**
 * One JSON line per request. The route key is the template (`GET /numbers/{number}/consents`), never the path: a
 * path may carry a phone number, and no number is logged in clear.
 */
const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
};

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
    const api = new HttpApi(this, 'HttpApi', { description: 'contactable API', defaultAuthorizer: props.authorizer, createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    // The stage HttpApi would create, with access logging (its id keeps the stage's logical id).
    api.addStage('DefaultStage', { stageName: '$default', autoDeploy: true, accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(JSON.stringify(accessLogFields)) } });
    // One log group for the route functions (streams carry each function's name): the stack's resource budget.
    const functionLogs = new LogGroup(this, 'FunctionLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const noToken = new HttpNoneAuthorizer();
    this.url = api.apiEndpoint;
    for (const route of apiRoutes) {
      const name = route.handler.split('/').pop()!.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
      const fn = new ProjectFunction(this, name, { handler: route.handler, environment: props.environment, logGroup: functionLogs });
      if (route.access.contacts) fn.bindTable(props.tables.contacts, contactsTable, route.access.contacts);
      if (route.access.dialer) fn.bindTable(props.tables.dialer, dialerTable, route.access.dialer);
      if (route.access.consentLedger) fn.bindTable(props.tables.consentLedger, consentLedgerTable, route.access.consentLedger);
      if (route.access.importFiles) fn.bindImportBucket(props.importBucket, route.access.importFiles);
      if (route.access.campaignControl) props.campaignControl.bind(fn);
      if (route.access.callControl) props.callControl.bind(fn, route.access.callControl);
      if (route.access.sms) fn.bindSmsSending(props.sms);
      if (route.access.identificationBackfill) props.identificationBackfill.bind(fn);
      const authorizer = isPublicRoute(route.method, route.path) ? { authorizer: noToken } : {};
      const [httpRoute] = api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: new HttpLambdaIntegration(`${name}Integration`, fn.function), ...authorizer });
      if (isPublicRoute(route.method, route.path)) acknowledgeFinding(httpRoute!, 'AwsSolutions-APIG4', `${route.method} ${route.path} is public by design (route-access.ts): it serves the API's own description and reads no data; every other route takes a Cognito token.`);
    }
  }
}
