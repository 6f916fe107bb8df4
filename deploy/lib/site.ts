import {
  Duration,
  aws_certificatemanager as acm,
  aws_cloudfront as cloudfront,
  aws_cloudfront_origins as origins,
  aws_route53 as route53,
  aws_route53_targets as targets,
  aws_s3 as s3,
  aws_s3_deployment as s3deploy,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ORIGIN_HEADER } from './api';
import { HeaderSets } from './gen';
import { headersPolicy } from './headers';
import { DomainConfig, RetentionPolicy, Stage } from './config';

/** Path patterns that CloudFront sends to the HTTP API instead of the bucket. */
export const API_PATH_PATTERNS = ['/api/*', '/healthz'];
/** The paths of the owner's dashboard: its page and its files, from the bucket. */
export const ADMIN_PATH_PATTERNS = ['/admin', '/admin/*'];

// Viewer-request function: "/dir/" and "/dir" serve "/dir/index.html", as the
// default root object does for "/" only.
export const INDEX_REWRITE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.lastIndexOf('.') < uri.lastIndexOf('/')) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

export interface SiteProps {
  readonly stage: Stage;
  readonly siteDir: string;
  readonly notFoundPage: string;
  readonly retention: RetentionPolicy;
  /** Host name of the HTTP API's default endpoint. */
  readonly apiDomainName: string;
  /** Sent to the API as X-Origin-Verify, so that it can tell CloudFront's requests from direct ones. */
  readonly apiOriginSecret: string;
  readonly domain?: DomainConfig;
  /** The security headers, as `cloudresume headers --json` prints them. */
  readonly headers: HeaderSets;
}

/**
 * The public face: a private bucket holding the generated site, read by
 * CloudFront through origin access control, and the HTTP API on the same
 * distribution under /api/*, so the browser talks to one origin and no CORS is
 * needed.
 */
export class Site extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly url: string;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.retention.removalPolicy,
      autoDeleteObjects: props.retention.autoDeleteObjects,
    });

    // Pages come from the bucket, which sends no headers of its own. The API
    // function sends its own: the API set, or the page set on the page it
    // answers a form posted without JavaScript. So the API's policy only fills
    // in answers that have none, such as CloudFront's own errors.
    const pageHeaders = headersPolicy(this, 'SecurityHeaders', `cloudresume-${props.stage}-security-headers`, props.headers.page, true);
    const apiHeaders = headersPolicy(this, 'ApiSecurityHeaders', `cloudresume-${props.stage}-api-security-headers`, props.headers.api, false);

    // The dashboard has a policy of its own: no inline style, and requests
    // to the Cognito user pool's API to sign in.
    const adminHeaders = headersPolicy(this, 'AdminSecurityHeaders', `cloudresume-${props.stage}-admin-security-headers`, props.headers.admin, true);

    const indexRewrite = new cloudfront.Function(this, 'IndexRewrite', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'serve index.html for directory paths',
      code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE),
    });

    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: new origins.HttpOrigin(props.apiDomainName, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        // CloudFront overwrites a viewer's own header of this name.
        customHeaders: { [ORIGIN_HEADER]: props.apiOriginSecret },
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // The managed policy made for API Gateway origins, chosen over a custom
      // one on purpose: it forwards every viewer header but Host (API Gateway
      // routes on its own; User-Agent for bot detection, Content-Type, Referer,
      // cookies and the query string), adds CloudFront-Viewer-Address (the
      // client address the function counts visitors by) and the other
      // CloudFront-Viewer-* headers (CloudFront-Viewer-Country, the country a
      // view is counted under), and, with caching
      // disabled, forwards Authorization for the admin routes. A custom origin
      // request policy may not name Authorization at all (CloudFront answers
      // 400), so it could not serve the admin routes.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
      compress: true,
    };

    const bucketOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const adminBehavior: cloudfront.BehaviorOptions = {
      origin: bucketOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: adminHeaders,
      compress: true,
      functionAssociations: [{ function: indexRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };

    let certificate: acm.ICertificate | undefined;
    let zone: route53.IHostedZone | undefined;
    if (props.domain) {
      zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: props.domain.hostedZoneId,
        zoneName: props.domain.hostedZoneName,
      });
      // CloudFront only accepts certificates from us-east-1; the app pins the
      // stack there whenever a custom domain is configured.
      certificate = new acm.Certificate(this, 'Certificate', {
        domainName: props.domain.domainName,
        validation: acm.CertificateValidation.fromDns(zone),
      });
    }

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `cloudresume ${props.stage}`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      domainNames: props.domain ? [props.domain.domainName] : undefined,
      certificate,
      defaultBehavior: {
        origin: bucketOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: pageHeaders,
        compress: true,
        functionAssociations: [{ function: indexRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        ...Object.fromEntries(API_PATH_PATTERNS.map((p) => [p, apiBehavior])),
        ...Object.fromEntries(ADMIN_PATH_PATTERNS.map((p) => [p, adminBehavior])),
      },
      // Error responses apply to the whole distribution, the API included. The
      // bucket grants CloudFront no s3:ListBucket, so a missing object is a 403
      // from S3, and only 403 is mapped: the API's own 404 JSON answers pass
      // through untouched. (The API answers 401, not 403, for a missing token.)
      errorResponses: [
        {
          httpStatus: 403,
          responseHttpStatus: 404,
          responsePagePath: props.notFoundPage,
          ttl: Duration.minutes(1),
        },
      ],
    });

    if (zone && props.domain) {
      const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
      new route53.ARecord(this, 'AliasA', { zone, recordName: props.domain.domainName, target });
      new route53.AaaaRecord(this, 'AliasAAAA', { zone, recordName: props.domain.domainName, target });
    }

    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [s3deploy.Source.asset(props.siteDir)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });

    this.url = `https://${props.domain ? props.domain.domainName : this.distribution.distributionDomainName}`;
  }
}
