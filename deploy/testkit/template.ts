#!/usr/bin/env node
// Prints the CloudFormation template of one stage, synthesized as the tests
// synthesize it (placeholder assets, no account lookups), for the Go tests
// that run the code on the tables the deployment declares.
//
//   node dist/testkit/template.js [dev|staging|prod] > template.json
import { STAGES, Stage } from '../lib/config';
import { synthStack } from './synth';

const stage = process.argv[2] ?? 'dev';
if (!(STAGES as readonly string[]).includes(stage) || process.argv.length > 3) {
  process.stderr.write(`usage: template.js [${STAGES.join('|')}]\n`);
  process.exit(2);
}
const { template } = synthStack({ stage: stage as Stage });
process.stdout.write(JSON.stringify(template.toJSON(), null, 1) + '\n');
