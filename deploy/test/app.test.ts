import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { App, CfnResource, Token } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { Template } from 'aws-cdk-lib/assertions';
import { STAGES, readConfig, readStage } from '../lib/config';
import { GithubDeployStack } from '../lib/github-deploy';
import { cdkJsonContext, fakeAssets, resourcesOf, synthStack, tempDir, validationFindings } from '../testkit/synth';

const DOMAIN = { domainName: 'cv.example.org', hostedZoneName: 'example.org', hostedZoneId: 'Z0123456789ABC' };
const CLOUDFRONT_ZONE_ID = 'Z2FDTNDATAQYW2';

describe('custom domain', () => {
  const { template } = synthStack({ stage: 'prod', context: DOMAIN, env: { region: 'us-east-1' } });

  test('an ACM certificate validated in the hosted zone, on the distribution', () => {
    const [[certId, cert]] = resourcesOf(template, 'AWS::CertificateManager::Certificate');
    assert.equal(cert.DomainName, DOMAIN.domainName);
    assert.equal(cert.ValidationMethod, 'DNS');
    assert.deepEqual(cert.DomainValidationOptions, [{ DomainName: DOMAIN.domainName, HostedZoneId: DOMAIN.hostedZoneId }]);
    const [[, dist]] = resourcesOf(template, 'AWS::CloudFront::Distribution');
    assert.deepEqual(dist.DistributionConfig.Aliases, [DOMAIN.domainName]);
    assert.deepEqual(dist.DistributionConfig.ViewerCertificate, {
      AcmCertificateArn: { Ref: certId },
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  test('A and AAAA alias records point the name at CloudFront', () => {
    const records = resourcesOf(template, 'AWS::Route53::RecordSet');
    assert.deepEqual(records.map(([, r]) => r.Type).sort(), ['A', 'AAAA']);
    const [[distId]] = resourcesOf(template, 'AWS::CloudFront::Distribution');
    const zoneIds = template.toJSON().Mappings.AWSCloudFrontPartitionHostedZoneIdMap;
    assert.equal(zoneIds.aws.zoneId, CLOUDFRONT_ZONE_ID);
    for (const [, r] of records) {
      assert.equal(r.Name, `${DOMAIN.domainName}.`);
      assert.equal(r.HostedZoneId, DOMAIN.hostedZoneId);
      assert.deepEqual(r.AliasTarget, {
        DNSName: { 'Fn::GetAtt': [distId, 'DomainName'] },
        HostedZoneId: { 'Fn::FindInMap': ['AWSCloudFrontPartitionHostedZoneIdMap', { Ref: 'AWS::Partition' }, 'zoneId'] },
      });
    }
  });

  test('the site URL is the custom domain, for the outputs and the API', () => {
    template.hasOutput('SiteUrl', { Value: `https://${DOMAIN.domainName}` });
    const [, api] = resourcesOf(template, 'AWS::Lambda::Function').find(([, f]) => f.FunctionName === 'cloudresume-prod-api')!;
    assert.equal(api.Environment.Variables.CLOUDRESUME_SITE_URL, `https://${DOMAIN.domainName}`);
  });

  test('without a domain there is no certificate, alias or DNS record', () => {
    const { template: plain } = synthStack();
    assert.equal(resourcesOf(plain, 'AWS::CertificateManager::Certificate').length, 0);
    assert.equal(resourcesOf(plain, 'AWS::Route53::RecordSet').length, 0);
    const [[, dist]] = resourcesOf(plain, 'AWS::CloudFront::Distribution');
    assert.equal(dist.DistributionConfig.Aliases, undefined);
  });

  test('a domain outside us-east-1, or in an unknown region, is refused', () => {
    assert.throws(() => synthStack({ context: DOMAIN, env: { region: 'eu-west-1' } }), /us-east-1/);
    assert.throws(() => synthStack({ context: DOMAIN }), /us-east-1/);
  });

  test('a domain needs its name, zone name and zone id together', () => {
    assert.throws(() => synthStack({ context: { domainName: 'cv.example.org' }, env: { region: 'us-east-1' } }), /hostedZoneId/);
  });
});

describe('configuration', () => {
  const assets = fakeAssets();
  const configOf = (context: Record<string, unknown>) => {
    const app = new App({ context: { lambdaZip: assets.lambdaDir, siteDir: assets.siteDir, ...context } });
    return readConfig(app.node, readStage(app.node));
  };

  test('the stage defaults to dev and must be a known one', () => {
    assert.equal(configOf({}).stage, 'dev');
    assert.equal(configOf({ stage: 'prod' }).tablePrefix, 'cloudresume-prod-');
    assert.throws(() => configOf({ stage: 'qa' }), /dev, staging, prod/);
  });

  test('per-stage settings come from cdk.json stages, and -c overrides them unless empty', () => {
    const stages = { prod: { alertEmail: 'prod@example.com', reservedConcurrency: 20 }, dev: { alertEmail: 'dev@example.com' } };
    assert.equal(configOf({ stage: 'prod', stages }).alertEmail, 'prod@example.com');
    assert.equal(configOf({ stage: 'prod', stages }).reservedConcurrency, 20);
    assert.equal(configOf({ stage: 'dev', stages }).alertEmail, 'dev@example.com');
    assert.equal(configOf({ stage: 'dev', stages }).reservedConcurrency, undefined);
    assert.equal(configOf({ stage: 'prod', stages, alertEmail: 'ci@example.com' }).alertEmail, 'ci@example.com');
    assert.equal(configOf({ stage: 'prod', stages, alertEmail: '' }).alertEmail, 'prod@example.com');
  });

  test('mail addresses follow the SES identity and the alert address', () => {
    const a = configOf({ sesIdentity: 'me@example.com', alertEmail: 'ops@example.com' });
    assert.equal(a.mailFrom, 'me@example.com');
    assert.equal(a.mailTo, 'ops@example.com');
    const b = configOf({ sesIdentity: 'example.com', mailFrom: 'cv@example.com', mailTo: 'inbox@example.com' });
    assert.equal(b.mailFrom, 'cv@example.com');
    assert.equal(b.mailTo, 'inbox@example.com');
  });

  test('the badge is off unless asked for', () => {
    assert.equal(configOf({}).badge, false);
    assert.equal(configOf({ badge: 'true' }).badge, true);
    assert.equal(configOf({ badge: true }).badge, true);
    assert.equal(configOf({ stage: 'prod', stages: { prod: { badge: true } } }).badge, true);
    assert.throws(() => configOf({ badge: 'yes' }), /badge: want true or false/);
  });

  test('bad numbers and missing build outputs are explained', () => {
    assert.throws(() => configOf({ reservedConcurrency: 'lots' }), /reservedConcurrency/);
    assert.throws(() => configOf({ lambdaZip: '/nonexistent/function.zip' }), /make lambda/);
    assert.throws(() => configOf({ siteDir: '/nonexistent/site' }), /cloudresume build/);
  });

  test('the 404 page is the site\'s 404.html when it has one, else index.html', () => {
    assert.equal(configOf({}).notFoundPage, '/404.html');
    const bare = tempDir('cloudresume-site-');
    fs.writeFileSync(path.join(bare, 'index.html'), '<main></main>');
    assert.equal(configOf({ siteDir: bare }).notFoundPage, '/index.html');
  });
});

describe('app', () => {
  const assets = fakeAssets();
  const build = (context: Record<string, unknown>) => {
    const app = new App({ outdir: tempDir('cloudresume-app-'), context: { ...cdkJsonContext(), ...context } });
    return buildApp(app);
  };

  test('one stage per synthesis: cloudresume-<stage>, region-agnostic', () => {
    const stacks = build({ stage: 'staging', lambdaZip: assets.lambdaDir, siteDir: assets.siteDir });
    assert.deepEqual(stacks.map((s) => s.stackName), ['cloudresume-staging']);
    assert.ok(Token.isUnresolved(stacks[0].region));
    assert.ok(Token.isUnresolved(stacks[0].account));
  });

  test('a stage with a custom domain is pinned to us-east-1', () => {
    const [stack] = build({ stage: 'prod', lambdaZip: assets.lambdaDir, siteDir: assets.siteDir, ...DOMAIN });
    assert.equal(stack.region, 'us-east-1');
    assert.ok(Token.isUnresolved(stack.account), 'no account lookup');
  });

  test('with githubRepo, only the deploy role stack of one GitHub environment, which needs no build output', () => {
    const stacks = build({ githubRepo: 'someone/cloudresume', githubEnvironment: 'staging', lambdaZip: '/nonexistent' });
    assert.deepEqual(stacks.map((s) => s.stackName), ['cloudresume-github-staging']);
    assert.throws(() => build({ githubRepo: 'someone/cloudresume' }), /githubEnvironment: want staging or production/);
  });

  test('the compiled entry point synthesizes as the CDK CLI runs it', () => {
    const outdir = tempDir('cloudresume-app-');
    const res = spawnSync(process.execPath, [path.resolve(__dirname, '..', 'bin', 'app.js')], {
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext(), stage: 'dev', lambdaZip: assets.lambdaDir, siteDir: assets.siteDir }),
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(res.status, 0, res.stderr);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.artifacts['cloudresume-dev'].type, 'aws:cloudformation:stack');
    assert.equal(manifest.artifacts['cloudresume-dev'].environment, 'aws://unknown-account/unknown-region');
    assert.ok(fs.existsSync(path.join(outdir, 'cloudresume-dev.template.json')));
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    assert.deepEqual(report.pluginReports.flatMap((r: any) => r.violations ?? []), [], 'CloudFormation validation findings');
  });

  for (const stage of STAGES) {
    test(`${stage}: the template passes CloudFormation validation (schemas and rules) without a finding`, () => {
      synthStack({ stage, validate: true });
      assert.deepEqual(validationFindings(), []);
    });
  }

  test('prod with a custom domain passes CloudFormation validation too', () => {
    synthStack({ stage: 'prod', context: DOMAIN, env: { region: 'us-east-1' }, validate: true });
    assert.deepEqual(validationFindings(), []);
  });

  test('with cdk.json settings, a template CloudFormation would reject fails synthesis', () => {
    const { stack } = synthStack({ validate: true });
    (stack.api.handler.node.defaultChild as CfnResource).addPropertyOverride('MemorySize', 1);
    assert.throws(() => (stack.node.root as App).synth({ force: true }), /Validation failed/);
  });
});

describe('GitHub deploy roles', () => {
  const roleOf = (environment: 'staging' | 'production') => {
    const app = new App({ context: cdkJsonContext() });
    return Template.fromStack(new GithubDeployStack(app, `cloudresume-github-${environment}`, { repository: 'someone/cloudresume', environment }));
  };

  for (const environment of ['staging', 'production'] as const) {
    const template = roleOf(environment);

    test(`${environment}: trusts the GitHub OIDC tokens of the ${environment} environment of one repository only`, () => {
      const [[providerId, provider]] = resourcesOf(template, 'AWS::IAM::OIDCProvider');
      assert.equal(provider.Url, 'https://token.actions.githubusercontent.com');
      assert.deepEqual(provider.ClientIdList, ['sts.amazonaws.com']);
      const [[, role]] = resourcesOf(template, 'AWS::IAM::Role');
      assert.equal(role.RoleName, `cloudresume-github-${environment}`);
      const statements = role.AssumeRolePolicyDocument.Statement;
      assert.equal(statements.length, 1);
      const [trust] = statements;
      assert.equal(trust.Action, 'sts:AssumeRoleWithWebIdentity');
      assert.deepEqual(trust.Principal, { Federated: { Ref: providerId } });
      // StringEquals, not StringLike: no wildcard, no branch or other environment.
      assert.deepEqual(trust.Condition, {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': `repo:someone/cloudresume:environment:${environment}`,
        },
      });
    });

    test(`${environment}: may only assume the CDK bootstrap roles of its own account`, () => {
      const statements = resourcesOf(template, 'AWS::IAM::Policy').flatMap(([, p]) => p.PolicyDocument.Statement);
      assert.equal(statements.length, 1);
      assert.equal(statements[0].Action, 'sts:AssumeRole');
      assert.deepEqual(statements[0].Resource, {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/cdk-hnb659fds-*']],
      });
    });
  }

  test('reuses an existing OIDC provider when given one, and refuses a bad repository or environment', () => {
    const t = Template.fromStack(
      new GithubDeployStack(new App(), 'x', {
        repository: 'someone/cloudresume',
        environment: 'production',
        oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
      }),
    );
    assert.equal(resourcesOf(t, 'AWS::IAM::OIDCProvider').length, 0);
    assert.throws(() => new GithubDeployStack(new App(), 'y', { repository: 'not a repo', environment: 'staging' }), /owner\/name/);
    assert.throws(() => new GithubDeployStack(new App(), 'z', { repository: 'a/b', environment: 'prod' as any }), /staging or production/);
  });
});
