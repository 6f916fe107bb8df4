import {
  Duration,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_destinations as destinations,
  aws_s3 as s3,
  aws_s3_notifications as s3n,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { bootstrapFunction } from './bootstrap-function';
import { RetentionPolicy, StageConfig } from './config';
import { Tables } from './tables';

/** Where CSV files are dropped, and where the ingest reports are written. */
export const UPLOADS_PREFIX = 'uploads/';
export const REPORTS_PREFIX = 'reports/';

export interface IngestProps {
  readonly config: StageConfig;
  readonly tables: Tables;
  readonly retention: RetentionPolicy;
}

/**
 * Batch ingestion: a CSV object created under uploads/ in the uploads bucket
 * invokes the ingest function (the same bootstrap binary, which recognises the
 * S3 event), which writes movies and a report under reports/. Events that still
 * fail after two retries land in a dead-letter queue that is alarmed on.
 */
export class Ingest extends Construct {
  readonly bucket: s3.Bucket;
  readonly handler: lambda.Function;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const { config, tables, retention } = props;

    this.bucket = new s3.Bucket(this, 'Uploads', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: retention.removalPolicy,
      autoDeleteObjects: retention.autoDeleteObjects,
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      queueName: `cloudresume-${config.stage}-ingest-dlq`,
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    this.handler = bootstrapFunction(this, 'Handler', {
      functionName: `cloudresume-${config.stage}-ingest`,
      asset: config.lambdaAsset,
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: {
        CLOUDRESUME_STAGE: config.stage,
        CLOUDRESUME_STORE: 'dynamodb',
        CLOUDRESUME_TABLE_PREFIX: config.tablePrefix,
        CLOUDRESUME_REPORTS_PREFIX: REPORTS_PREFIX,
        // This function takes uploads, never the contact form.
        CLOUDRESUME_CONTACT: 'false',
        CLOUDRESUME_LOG_FORMAT: 'json',
      },
      logRemovalPolicy: retention.removalPolicy,
      onFailure: new destinations.SqsDestination(this.deadLetters),
      retryAttempts: 2,
    });

    // Only what ingestion does: read uploaded CSV files, write reports, write movies.
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${UPLOADS_PREFIX}*`)],
      }),
    );
    this.handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${REPORTS_PREFIX}*`)],
      }),
    );
    tables.movies.grantWriteData(this.handler);

    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(this.handler), {
      prefix: UPLOADS_PREFIX,
      suffix: '.csv',
    });
  }
}
