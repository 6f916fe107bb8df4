import { Duration, RemovalPolicy, aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface BootstrapFunctionProps {
  readonly functionName: string;
  /** A zip holding `bootstrap`, or a directory holding it. */
  readonly asset: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly logRemovalPolicy: RemovalPolicy;
  readonly reservedConcurrency?: number;
  readonly onFailure?: lambda.IDestination;
  readonly retryAttempts?: number;
}

/**
 * A function running the Go `bootstrap` binary on Graviton (arm64) under the
 * OS-only runtime, with X-Ray tracing and its own log group kept for a month
 * (a plain LogGroup avoids the log-retention custom resource and its broad IAM).
 * Its role starts empty: instead of AWSLambdaBasicExecutionRole (logs on every
 * log group) it may write to its own log group only; callers grant the rest.
 */
export function bootstrapFunction(scope: Construct, id: string, props: BootstrapFunctionProps): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: props.logRemovalPolicy,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.functionName} function`,
  });
  logGroup.grantWrite(role);
  return new lambda.Function(scope, id, {
    role,
    functionName: props.functionName,
    runtime: lambda.Runtime.PROVIDED_AL2023,
    architecture: lambda.Architecture.ARM_64,
    handler: 'bootstrap',
    code: lambda.Code.fromAsset(props.asset),
    memorySize: props.memorySize,
    timeout: props.timeout,
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    environment: props.environment,
    reservedConcurrentExecutions: props.reservedConcurrency,
    onFailure: props.onFailure,
    retryAttempts: props.retryAttempts,
  });
}
