import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CAPACITY_SEARCH_ENTRYPOINT, LB_NOOP_ENTRYPOINT } from '@/lib/contract/policy-settings';
import { CapacitySearchPolicy } from './capacity-search';
import { NoOpPolicy } from './policy-contract';
import { loadPolicyAlgorithm } from './policy-loader';

const workdir = mkdtempSync(join(tmpdir(), 'lbweb-policies-'));
mkdirSync(join(workdir, 'policies'));
writeFileSync(
  join(workdir, 'policies', 'reversed.mjs'),
  `export class CustomPolicy {
     chooseBatch({ candidates, desiredSize }) { return [...candidates].reverse().slice(0, desiredSize); }
     updateOnline() {}
     updateBatch() {}
   }
   export class Incomplete { chooseBatch() { return []; } }`,
);
afterAll(() => rmSync(workdir, { recursive: true, force: true }));
const load = (entrypoint: string | null) => loadPolicyAlgorithm(entrypoint, { workdir });

describe("lb's load_policy_algorithm", () => {
  it("no entrypoint (or lb's own NoOpPolicy named) → NoOpPolicy; the built-in capacity search by name", async () => {
    expect(await load(null)).toBeInstanceOf(NoOpPolicy);
    expect(await load('')).toBeInstanceOf(NoOpPolicy);
    expect(await load(LB_NOOP_ENTRYPOINT)).toBeInstanceOf(NoOpPolicy);
    expect(await load(CAPACITY_SEARCH_ENTRYPOINT)).toBeInstanceOf(CapacitySearchPolicy);
  });

  it('loads a class from <workdir>/policies/<name>.mjs', async () => {
    const policy = await load('policies.reversed:CustomPolicy');
    expect(
      policy.chooseBatch({
        candidates: [
          { id: 'a', pairs: [] },
          { id: 'b', pairs: [] },
        ],
        desiredSize: 1,
      }),
    ).toEqual([{ id: 'b', pairs: [] }]);
  });

  it("fails with lb's messages", async () => {
    await expect(load('policies.reversed')).rejects.toThrow("algorithm_entrypoint must use 'module:Class' format");
    await expect(load('policies.missing:X')).rejects.toThrow("No module named 'policies.missing'");
    await expect(load('policies.reversed:Nope')).rejects.toThrow(
      "Policy class 'Nope' not found in 'policies.reversed'",
    );
    await expect(load('policies.reversed:Incomplete')).rejects.toThrow(
      "Loaded policy 'policies.reversed:Incomplete' does not implement PolicyAlgorithm contract",
    );
  });

  it('never imports from elsewhere than the policies folder: paths, packages and parent dirs are refused', async () => {
    for (const module of ['/etc/passwd', '../policies.reversed', 'fs', 'policies/../x', 'policies.a.b', 'policies.']) {
      await expect(load(`${module}:X`)).rejects.toThrow(
        `No module named '${module}' (lb-web loads custom policies only`,
      );
    }
    // lb splits at the first colon: the module is "node".
    await expect(load('node:child_process:exec')).rejects.toThrow("No module named 'node' (lb-web loads");
  });
});
