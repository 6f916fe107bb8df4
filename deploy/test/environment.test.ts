import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { resourcesOf, synthStack } from '../testkit/synth';

/**
 * What the Go function reads: cmd/lambda/testdata/environment.json, which a Go
 * test (TestEnvironmentList) keeps equal to the Lambda runtime's settings
 * (cmd/internal/app/settings.go).
 */
function goEnvironment(): { read: string[]; testOnly: string[] } {
  const file = path.resolve(__dirname, '..', '..', '..', 'cmd', 'lambda', 'testdata', 'environment.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

describe('environment', () => {
  const want = goEnvironment();
  const settable = new Set(want.read.filter((n) => !want.testOnly.includes(n)));

  const variants = {
    'dev, mail': synthStack().template,
    'dev, no mail, resume': synthStack({ context: { sesIdentity: '', resume: 'me.yaml' } }).template,
    'prod, custom domain': synthStack({
      stage: 'prod',
      context: { domainName: 'cv.example.org', hostedZoneName: 'example.org', hostedZoneId: 'Z0123456789ABC' },
      env: { region: 'us-east-1' },
    }).template,
  };

  for (const [name, template] of Object.entries(variants)) {
    test(`${name}: every variable set on a function is one the Go function reads`, () => {
      const fns = resourcesOf(template, 'AWS::Lambda::Function').filter(([, f]) => /^cloudresume-/.test(f.FunctionName ?? ''));
      assert.equal(fns.length, 2);
      for (const [, f] of fns) {
        for (const v of Object.keys(f.Environment.Variables)) {
          assert.ok(settable.has(v), `${f.FunctionName}: ${v} is not read by cmd/lambda (or is for tests only)`);
        }
      }
    });
  }

  test('the list is the Go side\'s, not an empty file', () => {
    assert.ok(want.read.includes('CLOUDRESUME_ADMIN_ISSUER') && want.read.includes('CLOUDRESUME_CONTACT_SECRET'));
    assert.ok(want.testOnly.every((n) => want.read.includes(n)));
  });
});
