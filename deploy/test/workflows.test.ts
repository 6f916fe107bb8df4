import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const dir = path.resolve(__dirname, '..', '..', '..', '.github', 'workflows');
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

describe('workflows', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yml'));

  test('every action is pinned by a full commit SHA, with its version in a comment', () => {
    const uses = files.flatMap((f) => read(f).split('\n').filter((l) => /^\s*-?\s*uses:/.test(l)).map((l) => [f, l.trim()]));
    assert.ok(uses.length >= 4);
    for (const [f, line] of uses) {
      assert.match(line, /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${f}: ${line}`);
    }
  });

  test('Go tools run at the versions of scripts/test.sh, never @latest', () => {
    for (const f of files) {
      assert.ok(!/@latest/.test(read(f)), `${f} names @latest`);
      assert.ok(!/staticcheck@|govulncheck@/.test(read(f)), `${f}: the tools run through scripts/test.sh`);
    }
    const script = fs.readFileSync(path.resolve(dir, '..', '..', 'scripts', 'test.sh'), 'utf8');
    assert.match(script, /^STATICCHECK=honnef\.co\/go\/tools\/cmd\/staticcheck@v\d+\.\d+\.\d+$/m);
    assert.match(script, /^GOVULNCHECK=golang\.org\/x\/vuln\/cmd\/govulncheck@v\d+\.\d+\.\d+$/m);
    assert.match(read('ci.yml'), /VULNCHECK: "1"\n\s+run: \.\/scripts\/test\.sh/);
  });

  test('deploy.yml deploys only a commit of main whose CI passed, one concurrency group per environment', () => {
    const wf = read('deploy.yml');
    assert.match(wf, /on:\n  workflow_run:\n    workflows: \[ci\]\n    types: \[completed\]\n    branches: \[main\]\n\n/);
    assert.ok(!/\n  push:|workflow_dispatch/.test(wf), 'no other trigger');
    assert.match(wf, /github\.event\.workflow_run\.conclusion == 'success'/);
    assert.match(wf, /github\.event\.workflow_run\.event == 'push'/);
    assert.match(wf, /github\.event\.workflow_run\.head_repository\.full_name == github\.repository/);
    assert.equal((wf.match(/ref: \$\{\{ github\.event\.workflow_run\.head_sha \}\}/g) ?? []).length, 2, 'both jobs check out the tested commit');
    assert.ok(!/^concurrency:/m.test(wf), 'no workflow-wide group that a waiting approval would hold');
    assert.match(wf, /name: staging\n[\s\S]*?concurrency:\n\s+group: deploy-staging\n/);
    assert.match(wf, /needs: staging\n[\s\S]*?name: production\n[\s\S]*?concurrency:\n\s+group: deploy-production\n/);
  });
});
