import { Duration, aws_cloudfront as cloudfront } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { HeaderSet } from './gen';

/**
 * A response headers policy that sends headers. With override they replace
 * what the origin sent; without, they only fill in what it left out.
 * CloudFront takes the security headers in fixed fields and the rest as
 * custom headers; a value those fields cannot hold is an error here, at
 * synth, rather than a header silently dropped.
 */
export function headersPolicy(
  scope: Construct,
  id: string,
  name: string,
  headers: HeaderSet,
  override: boolean,
): cloudfront.ResponseHeadersPolicy {
  const security: { -readonly [K in keyof cloudfront.ResponseSecurityHeadersBehavior]: cloudfront.ResponseSecurityHeadersBehavior[K] } = {};
  const custom: cloudfront.ResponseCustomHeader[] = [];
  const bad = (header: string, value: string) => new Error(`${name}: ${header}: ${JSON.stringify(value)} cannot be sent by CloudFront`);
  for (const [header, value] of Object.entries(headers)) {
    switch (header) {
      case 'Content-Security-Policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override };
        break;
      case 'Strict-Transport-Security': {
        const m = /^max-age=(\d+)(; includeSubDomains)?(; preload)?$/.exec(value);
        if (!m) throw bad(header, value);
        security.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(m[1])),
          includeSubdomains: m[2] !== undefined,
          preload: m[3] !== undefined,
          override,
        };
        break;
      }
      case 'X-Content-Type-Options':
        if (value !== 'nosniff') throw bad(header, value);
        security.contentTypeOptions = { override };
        break;
      case 'X-Frame-Options': {
        const frameOption = { DENY: cloudfront.HeadersFrameOption.DENY, SAMEORIGIN: cloudfront.HeadersFrameOption.SAMEORIGIN }[value];
        if (!frameOption) throw bad(header, value);
        security.frameOptions = { frameOption, override };
        break;
      }
      case 'Referrer-Policy':
        if (!(Object.values(cloudfront.HeadersReferrerPolicy) as string[]).includes(value)) throw bad(header, value);
        security.referrerPolicy = { referrerPolicy: value as cloudfront.HeadersReferrerPolicy, override };
        break;
      default:
        custom.push({ header, value, override });
    }
  }
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    responseHeadersPolicyName: name,
    comment: override ? 'cloudresume security headers' : 'cloudresume security headers, where the origin sent none',
    securityHeadersBehavior: security,
    customHeadersBehavior: custom.length > 0 ? { customHeaders: custom } : undefined,
  });
}
