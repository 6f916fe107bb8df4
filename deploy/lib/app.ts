import { App, Stack } from 'aws-cdk-lib';
import { readConfig, readStage } from './config';
import { GithubDeployStack, GithubEnvironment } from './github-deploy';
import { CloudResumeStack } from './stack';

/**
 * Adds the stacks that the context asks for to `app`.
 *
 * One stage per synthesis, chosen with `-c stage=dev|staging|prod`; the stack is
 * `cloudresume-<stage>`. Stacks are environment-agnostic (the CLI's account and
 * region are used) except with a custom domain, which pins the stage to
 * us-east-1 because CloudFront only takes certificates from there. `-c
 * region=...` pins any stage to a region.
 *
 * `-c githubRepo=owner/name -c githubEnvironment=staging|production` adds
 * the one-time `cloudresume-github-<environment>` stack (the deploy role of
 * that GitHub environment) instead, which needs no build output.
 */
export function buildApp(app: App): Stack[] {
  const githubRepo = app.node.tryGetContext('githubRepo');
  if (githubRepo) {
    const environment = String(app.node.tryGetContext('githubEnvironment') ?? '') as GithubEnvironment;
    return [
      new GithubDeployStack(app, `cloudresume-github-${environment}`, {
        repository: String(githubRepo),
        environment,
        oidcProviderArn: app.node.tryGetContext('githubOidcProviderArn') || undefined,
        description: 'cloudresume: role for GitHub Actions deployments',
      }),
    ];
  }
  const stage = readStage(app.node);
  const config = readConfig(app.node, stage);
  const region = app.node.tryGetContext('region') || (config.domain ? 'us-east-1' : undefined);
  return [
    new CloudResumeStack(app, `cloudresume-${stage}`, {
      config,
      description: `cloudresume ${stage}: site, API, ingestion, alarms`,
      env: region ? { region } : undefined,
      tags: { project: 'cloudresume', stage },
    }),
  ];
}
