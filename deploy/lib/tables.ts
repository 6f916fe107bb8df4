import { aws_dynamodb as dynamodb } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { RetentionPolicy } from './config';
import { IndexDef, KeyElement, TableDef } from './gen';

export interface TablesProps {
  /** Prefix of every table name; the program reads it from CLOUDRESUME_TABLE_PREFIX. */
  readonly prefix: string;
  readonly retention: RetentionPolicy;
  /** The definitions, as `cloudresume tables --json` prints them. */
  readonly defs: readonly TableDef[];
}

/**
 * The DynamoDB tables, exactly as internal/dynamo defines them (keys,
 * indexes, TTL attribute, billing mode), with point-in-time recovery and the
 * stage's retention.
 */
export class Tables extends Construct {
  /** By name suffix: "visits", "movies", "messages". */
  readonly bySuffix: ReadonlyMap<string, dynamodb.Table>;
  readonly defs: readonly TableDef[];

  constructor(scope: Construct, id: string, props: TablesProps) {
    super(scope, id);
    this.defs = props.defs;
    const tables = new Map<string, dynamodb.Table>();
    for (const def of props.defs) {
      if (def.billing_mode !== 'PAY_PER_REQUEST') {
        throw new Error(`table ${def.suffix}: billing mode ${def.billing_mode}: only PAY_PER_REQUEST is deployed`);
      }
      const attr = attributeOf(def);
      const key = keyOf(def.suffix, def.key_schema, attr);
      const table = new dynamodb.Table(this, def.suffix[0].toUpperCase() + def.suffix.slice(1), {
        tableName: `${props.prefix}${def.suffix}`,
        partitionKey: key.partitionKey,
        sortKey: key.sortKey,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: def.ttl_attribute || undefined,
        deletionProtection: props.retention.deletionProtection,
        removalPolicy: props.retention.removalPolicy,
      });
      for (const idx of def.local_indexes) {
        const k = keyOf(`${def.suffix}/${idx.name}`, idx.key_schema, attr);
        if (!k.sortKey || k.partitionKey.name !== key.partitionKey.name) {
          throw new Error(`table ${def.suffix}: local index ${idx.name} must share the partition key and have a sort key`);
        }
        table.addLocalSecondaryIndex({ indexName: idx.name, sortKey: k.sortKey, ...projectionOf(idx) });
      }
      for (const idx of def.global_indexes) {
        const k = keyOf(`${def.suffix}/${idx.name}`, idx.key_schema, attr);
        table.addGlobalSecondaryIndex({ indexName: idx.name, partitionKey: k.partitionKey, sortKey: k.sortKey, ...projectionOf(idx) });
      }
      tables.set(def.suffix, table);
    }
    this.bySuffix = tables;
  }

  get all(): dynamodb.Table[] {
    return [...this.bySuffix.values()];
  }

  /** The table with this name suffix; an unknown one is an error at synthesis. */
  table(suffix: string): dynamodb.Table {
    const t = this.bySuffix.get(suffix);
    if (!t) throw new Error(`no table ${suffix} in tables.json`);
    return t;
  }
}

function attributeOf(def: TableDef): (name: string) => dynamodb.Attribute {
  const types: Record<string, dynamodb.AttributeType> = {
    S: dynamodb.AttributeType.STRING,
    N: dynamodb.AttributeType.NUMBER,
    B: dynamodb.AttributeType.BINARY,
  };
  return (name) => {
    const a = def.attributes.find((x) => x.name === name);
    if (!a || !types[a.type]) throw new Error(`table ${def.suffix}: key attribute ${name} has no definition`);
    return { name, type: types[a.type] };
  };
}

function keyOf(what: string, schema: readonly KeyElement[], attr: (name: string) => dynamodb.Attribute) {
  const hash = schema.filter((k) => k.type === 'HASH');
  const range = schema.filter((k) => k.type === 'RANGE');
  if (hash.length !== 1 || range.length > 1 || schema.length !== hash.length + range.length) {
    throw new Error(`${what}: key schema ${JSON.stringify(schema)}: want one HASH and at most one RANGE`);
  }
  return { partitionKey: attr(hash[0].attribute), sortKey: range.length ? attr(range[0].attribute) : undefined };
}

function projectionOf(idx: IndexDef): { projectionType: dynamodb.ProjectionType; nonKeyAttributes?: string[] } {
  const type = { ALL: dynamodb.ProjectionType.ALL, KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY, INCLUDE: dynamodb.ProjectionType.INCLUDE }[idx.projection.type];
  if (!type) throw new Error(`index ${idx.name}: projection ${idx.projection.type}`);
  return { projectionType: type, nonKeyAttributes: idx.projection.non_key_attributes ? [...idx.projection.non_key_attributes] : undefined };
}
