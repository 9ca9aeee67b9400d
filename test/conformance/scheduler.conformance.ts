// lb's run flow (cartesian_scheduler.py, run_execution.py DfaasConfigExecutor/DfaasRunPlanner)
// against lb-web's (server/peva/scheduler.ts proposeBatch/selectConfigs, which PevaLoop runs
// before its loop; server/agent/loop-checks.ts skipReason; server/peva/overload.ts
// configOverloaded; lb-index.ts / output-writers.ts readIndexedConfigIds).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { skipReason } from '@/server/agent/loop-checks';
import { configLabel } from '@/server/agent/loop-text';
import { configId, enumerateConfigs, type BenchConfig } from '@/server/peva/enumeration';
import { loadLbIndex } from '@/server/peva/lb-index';
import { readIndexedConfigIds } from '@/server/peva/output-writers';
import { configOverloaded } from '@/server/peva/overload';
import { proposeBatch, selectConfigs } from '@/server/peva/scheduler';
import { casesOf, Diffs, expectSame, loadFixture, show, title, toPairs } from './support/fixtures';

const file = loadFixture('scheduler');
type RawPairs = Array<[string, number]>;

const bench = (raw: RawPairs): BenchConfig => {
  const pairs = toPairs(raw).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { id: configId(pairs), pairs };
};
const ids = (list: RawPairs[]): Set<string> => new Set(list.map((p) => bench(p).id));

describe('scheduler: propose_batch', () => {
  type In = { candidates: RawPairs[]; seen: RawPairs[]; desired_size: number };
  for (const c of casesOf<In, RawPairs[]>(file, 'propose_batch')) {
    it(title(c), () => {
      const candidates = c.input.candidates.map((raw) => ({ id: bench(raw).id, raw }));
      const ours = proposeBatch(candidates, ids(c.input.seen), c.input.desired_size).map((x) => x.raw);
      expectSame(ours, c.expected, `configurations selected (desired_size ${c.input.desired_size})`);
    });
  }
});

describe('scheduler: skip reason', () => {
  type In = { pairs: RawPairs; index: RawPairs[]; overloaded: RawPairs[] };
  for (const c of casesOf<In, string | null>(file, 'skip_reason')) {
    it(title(c), () => {
      const ours = skipReason(bench(c.input.pairs), ids(c.input.index), c.input.overloaded.map(bench));
      expectSame(ours?.reason ?? null, c.expected, 'skip reason');
    });
  }
});

describe('scheduler: executor trace', () => {
  interface In {
    config: unknown;
    index: RawPairs[];
    memory: RawPairs[];
    overload_flags: Array<{ pairs: RawPairs; flags: boolean[] }>;
  }
  interface Lb {
    outcomes: Array<{ pairs: RawPairs; config_id: string; outcome: string }>;
    overloaded: RawPairs[];
  }
  for (const c of casesOf<In, Lb>(file, 'executor_trace')) {
    it(title(c), () => {
      const parsed = parsePevaConfig(c.input.config);
      if (!parsed.ok) expect.fail(`ours rejects the config: ${show(parsed.errors)}`);
      const flags = new Map(c.input.overload_flags.map((o) => [bench(o.pairs).id, o.flags]));
      const index = ids(c.input.index);
      const memory = ids(c.input.memory);
      const overloaded: BenchConfig[] = [];
      // PevaLoop: selection (#prepare), then per selected config (#runConfig) the skip check, else
      // its iterations, then the overload rule.
      const configs = enumerateConfigs(parsed.config);
      const { selected } = selectConfigs(configs, index, memory);
      const outcomes = configs.map((b) => {
        if (!selected.includes(b)) return { id: b.id, outcome: 'not_selected:seen' };
        const skip = skipReason(b, index, overloaded);
        if (skip) return { id: b.id, outcome: `skipped:${skip.reason}` };
        const own = flags.get(b.id) ?? [];
        const all = Array.from({ length: parsed.config.iterations }, (_, i) => own[i] ?? false);
        if (configOverloaded(all)) overloaded.push(b);
        return { id: b.id, outcome: 'run' };
      });
      const diffs = new Diffs();
      c.expected.outcomes.forEach((lb, i) => {
        const ours = outcomes[i];
        const label = lb.pairs.map(([n, r]) => `${n}@${r}`).join('+');
        if (!ours || ours.id !== lb.config_id) diffs.add(`#${i + 1} ${label}: ours has ${show(ours)}`);
        else if (ours.outcome !== lb.outcome) diffs.add(`${label}: lb ${lb.outcome} ≠ ours ${ours.outcome}`);
      });
      diffs.check(
        overloaded.map((b) => b.id),
        c.expected.overloaded.map((p) => bench(p).id),
        'overloaded configs',
      );
      diffs.assert();
    });
  }
});

describe('scheduler: log label', () => {
  for (const c of casesOf<{ pairs: RawPairs }, string>(file, 'pairs_label')) {
    it(title(c), () => expectSame(configLabel(bench(c.input.pairs)), c.expected, 'configuration label'));
  }
});

describe('scheduler: resume from index.csv', () => {
  // lb's key set (the JSON of [functions, rates]) and the config ids lb-web resumes: those of the
  // keys a configuration's config_key can equal (a ((), ()) key from a foreign header never does).
  for (const c of casesOf<{ index_csv: string }, Array<[string[], number[]]>>(file, 'load_index')) {
    it(title(c), () => {
      const dir = mkdtempSync(join(tmpdir(), 'lb-conformance-'));
      try {
        writeFileSync(join(dir, 'index.csv'), c.input.index_csv);
        const diffs = new Diffs();
        const keys = loadLbIndex(join(dir, 'index.csv')).keys.map((k) => [k.functions, k.rates]);
        diffs.check(
          keys.sort((a, b) => (show(a) < show(b) ? -1 : 1)),
          c.expected,
          '_load_index keys',
        );
        const ours = [...readIndexedConfigIds(dir)].sort();
        const lb = c.expected
          .filter(([names]) => names.length > 0)
          .map(([names, rates]) => configId(names.map((name, i) => ({ name, rate: rates[i]! }))))
          .sort();
        diffs.check(ours, lb, 'config ids read back for resume');
        diffs.assert();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
