// The people who call the API: a Cognito user pool whose groups are the roles, and the client their tokens are for.
import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { AccountRecovery, FeaturePlan, Mfa, StandardThreatProtectionMode, UserPool, UserPoolClient, UserPoolGroup } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles, type Role } from '../../functions/domain/access/roles.ts';

export interface ApiUsersProps {
  /** Users are data: kept (and protected from deletion) with the tables, destroyed with them in a dev stack. */
  retainData: boolean;
}

const groupDescriptions: Record<Role, string> = {
  administrator: 'Every route, settings and item types included',
  supervisor: 'Runs the operation: imports, campaigns, the do-not-call list; reads settings',
  agent: 'Adds and edits contacts and phones, records consent, works the preview list',
};

export class ApiUsers extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: ApiUsersProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      // Administrators create accounts (AdminCreateUser) and put them in a group: nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      // Every user reads personal data: a second factor always, by authenticator app (SMS would cost and can be hijacked).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection blocks sign-ins from compromised credentials and risky attempts: a few operators' accounts
      // cost cents a month on the Plus plan, and each of them reads every contact's numbers.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: props.retainData,
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // The group names are the roles the API checks in the tokens' `cognito:groups` claim.
    roles.forEach((role, precedence) => {
      new UserPoolGroup(this, `${role[0]!.toUpperCase()}${role.slice(1)}Group`, { userPool: this.userPool, groupName: role, precedence, description: groupDescriptions[role] });
    });
    this.client = this.userPool.addClient('ApiClient', {
      generateSecret: false,
      // SRP for a browser or an SDK; the password flow lets an operator get a token from the AWS CLI over TLS.
      authFlows: { userSrp: true, userPassword: true },
      // No hosted sign-in page (no domain) yet, so no OAuth redirect flow: CDK would otherwise allow implicit grants.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(30),
      idTokenValidity: Duration.minutes(30),
      refreshTokenValidity: Duration.hours(12),
    });
    new CfnOutput(this, 'UserPoolId', { key: 'UserPoolId', value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { key: 'UserPoolClientId', value: this.client.userPoolClientId });
  }

  /** The HTTP API's JWT authorizer: tokens of this pool, issued to the API's client (access or ID tokens). */
  authorizer(): HttpUserPoolAuthorizer {
    return new HttpUserPoolAuthorizer('ApiUsers', this.userPool, { userPoolClients: [this.client] });
  }
}
