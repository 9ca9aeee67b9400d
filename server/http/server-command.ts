// The argv that starts the production server (server/http/main.ts) from a checkout: one
// definition for `lb-web serve` and the e2e suite, so the tests run what users run.
import 'server-only';
import path from 'node:path';

export function httpServerArgv(
  repoRoot: string,
  host: string,
  port: number,
  nodeArgs: readonly string[] = [],
): string[] {
  return [
    process.execPath,
    ...nodeArgs,
    '--import',
    'tsx/esm',
    path.join(repoRoot, 'server', 'http', 'main.ts'),
    '-H',
    host,
    '-p',
    String(port),
  ];
}
