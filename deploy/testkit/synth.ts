import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Environment } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Stage, readConfig } from '../lib/config';
import { CloudResumeStack } from '../lib/stack';

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A temporary directory removed when the test process exits. */
export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

/** Placeholder build outputs: a `bootstrap` file and a one-page site. */
export function fakeAssets(): { lambdaDir: string; siteDir: string } {
  const root = tempDir('cloudresume-cdk-');
  const lambdaDir = path.join(root, 'lambda');
  const siteDir = path.join(root, 'site');
  fs.mkdirSync(lambdaDir);
  fs.mkdirSync(siteDir);
  fs.writeFileSync(path.join(lambdaDir, 'bootstrap'), '#!/bin/sh\n', { mode: 0o755 });
  fs.writeFileSync(path.join(siteDir, 'index.html'), '<!doctype html><main>resume</main>\n');
  fs.writeFileSync(path.join(siteDir, '404.html'), '<!doctype html><main>not found</main>\n');
  return { lambdaDir, siteDir };
}

let assets: { lambdaDir: string; siteDir: string } | undefined;
// One cloud assembly directory per test process: assets are staged by content
// hash, so the 20 MB CLI layer of BucketDeployment is copied once, not per synth.
let outdir: string | undefined;

/** The context of cdk.json (feature flags, per-stage settings), as the CLI would pass it. */
export function cdkJsonContext(): Record<string, unknown> {
  const file = path.resolve(__dirname, '..', '..', 'cdk.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).context ?? {};
}

export interface SynthOptions {
  readonly stage?: Stage;
  /** Extra CDK context, as `-c key=value` would give it. */
  readonly context?: Record<string, unknown>;
  readonly env?: Environment;
  /**
   * Run the CDK's built-in CloudFormation validation (schema and rules) as
   * `cdk synth` does. Off by default: starting its engine costs seconds per
   * process, and one test runs it on purpose.
   */
  readonly validate?: boolean;
}

/** Synthesizes one stage stack the way bin/app.ts builds it, in a temp out dir. */
export function synthStack(opts: SynthOptions = {}): { stack: CloudResumeStack; template: Template } {
  assets ??= fakeAssets();
  const stage = opts.stage ?? 'dev';
  outdir ??= tempDir('cloudresume-cdk-out-');
  const app = new App({
    outdir,
    stackTraces: false,
    builtinCloudFormationValidation: opts.validate ?? false,
    context: {
      ...cdkJsonContext(),
      stage,
      lambdaZip: assets.lambdaDir,
      siteDir: assets.siteDir,
      alertEmail: 'owner@example.com',
      sesIdentity: 'example.com',
      ...opts.context,
    },
  });
  const stack = new CloudResumeStack(app, `cloudresume-${stage}`, {
    config: readConfig(app.node, stage),
    env: opts.env,
  });
  return { stack, template: Template.fromStack(stack) };
}

/** The findings of the last validated synthesis (see SynthOptions.validate). */
export function validationFindings(): unknown[] {
  const report = JSON.parse(fs.readFileSync(path.join(outdir!, 'validation-report.json'), 'utf8'));
  return report.pluginReports.flatMap((r: any) => r.violations ?? []);
}

/** Every resource of `type` in a template, as [logicalId, properties]. */
export function resourcesOf(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type)).map(([id, r]) => [id, (r as any).Properties ?? {}]);
}

/** Every resource of `type`, whole (with DeletionPolicy and friends). */
export function rawResourcesOf(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type));
}
