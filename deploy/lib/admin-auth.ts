import { Duration, Stack, aws_cognito as cognito } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Construct } from 'constructs';
import { RetentionPolicy, Stage } from './config';

export interface AdminAuthProps {
  readonly stage: Stage;
  readonly retention: RetentionPolicy;
}

/**
 * The admin identity: a Cognito user pool where only an administrator creates
 * users (no self sign-up), with optional TOTP MFA (an authenticator app; no
 * SMS); an app client without a secret and without OAuth (no hosted UI, no
 * callback URL: the CLI and the admin page get tokens with
 * USER_PASSWORD_AUTH or SRP); and the JWT authorizer that API Gateway runs
 * on admin routes.
 */
export class AdminAuth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** Token issuer, as it appears in the `iss` claim. */
  readonly issuer: string;
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: AdminAuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `cloudresume-${props.stage}-admins`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12 },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.LITE,
      deletionProtection: props.retention.deletionProtection,
      removalPolicy: props.retention.removalPolicy,
    });
    this.client = this.userPool.addClient('AdminClient', {
      userPoolClientName: `cloudresume-${props.stage}-admin`,
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.authorizer = new HttpJwtAuthorizer('AdminJwt', this.issuer, {
      authorizerName: 'admin-jwt',
      jwtAudience: [this.client.userPoolClientId],
    });
  }
}
