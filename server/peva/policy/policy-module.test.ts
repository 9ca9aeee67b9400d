import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CAPACITY_SEARCH_ENTRYPOINT, LB_NOOP_ENTRYPOINT } from '@/lib/contract/policy-settings';
import { LocalHost } from '@/server/hosts/local/local-host';
import { loadPolicyAlgorithm } from './policy-loader';
import { missingPolicyModule } from './policy-module';

const dir = mkdtempSync(join(tmpdir(), 'lbweb-policy-module-'));
const runner = new LocalHost('local-runner', 'runner', dir);
mkdirSync(join(runner.lbWorkdir, 'policies'), { recursive: true });
writeFileSync(join(runner.lbWorkdir, 'policies', 'present.js'), 'export class P {}');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A host that only answers fileExists, counting the questions. */
function fakeRunner(existing: string[]) {
  const asked: string[] = [];
  return {
    asked,
    host: {
      lbWorkdir: '/home/ubuntu/lb_workdir',
      fileExists: (p: string) => (asked.push(p), Promise.resolve(existing.includes(p))),
    },
  };
}

describe('missingPolicyModule (the check before a run starts)', () => {
  it('built-in entrypoints and no entrypoint need no file: the runner is not asked', async () => {
    const { host, asked } = fakeRunner([]);
    for (const e of [null, '', LB_NOOP_ENTRYPOINT, CAPACITY_SEARCH_ENTRYPOINT]) {
      expect(await missingPolicyModule(e, host)).toBeNull();
    }
    expect(asked).toEqual([]);
  });

  it("a missing policies.<name> module: lb's message, the same text the agent's loader raises", async () => {
    const { host, asked } = fakeRunner([]);
    const problem = await missingPolicyModule('policies.absent:Policy', host);
    expect(problem).toBe(
      "No module named 'policies.absent' (looked for /home/ubuntu/lb_workdir/policies/absent.mjs or .js)",
    );
    expect(asked).toEqual([
      '/home/ubuntu/lb_workdir/policies/absent.mjs',
      '/home/ubuntu/lb_workdir/policies/absent.js',
    ]);
    // The loader on the runner says the same for the same workdir.
    const expected = await missingPolicyModule('policies.absent:Policy', runner);
    expect(expected).toMatch(/^No module named 'policies\.absent'/);
    await expect(loadPolicyAlgorithm('policies.absent:Policy', { workdir: runner.lbWorkdir })).rejects.toThrow(
      expected!,
    );
  });

  it('a module present as .mjs or .js passes (through a real local host)', async () => {
    expect(await missingPolicyModule('policies.present:P', runner)).toBeNull();
    const { host } = fakeRunner(['/home/ubuntu/lb_workdir/policies/x.mjs']);
    expect(await missingPolicyModule('policies.x:Cls', host)).toBeNull();
  });

  it("leaves malformed entrypoints and other modules to the API's and the loader's messages", async () => {
    const { host, asked } = fakeRunner([]);
    expect(await missingPolicyModule('no_colon', host)).toBeNull();
    expect(await missingPolicyModule('os.path:join', host)).toBeNull();
    expect(asked).toEqual([]);
  });
});
