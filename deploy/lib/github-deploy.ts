import { CfnOutput, Stack, StackProps, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The qualifier of the default `cdk bootstrap` roles. */
export const BOOTSTRAP_QUALIFIER = 'hnb659fds';

/** The GitHub environments of the deploy workflow, and the stage each deploys. */
export const GITHUB_ENVIRONMENTS = { staging: 'staging', production: 'prod' } as const;
export type GithubEnvironment = keyof typeof GITHUB_ENVIRONMENTS;

export interface GithubDeployStackProps extends StackProps {
  /** "owner/name" of the repository whose workflows may deploy. */
  readonly repository: string;
  /** The GitHub environment whose jobs may use the role. */
  readonly environment: GithubEnvironment;
  /** An existing token.actions.githubusercontent.com provider; one is created when unset. */
  readonly oidcProviderArn?: string;
}

/**
 * Stack `cloudresume-github-<environment>`, deployed once by hand in the
 * AWS account of that environment: lets the deploy jobs of one GitHub
 * environment of one repository deploy without stored keys. A job exchanges
 * its OIDC token for this role, which may do one thing: assume the roles
 * `cdk bootstrap` created in this account (deploy, asset publishing). Only
 * jobs of that environment can assume it; with staging and prod in
 * separate accounts, the staging role cannot deploy prod.
 */
export class GithubDeployStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GithubDeployStackProps) {
    super(scope, id, props);
    if (!/^[\w.-]+\/[\w.-]+$/.test(props.repository)) {
      throw new Error(`context githubRepo: want owner/name, got "${props.repository}"`);
    }
    if (!(props.environment in GITHUB_ENVIRONMENTS)) {
      throw new Error(`context githubEnvironment: want ${Object.keys(GITHUB_ENVIRONMENTS).join(' or ')}, got "${props.environment}"`);
    }
    const issuer = 'token.actions.githubusercontent.com';
    const providerArn =
      props.oidcProviderArn ??
      new iam.OidcProviderNative(this, 'GithubOidc', {
        url: `https://${issuer}`,
        clientIds: ['sts.amazonaws.com'],
      }).oidcProviderArn;

    this.role = new iam.Role(this, 'DeployRole', {
      roleName: `cloudresume-github-${props.environment}`,
      description: `GitHub Actions deployments of ${props.repository} to ${GITHUB_ENVIRONMENTS[props.environment]}`,
      assumedBy: new iam.FederatedPrincipal(
        providerArn,
        {
          StringEquals: {
            [`${issuer}:aud`]: 'sts.amazonaws.com',
            // The subject of a job that runs in a GitHub environment.
            [`${issuer}:sub`]: `repo:${props.repository}:environment:${props.environment}`,
          },
        },
        'sts:AssumeRoleWithWebIdentity',
      ),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [
          this.formatArn({
            service: 'iam',
            region: '',
            resource: 'role',
            resourceName: `cdk-${BOOTSTRAP_QUALIFIER}-*`,
          }),
        ],
      }),
    );
    new CfnOutput(this, 'RoleArn', {
      value: this.role.roleArn,
      description: `Set as the AWS_ROLE_ARN variable of the ${props.environment} environment`,
    });
  }
}
