import { aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RetentionPolicy } from './config';

export interface TablesProps {
  /** Prefix of every table name; the program reads it from CLOUDRESUME_TABLE_PREFIX. */
  readonly prefix: string;
  readonly retention: RetentionPolicy;
}

/**
 * The DynamoDB tables. Every table has the same generic key schema (pk, sk as
 * strings) so the store decides its own item layout, and the same TTL attribute
 * for items that expire (first-visit markers).
 */
export class Tables extends Construct {
  readonly visits: dynamodb.Table;
  readonly movies: dynamodb.Table;
  readonly messages: dynamodb.Table;

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);
    const table = (name: string) =>
      new dynamodb.Table(this, name[0].toUpperCase() + name.slice(1), {
        tableName: `${props.prefix}${name}`,
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: 'expires_at',
        deletionProtection: props.retention.deletionProtection,
        removalPolicy: props.retention.removalPolicy,
      });
    this.visits = table('visits');
    this.movies = table('movies');
    this.messages = table('messages');
  }

  get all(): dynamodb.Table[] {
    return [this.visits, this.movies, this.messages];
  }
}
