import { CfnOutput, Stack, StackProps, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The qualifier of the default `cdk bootstrap` roles. */
export const BOOTSTRAP_QUALIFIER = 'hnb659fds';

export interface GithubDeployStackProps extends StackProps {
  /** "owner/name" of the repository whose workflows may deploy. */
  readonly repository: string;
  /** An existing token.actions.githubusercontent.com provider; one is created when unset. */
  readonly oidcProviderArn?: string;
}

/**
 * Stack `cloudresume-github`, deployed once by hand: lets GitHub Actions of one
 * repository deploy without stored keys. The workflow exchanges its OIDC token
 * for this role, which may do one thing: assume the roles `cdk bootstrap`
 * created (deploy, asset publishing). Only the main branch and the
 * `production` environment of that repository can assume it.
 */
export class GithubDeployStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GithubDeployStackProps) {
    super(scope, id, props);
    if (!/^[\w.-]+\/[\w.-]+$/.test(props.repository)) {
      throw new Error(`context githubRepo: want owner/name, got "${props.repository}"`);
    }
    const issuer = 'token.actions.githubusercontent.com';
    const providerArn =
      props.oidcProviderArn ??
      new iam.OidcProviderNative(this, 'GithubOidc', {
        url: `https://${issuer}`,
        clientIds: ['sts.amazonaws.com'],
      }).oidcProviderArn;

    this.role = new iam.Role(this, 'DeployRole', {
      roleName: 'cloudresume-github-deploy',
      description: `GitHub Actions deployments of ${props.repository}`,
      assumedBy: new iam.FederatedPrincipal(
        providerArn,
        {
          StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' },
          StringLike: {
            [`${issuer}:sub`]: [
              `repo:${props.repository}:ref:refs/heads/main`,
              `repo:${props.repository}:environment:staging`,
              `repo:${props.repository}:environment:production`,
            ],
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
    new CfnOutput(this, 'RoleArn', { value: this.role.roleArn, description: 'Set as the AWS_ROLE_ARN repository variable' });
  }
}
