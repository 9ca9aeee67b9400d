// lb's plan builder (_faas_shared/config_enumerator.py, plan_builder.py) against
// server/peva/enumeration.ts and lib/contract/rate-plan.ts: configuration order, config ids,
// durations, the configuration count and the runtime estimate.
import { describe, expect, it } from 'vitest';
import { parseDurationSeconds, parsePevaConfig } from '@/lib/contract/peva-config';
import { WORKLOAD } from '@/lib/contract/run-tree';
import { countConfigs, estimateRuntimeSeconds } from '@/lib/contract/rate-plan';
import { configId, enumerateConfigs, ratesForFunction } from '@/server/peva/enumeration';
import { casesOf, Diffs, expectSame, loadFixture, show, title, toPairs } from './support/fixtures';

const file = loadFixture('enumeration');

interface LbPlan {
  function_names: string[];
  rates: number[];
  rates_by_function: Record<string, number[]>;
  configurations: Array<{ pairs: Array<[string, number]>; config_id: string }>;
  estimate_runtime_seconds: number;
}

describe('enumeration: plan', () => {
  for (const c of casesOf<{ config: unknown }, LbPlan>(file, 'plan')) {
    it(`${title(c)} › configurations`, () => {
      const parsed = parsePevaConfig(c.input.config);
      if (!parsed.ok) expect.fail(`lb accepts the config; ours rejects: ${show(parsed.errors)}`);
      const ours = enumerateConfigs(parsed.config);
      const diffs = new Diffs();
      const lbCfgs = c.expected.configurations;
      diffs.check(ratesForFunction(parsed.config.rate_strategy), c.expected.rates, 'strategy rates');
      diffs.check(ours.length, lbCfgs.length, 'number of configurations');
      const n = Math.min(ours.length, lbCfgs.length);
      for (let i = 0; i < n; i++) {
        const lbPairs = toPairs(lbCfgs[i]!.pairs);
        if (JSON.stringify(ours[i]!.pairs) !== JSON.stringify(lbPairs) || ours[i]!.id !== lbCfgs[i]!.config_id) {
          diffs.add(
            `configuration #${i + 1}: lb ${show(lbCfgs[i])} ≠ ours ${show({ pairs: ours[i]!.pairs, config_id: ours[i]!.id })}`,
          );
          break;
        }
      }
      diffs.assert();
    });
    it(`${title(c)} › runtime estimate`, () => {
      const parsed = parsePevaConfig(c.input.config);
      if (!parsed.ok) expect.fail(`lb accepts the config; ours rejects: ${show(parsed.errors)}`);
      const diffs = new Diffs();
      // The count lb's estimate uses (count_configurations), and the estimate from it and from
      // what the agent enumerates (PevaLoop logs the latter).
      diffs.check(countConfigs(parsed.config), c.expected.configurations.length, 'count_configurations');
      diffs.check(
        estimateRuntimeSeconds(parsed.config),
        c.expected.estimate_runtime_seconds,
        'estimate_runtime_seconds',
      );
      diffs.check(
        estimateRuntimeSeconds(parsed.config, enumerateConfigs(parsed.config).length),
        c.expected.estimate_runtime_seconds,
        'estimate_runtime_seconds (enumerated count)',
      );
      diffs.assert();
    });
  }
});

describe('enumeration: config_id', () => {
  for (const c of casesOf<{ pairs: Array<[string, number]> }, { config_id: string }>(file, 'config_id')) {
    it(title(c), () => expectSame(configId(toPairs(c.input.pairs)), c.expected.config_id, 'config_id'));
  }
});

describe('enumeration: duration seconds', () => {
  type Lb = { ok: true; value: number } | { ok: false; error: { message: string } };
  for (const c of casesOf<{ duration: string }, Lb>(file, 'duration_seconds')) {
    it(title(c), () => {
      let ours: number | Error;
      try {
        ours = parseDurationSeconds(c.input.duration);
      } catch (err) {
        ours = err as Error;
      }
      if (!c.expected.ok) {
        if (!(ours instanceof Error)) expect.fail(`lb raises (${c.expected.error.message}); ours returns ${ours}`);
        return;
      }
      if (ours instanceof Error) expect.fail(`lb returns ${c.expected.value}; ours throws (${ours.message})`);
      expectSame(ours, c.expected.value, `parse_duration_seconds(${JSON.stringify(c.input.duration)})`);
    });
  }
});

describe('enumeration: plugin name', () => {
  for (const c of casesOf<unknown, string>(file, 'plugin_name')) {
    it(title(c), () => expectSame(WORKLOAD, c.expected, 'workload/plugin name'));
  }
});
