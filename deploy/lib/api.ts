import { Duration, RemovalPolicy, Stack, aws_apigatewayv2 as apigwv2, aws_iam as iam, aws_lambda as lambda } from 'aws-cdk-lib';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { AdminAuth } from './admin-auth';
import { bootstrapFunction } from './bootstrap-function';
import { StageConfig } from './config';
import { ROUTES, Route } from './routes';
import { Tables } from './tables';

export interface ApiProps {
  readonly config: StageConfig;
  readonly tables: Tables;
  readonly auth: AdminAuth;
  readonly logRemovalPolicy: RemovalPolicy;
  /** Public base URL of the site, when it is known before deployment (custom domain). */
  readonly siteUrl?: string;
  readonly routes?: readonly Route[];
}

/**
 * The HTTP API: one Lambda function running the Go handler behind API Gateway
 * (payload format 2.0), one route per entry of ROUTES, admin routes behind the
 * Cognito JWT authorizer.
 */
export class Api extends Construct {
  readonly handler: lambda.Function;
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config, tables, auth } = props;

    const environment: Record<string, string> = {
      CLOUDRESUME_STAGE: config.stage,
      CLOUDRESUME_STORE: 'dynamodb',
      CLOUDRESUME_TABLE_PREFIX: config.tablePrefix,
      CLOUDRESUME_ADMIN_ISSUER: auth.issuer,
      CLOUDRESUME_ADMIN_AUDIENCE: auth.client.userPoolClientId,
      CLOUDRESUME_NOTIFY: config.sesIdentity ? 'ses' : 'none',
      // Behind CloudFront the event's source IP is the edge; the viewer's
      // address comes in this header (forwarded by the API behaviour's policy).
      CLOUDRESUME_CLIENT_IP_HEADER: 'cloudfront-viewer-address',
      LOG_FORMAT: 'json',
    };
    if (config.resume) {
      environment.CLOUDRESUME_RESUME = config.resume;
    }
    if (config.sesIdentity && config.mailFrom) {
      environment.CLOUDRESUME_MAIL_FROM = config.mailFrom;
    }
    if (config.sesIdentity && config.mailTo) {
      environment.CLOUDRESUME_MAIL_TO = config.mailTo;
    }
    if (props.siteUrl) {
      environment.CLOUDRESUME_SITE_URL = props.siteUrl;
    }

    this.handler = bootstrapFunction(this, 'Handler', {
      functionName: `cloudresume-${config.stage}-api`,
      asset: config.lambdaAsset,
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment,
      logRemovalPolicy: props.logRemovalPolicy,
      reservedConcurrency: config.reservedConcurrency,
    });
    for (const t of tables.all) {
      t.grantReadWriteData(this.handler);
    }
    if (config.sesIdentity) {
      // SES authorizes SendEmail against the sender identity and, while the
      // account is in the SES sandbox, against the recipient identity too.
      const identities = [...new Set([config.sesIdentity, config.mailTo].filter((x): x is string => !!x))];
      this.handler.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: identities.map((name) =>
            Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: name }),
          ),
        }),
      );
    }

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `cloudresume-${config.stage}`,
      description: `cloudresume ${config.stage} API`,
      createDefaultStage: false,
    });
    // An explicit $default stage so requests are throttled: a public endpoint
    // must not be able to run up the Lambda and DynamoDB bill.
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
    });

    const integration = new HttpLambdaIntegration('Handler', this.handler, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const r of props.routes ?? ROUTES) {
      this.httpApi.addRoutes({
        path: r.path,
        methods: [r.method as apigwv2.HttpMethod],
        integration,
        authorizer: r.admin ? auth.authorizer : undefined,
      });
    }
  }

  /** Host name of the API's default endpoint, for use as a CloudFront origin. */
  get domainName(): string {
    const s = Stack.of(this);
    return `${this.httpApi.apiId}.execute-api.${s.region}.${s.urlSuffix}`;
  }
}
