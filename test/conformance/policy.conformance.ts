// lb's policy contract (services/algorithm_loader.py, memory_engine.py, run_execution.py)
// against lb-web's (server/peva/policy/): the loader's results and messages, NoOpPolicy leaving
// policy_updates empty, and the configurations run, in order, under either selection_mode.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { policySettingsOf } from '@/lib/contract/policy-settings';
import { configId, enumerateConfigs, type BenchConfig } from '@/server/peva/enumeration';
import { MemoryStore } from '@/server/peva/memory-store';
import { loadPolicyAlgorithm } from '@/server/peva/policy/policy-loader';
import { PolicyRounds } from '@/server/peva/policy/policy-rounds';
import { selectConfigs } from '@/server/peva/scheduler';
import { casesOf, expectSame, loadFixture, title } from './support/fixtures';

const file = loadFixture('policy');
type RawPairs = Array<[string, number]>;
const bench = (raw: RawPairs): BenchConfig => {
  const pairs = raw.map(([name, rate]) => ({ name, rate }));
  return { id: configId(pairs), pairs };
};

// The generator's `policies/reversed.py` (lb's test CustomPolicy and a class without the contract).
const workdir = mkdtempSync(join(tmpdir(), 'lbweb-policy-conf-'));
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

describe('policy: load_policy_algorithm', () => {
  type Out =
    { ok: true; value: { class: string; choose_batch: RawPairs[] } } | { ok: false; error: { message: string } };
  for (const c of casesOf<{ entrypoint: string | null }, Out>(file, 'load_policy')) {
    it(title(c), async () => {
      const lb = c.expected;
      const ours = await loadPolicyAlgorithm(c.input.entrypoint, { workdir }).then(
        (p) => ({ ok: true as const, policy: p }),
        (err: Error) => ({ ok: false as const, message: err.message }),
      );
      if (!lb.ok) {
        if (ours.ok) expect.fail(`lb raises "${lb.error.message}"; ours loads ${ours.policy.constructor.name}`);
        // Ours may add where it looked (the policies folder) after lb's words.
        expect(
          ours.message.startsWith(lb.error.message),
          `"${ours.message}" starts with lb's "${lb.error.message}"`,
        ).toBe(true);
        return;
      }
      if (!ours.ok) expect.fail(`lb loads ${lb.value.class}; ours raises "${ours.message}"`);
      expectSame(ours.policy.constructor.name, lb.value.class, 'policy class');
      const candidates = [[['a', 10]], [['a', 20]], [['a', 30]]] as RawPairs[];
      const chosen = ours.policy.chooseBatch({ candidates: candidates.map(bench), desiredSize: 2 });
      expectSame(
        chosen.map((b) => b.pairs.map((p) => [p.name, p.rate])),
        lb.value.choose_batch,
        'choose_batch(candidates, desired_size=2)',
      );
    });
  }
});

describe('policy: NoOpPolicy and policy_updates', () => {
  type In = { mode: 'online' | 'micro_batch'; batch_size: number; events: number };
  for (const c of casesOf<In, { policy_updates_rows: number }>(file, 'noop_policy_updates')) {
    it(title(c), async () => {
      const path = join(workdir, `${c.input.mode}.duckdb`);
      const algorithm = await loadPolicyAlgorithm(null, { workdir });
      const store = await MemoryStore.open(path, {
        policy: { mode: c.input.mode, batchSize: c.input.batch_size, batchWindowS: 300, algorithm },
      });
      for (let i = 0; i < c.input.events; i++) {
        await store.recordExecution({
          configId: `cfg${i}`,
          iteration: 1,
          repetition: 1,
          runId: 'run-1',
          functions: ['a'],
          rates: [10 * (i + 1)],
          startTs: 1,
          endTs: 2,
          payload: { result_row: {}, metrics: {}, summary: {} },
        });
      }
      await store.close();
      const inst = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
      const conn = await inst.connect();
      const rows = (await conn.runAndReadAll('SELECT count(*)::INT AS n FROM policy_updates')).getRowObjectsJS();
      conn.closeSync();
      inst.closeSync();
      expectSame(rows[0]?.n, c.expected.policy_updates_rows, 'policy_updates rows after the checkpoint');
    });
  }
});

describe('policy: configurations run and their order', () => {
  type In = { config: unknown; seen: RawPairs[] };
  for (const c of casesOf<In, { selection_mode: string; config_ids: string[] }>(file, 'run_order')) {
    it(title(c), async () => {
      const parsed = parsePevaConfig(c.input.config);
      if (!parsed.ok) expect.fail(`ours rejects: ${JSON.stringify(parsed.errors)}`);
      const settings = policySettingsOf(c.input.config);
      expectSame(settings.selectionMode, c.expected.selection_mode, 'selection_mode');
      const seen = new Set(c.input.seen.map((raw) => bench(raw).id));
      const { selected } = selectConfigs(enumerateConfigs(parsed.config), seen, new Set());
      const rounds = new PolicyRounds({ settings, algorithm: await loadPolicyAlgorithm(null, { workdir }) }, selected);
      const order: string[] = [];
      for (let b = rounds.next(); b.length > 0; b = rounds.next()) order.push(...b.map((x) => x.id));
      expectSame(order, c.expected.config_ids, 'configurations run, in order');
    });
  }
});
