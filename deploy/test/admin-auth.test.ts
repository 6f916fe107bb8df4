import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourcesOf, synthStack } from '../testkit/synth';

describe('admin sign-in', () => {
  const { template } = synthStack();
  const [[, pool]] = resourcesOf(template, 'AWS::Cognito::UserPool');
  const [[, client]] = resourcesOf(template, 'AWS::Cognito::UserPoolClient');

  test('only an administrator creates users; TOTP MFA is optional, SMS is off', () => {
    assert.deepEqual(pool.AdminCreateUserConfig, { AllowAdminCreateUserOnly: true });
    assert.equal(pool.MfaConfiguration, 'OPTIONAL');
    assert.deepEqual(pool.EnabledMfas, ['SOFTWARE_TOKEN_MFA']);
    assert.equal(pool.SmsConfiguration, undefined);
  });

  test('the app client has no secret and no OAuth: no flows, no callback URLs', () => {
    assert.equal(client.GenerateSecret, false);
    assert.notEqual(client.AllowedOAuthFlowsUserPoolClient, true);
    assert.equal(client.AllowedOAuthFlows, undefined);
    assert.equal(client.CallbackURLs, undefined);
    assert.ok(!JSON.stringify(template.toJSON()).includes('example.com/'), 'no example.com callback');
    assert.deepEqual([...client.ExplicitAuthFlows].sort(), ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']);
  });
});
