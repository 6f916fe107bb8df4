import {
  Duration,
  aws_lambda as lambda,
  aws_lambda_destinations as destinations,
  aws_s3 as s3,
  aws_s3_notifications as s3n,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { bootstrapFunction } from './bootstrap-function';
import { RetentionPolicy, StageConfig } from './config';
import { Grant } from './gen';
import { addGrants } from './grants';
import { Tables } from './tables';

/** Where CSV files are dropped, and where the ingest reports are written. */
export const UPLOADS_PREFIX = 'uploads/';
export const REPORTS_PREFIX = 'reports/';

/**
 * The suffixes of the objects that trigger an import. S3 matches suffixes
 * case-sensitively, so both common spellings are listed; the function
 * itself takes any case, and reports why it skipped an object.
 */
export const CSV_SUFFIXES = ['.csv', '.CSV'];

export interface IngestProps {
  readonly config: StageConfig;
  readonly tables: Tables;
  readonly retention: RetentionPolicy;
  /** The ingest function's grants, as `cloudresume permissions --json` prints them. */
  readonly grants: readonly Grant[] | undefined;
}

/**
 * Batch ingestion: a CSV object (.csv or .CSV) created under uploads/ in the uploads bucket
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
    addGrants(this.handler, 'ingest', props.grants, tables, {
      uploads: [this.bucket.arnForObjects(`${UPLOADS_PREFIX}*`)],
      reports: [this.bucket.arnForObjects(`${REPORTS_PREFIX}*`)],
    });

    const destination = new s3n.LambdaDestination(this.handler);
    for (const suffix of CSV_SUFFIXES) {
      this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, { prefix: UPLOADS_PREFIX, suffix });
    }
  }
}
