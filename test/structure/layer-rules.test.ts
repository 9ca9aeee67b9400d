// The layer rules of eslint.config.mjs, exercised on small sources placed where a real file
// would be: each case is an import a contributor might write, and the verdict lint must give.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function rulesHit(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'parse');
}

const restricted = '@typescript-eslint/no-restricted-imports';

describe('layer rules', () => {
  it('a component importing a server module fails lint', async () => {
    const code = `import { runPaths } from '@/server/runs/run-dir';\nexport const dir = runPaths('/tmp', 'r').dir;\n`;
    expect(await rulesHit('components/runs/bad.ts', code)).toContain(restricted);
  });

  it('a component may take only the AppRouter type from server/', async () => {
    const typeOnly = `import type { AppRouter } from '@/server/api/root';\nexport type R = AppRouter;\n`;
    expect(await rulesHit('components/runs/ok.ts', typeOnly)).toEqual([]);
    const value = `import { appRouter } from '@/server/api/root';\nexport const r = appRouter;\n`;
    expect(await rulesHit('components/runs/bad.ts', value)).toContain(restricted);
  });

  it('pages and lib/ follow the browser rule; a relative path into server/ is caught too', async () => {
    const code = `import { getEnv } from '../../server/config/env';\nexport const e = getEnv;\n`;
    expect(await rulesHit('app/runs/bad-page.tsx', code)).toContain(restricted);
    expect(await rulesHit('lib/trpc/bad.ts', code)).toContain(restricted);
  });

  it('lib/contract stays browser-safe and framework-free', async () => {
    expect(
      await rulesHit(
        'lib/contract/bad.ts',
        `import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`,
      ),
    ).toContain(restricted);
    expect(
      await rulesHit(
        'lib/contract/bad.ts',
        `import { z } from 'zod';\nimport { STOP_FILE } from './run-tree';\nexport const s = z.literal(STOP_FILE);\n`,
      ),
    ).toEqual([]);
    expect(
      await rulesHit(
        'lib/contract/bad.ts',
        `import { repoRoot } from '@/server/process/repo-root';\nexport const r = repoRoot;\n`,
      ),
    ).toContain(restricted);
  });

  it('domain modules know nothing of tRPC or React', async () => {
    const code = `import { TRPCError } from '@trpc/server';\nexport const E = TRPCError;\n`;
    expect(await rulesHit('server/runs/bad.ts', code)).toContain(restricted);
    expect(await rulesHit('server/api/routers/ok.ts', code)).toEqual([]);
  });

  it('only server/process spawns or signals processes', async () => {
    const spawn = `import { spawn } from 'node:child_process';\nexport const s = spawn;\n`;
    expect(await rulesHit('server/runs/bad.ts', spawn)).toContain(restricted);
    expect(await rulesHit('server/process/ok.ts', spawn)).toEqual([]);
    const kill = `export function k(pid: number) {\n  process.kill(-pid, 'SIGKILL');\n}\n`;
    expect(await rulesHit('server/hosts/bad.ts', kill)).toContain('no-restricted-syntax');
    expect(await rulesHit('server/process/ok.ts', kill)).toEqual([]);
  });
});
