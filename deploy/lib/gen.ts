import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What the Go program owns, as it prints it: `cloudresume routes --json`,
 * `headers --json`, `tables --json` and `permissions --json`, written to
 * deploy/gen/ by `npm run build` (scripts/gen.sh). The app builds its
 * routes, header policies, tables and grants from these and from nothing
 * typed here.
 */
export const GEN_DIR = path.resolve(__dirname, '..', '..', 'gen');

/** One API route, as `routes --json` prints it. */
export interface Route {
  readonly method: string;
  /** A Go ServeMux path pattern: `{name}` parameters, as API Gateway has them. */
  readonly path: string;
  /** Admin routes need a token: the JWT authorizer checks it, and the function again. */
  readonly admin: boolean;
}

/** Response headers by name, one value each. */
export type HeaderSet = Readonly<Record<string, string>>;

/** The security headers of pages, of API answers and of the /admin dashboard, as `headers --json` prints them. */
export interface HeaderSets {
  readonly page: HeaderSet;
  readonly api: HeaderSet;
  readonly admin: HeaderSet;
}

export interface KeyElement {
  readonly attribute: string;
  readonly type: 'HASH' | 'RANGE';
}

export interface IndexDef {
  readonly name: string;
  readonly key_schema: readonly KeyElement[];
  readonly projection: { readonly type: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; readonly non_key_attributes?: readonly string[] };
}

/** One DynamoDB table, as `tables --json` prints it. */
export interface TableDef {
  readonly suffix: string;
  readonly billing_mode: string;
  readonly key_schema: readonly KeyElement[];
  readonly attributes: readonly { readonly name: string; readonly type: 'S' | 'N' | 'B' }[];
  readonly local_indexes: readonly IndexDef[];
  readonly global_indexes: readonly IndexDef[];
  readonly ttl_attribute?: string;
}

/** One IAM action a function needs, as `permissions --json` prints it. */
export interface Grant {
  readonly action: string;
  /** A table's name suffix; with index, the action is on that index. */
  readonly table?: string;
  readonly index?: string;
  /** "uploads", "reports" or "mail": see cmd/internal/perm. */
  readonly resource?: string;
}

/** The grants of each function: "api" and "ingest". */
export type Permissions = Readonly<Record<string, readonly Grant[]>>;

function read<T>(name: string, check: (v: any) => boolean): T {
  const file = path.join(GEN_DIR, `${name}.json`);
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message} (run \`npm run build\`, which writes it with \`cloudresume ${name} --json\`)`);
  }
  if (!check(value)) {
    throw new Error(`${file}: not what \`cloudresume ${name} --json\` prints`);
  }
  return value as T;
}

export function routes(): readonly Route[] {
  return read('routes', (v) => Array.isArray(v) && v.length > 0 && v.every((r) => typeof r.method === 'string' && typeof r.path === 'string' && typeof r.admin === 'boolean'));
}

export function headers(): HeaderSets {
  return read('headers', (v) => v && typeof v.page === 'object' && typeof v.api === 'object' && typeof v.admin === 'object' && Object.keys(v.page).length > 0 && Object.keys(v.admin).length > 0);
}

export function tables(): readonly TableDef[] {
  return read('tables', (v) => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t.suffix === 'string' && Array.isArray(t.key_schema)));
}

export function permissions(): Permissions {
  return read('permissions', (v) => v && typeof v === 'object' && Object.values(v).every((g) => Array.isArray(g)));
}

/** The program's own CloudWatch metrics, as `metrics --json` prints them. */
export interface MetricSet {
  readonly namespace: string;
  /** The dimension whose value is the stage. */
  readonly dimension: string;
  readonly metrics: readonly { readonly name: string; readonly unit: string; readonly description: string }[];
}

export function metrics(): MetricSet {
  return read('metrics', (v) => v && typeof v.namespace === 'string' && typeof v.dimension === 'string' && Array.isArray(v.metrics) && v.metrics.length > 0);
}
