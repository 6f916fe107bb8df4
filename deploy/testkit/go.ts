import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The JSON a `cloudresume` command prints: read from the file named by the
 * environment variable fileVar if it is set, or else from `go run
 * ./cmd/cloudresume <args>` run at the repository root.
 */
export function cloudresumeJSON(fileVar: string, args: string[]): unknown {
  const file = process.env[fileVar];
  if (file) {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  const root = path.resolve(__dirname, '..', '..', '..');
  const res = spawnSync('go', ['run', './cmd/cloudresume', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 5 * 60 * 1000,
  });
  if (res.status !== 0) {
    throw new Error(`go run ./cmd/cloudresume ${args.join(' ')}: ${res.error ?? res.stderr}`);
  }
  return JSON.parse(res.stdout);
}
