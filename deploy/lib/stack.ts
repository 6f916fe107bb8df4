import { CfnOutput, Stack, StackProps, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AdminAuth } from './admin-auth';
import { Api } from './api';
import { StageConfig, retentionFor } from './config';
import { Ingest } from './ingest';
import * as gen from './gen';
import { Monitoring } from './monitoring';
import { Site } from './site';
import { Tables } from './tables';

export interface CloudResumeStackProps extends StackProps {
  readonly config: StageConfig;
}

/** One stage of cloudresume: stack `cloudresume-<stage>`. */
export class CloudResumeStack extends Stack {
  readonly site: Site;
  readonly api: Api;
  readonly ingest: Ingest;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: CloudResumeStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (config.domain && (Token.isUnresolved(this.region) || this.region !== 'us-east-1')) {
      throw new Error(
        `stack ${id}: a custom domain needs the stack in us-east-1 (CloudFront certificates live there); set env.region`,
      );
    }
    const retention = retentionFor(config.stage);

    // What the Go program owns, from deploy/gen (npm run build).
    const permissions = gen.permissions();
    const tables = new Tables(this, 'Tables', { prefix: config.tablePrefix, retention, defs: gen.tables() });
    const auth = new AdminAuth(this, 'Admin', { stage: config.stage, retention });
    this.api = new Api(this, 'Api', {
      config,
      tables,
      auth,
      logRemovalPolicy: retention.removalPolicy,
      siteUrl: config.domain ? `https://${config.domain.domainName}` : undefined,
      routes: gen.routes(),
      permissions,
    });
    this.ingest = new Ingest(this, 'Ingest', { config, tables, retention, grants: permissions.ingest });
    this.site = new Site(this, 'Site', {
      stage: config.stage,
      siteDir: config.siteDir,
      notFoundPage: config.notFoundPage,
      retention,
      apiDomainName: this.api.domainName,
      apiOriginSecret: this.api.originSecretValue,
      domain: config.domain,
      headers: gen.headers(),
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      alertEmail: config.alertEmail,
      functions: { Api: this.api.handler, Ingest: this.ingest.handler },
      httpApi: this.api.httpApi,
      deadLetters: this.ingest.deadLetters,
    });

    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'The site, and the API under /api/' });
    // The API's own endpoint refuses requests that did not come through
    // CloudFront (see Api), so the API's address is the site's.
    new CfnOutput(this, 'ApiUrl', { value: `${this.site.url}/api/`, description: 'The HTTP API, through CloudFront' });
    new CfnOutput(this, 'DistributionId', { value: this.site.distribution.distributionId });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'UploadsBucketName', {
      value: this.ingest.bucket.bucketName,
      description: 'Upload movie CSV files under uploads/',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.ingest.deadLetters.queueUrl });
    new CfnOutput(this, 'AlertsTopicArn', { value: this.monitoring.topic.topicArn });
  }
}
