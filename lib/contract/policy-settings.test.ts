import { describe, expect, it } from 'vitest';
import { CAPACITY_SEARCH_ENTRYPOINT, entrypointProblem, LB_NOOP_ENTRYPOINT, policySettingsOf } from './policy-settings';

describe('policy settings', () => {
  it("reads lb's settings from a bare config and from lb's plugin_settings, with lb's defaults", () => {
    expect(policySettingsOf({ functions: [{ name: 'figlet' }] })).toEqual({
      selectionMode: 'online',
      microBatchSize: 8,
      microBatchWindowS: 30,
      entrypoint: null,
    });
    const lb = {
      plugin_settings: {
        peva_faas: { functions: [{ name: 'figlet' }], selection_mode: 'micro_batch', micro_batch_size: 4 },
      },
    };
    expect(policySettingsOf(lb)).toMatchObject({ selectionMode: 'micro_batch', microBatchSize: 4 });
  });

  it('refuses before the run: a bad format, a custom policy unless allowed, a module the runner cannot load', () => {
    for (const builtIn of [null, '', CAPACITY_SEARCH_ENTRYPOINT, LB_NOOP_ENTRYPOINT]) {
      expect(entrypointProblem(builtIn, false)).toBeNull();
    }
    expect(entrypointProblem('policies.mine', true)).toBe("algorithm_entrypoint must use 'module:Class' format");
    expect(entrypointProblem('policies.mine:P', false)).toMatch(/refused: .*LBWEB_ALLOW_CUSTOM_POLICIES=1/);
    expect(entrypointProblem('policies.mine:P', true)).toBeNull();
    expect(entrypointProblem('/tmp/x.mjs:P', true)).toMatch(/^No module named '\/tmp\/x.mjs' \(lb-web loads custom/);
  });
});
