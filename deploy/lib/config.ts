import * as fs from 'node:fs';
import * as path from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Node } from 'constructs';

export const STAGES = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

/** A custom domain served by CloudFront, with its Route 53 zone. */
export interface DomainConfig {
  readonly domainName: string;
  readonly hostedZoneName: string;
  readonly hostedZoneId: string;
}

/** Everything a stage stack needs, resolved from CDK context. */
export interface StageConfig {
  readonly stage: Stage;
  /** Prefix of every DynamoDB table name, e.g. "cloudresume-dev-". */
  readonly tablePrefix: string;
  readonly domain?: DomainConfig;
  readonly alertEmail?: string;
  /** Verified SES identity (an address or a domain) the API sends from. */
  readonly sesIdentity?: string;
  readonly mailFrom?: string;
  readonly mailTo?: string;
  readonly reservedConcurrency?: number;
  /** Resume file packed beside `bootstrap` (make lambda RESUME=...); unset: /api/resume is off. */
  readonly resume?: string;
  readonly apiRateLimit: number;
  readonly apiBurstLimit: number;
  /** Serve the public counter badge, GET /api/badge.svg (CLOUDRESUME_BADGE). */
  readonly badge: boolean;
  /** A zip holding `bootstrap`, or a directory holding it. */
  readonly lambdaAsset: string;
  readonly siteDir: string;
  /** Page served, with status 404, for a path the site does not have: /404.html when the site has one, else /index.html. */
  readonly notFoundPage: string;
}

/** What differs between stages for data that must survive mistakes. */
export interface RetentionPolicy {
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly autoDeleteObjects: boolean;
}

export function retentionFor(stage: Stage): RetentionPolicy {
  switch (stage) {
    case 'prod':
      return { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: true, autoDeleteObjects: false };
    case 'staging':
      return { removalPolicy: RemovalPolicy.RETAIN, deletionProtection: false, autoDeleteObjects: false };
    case 'dev':
      return { removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false, autoDeleteObjects: true };
  }
}

// The compiled app lives in deploy/dist/bin or deploy/dist/lib; the repository root is three levels up.
const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Reads a context value: `-c key=value` (or a top-level cdk.json key) wins over
 * the `stages.<stage>.<key>` entry of cdk.json. Empty strings count as unset, so
 * a CI variable that is not defined does not override the file.
 */
function lookup(node: Node, stage: string, key: string): string | undefined {
  const top = node.tryGetContext(key);
  if (top !== undefined && top !== null && String(top) !== '') {
    return String(top);
  }
  const stages = node.tryGetContext('stages');
  const perStage = stages && typeof stages === 'object' ? stages[stage] : undefined;
  const v = perStage && typeof perStage === 'object' ? perStage[key] : undefined;
  if (v !== undefined && v !== null && String(v) !== '') {
    return String(v);
  }
  return undefined;
}

function nonNegativeInt(key: string, raw: string | undefined, fallback?: number): number | undefined {
  if (raw === undefined) {
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`context ${key}: want a non-negative integer, got "${raw}"`);
  }
  return n;
}

function flag(key: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === 'false') {
    return false;
  }
  if (raw !== 'true') {
    throw new Error(`context ${key}: want true or false, got "${raw}"`);
  }
  return true;
}

function defaultLambdaAsset(): string {
  const zip = path.join(repoRoot, 'dist', 'lambda', 'function.zip');
  return fs.existsSync(zip) ? zip : path.join(repoRoot, 'dist', 'lambda');
}

export function readStage(node: Node): Stage {
  const raw = String(node.tryGetContext('stage') ?? 'dev');
  if (!(STAGES as readonly string[]).includes(raw)) {
    throw new Error(`context stage: want one of ${STAGES.join(', ')}, got "${raw}"`);
  }
  return raw as Stage;
}

/** Resolves the configuration of one stage from the context of `node`. */
export function readConfig(node: Node, stage: Stage): StageConfig {
  const get = (key: string) => lookup(node, stage, key);

  const domainName = get('domainName');
  const hostedZoneName = get('hostedZoneName');
  const hostedZoneId = get('hostedZoneId');
  let domain: DomainConfig | undefined;
  if (domainName || hostedZoneName || hostedZoneId) {
    if (!domainName || !hostedZoneName || !hostedZoneId) {
      throw new Error('context: a custom domain needs domainName, hostedZoneName and hostedZoneId together');
    }
    domain = { domainName, hostedZoneName, hostedZoneId };
  }

  const sesIdentity = get('sesIdentity');
  const alertEmail = get('alertEmail');
  const mailFrom = get('mailFrom') ?? (sesIdentity && (sesIdentity.includes('@') ? sesIdentity : `noreply@${sesIdentity}`));
  const mailTo = get('mailTo') ?? alertEmail;

  const lambdaAsset = path.resolve(get('lambdaZip') ?? defaultLambdaAsset());
  const siteDir = path.resolve(get('siteDir') ?? path.join(repoRoot, 'dist', 'site'));
  for (const [key, p, hint] of [
    ['lambdaZip', lambdaAsset, 'make lambda'],
    ['siteDir', siteDir, 'go run ./cmd/cloudresume build -o dist/site'],
  ]) {
    if (!fs.existsSync(p)) {
      throw new Error(`context ${key}: ${p} does not exist (build it first: ${hint})`);
    }
  }

  return {
    stage,
    tablePrefix: get('tablePrefix') ?? `cloudresume-${stage}-`,
    domain,
    alertEmail,
    sesIdentity,
    mailFrom,
    mailTo,
    reservedConcurrency: nonNegativeInt('reservedConcurrency', get('reservedConcurrency')),
    resume: get('resume') && path.basename(get('resume')!),
    apiRateLimit: nonNegativeInt('apiRateLimit', get('apiRateLimit'), 50)!,
    apiBurstLimit: nonNegativeInt('apiBurstLimit', get('apiBurstLimit'), 100)!,
    badge: flag('badge', get('badge')),
    lambdaAsset,
    siteDir,
    notFoundPage: get('notFoundPage') ?? (fs.existsSync(path.join(siteDir, '404.html')) ? '/404.html' : '/index.html'),
  };
}
