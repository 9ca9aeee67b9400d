// lb's acceptance scenario, as far as the stand-in multipass can play it (the same spec as
// e2e/multipass.e2e.ts, without the browser or a production build): setup verified with
// node_memory_MemTotal_bytes in Prometheus, the 1-function 1-minute configuration finished
// with every metrics CSV non-empty and the DuckDB file fetched with rows, and a second run
// stopped from a shell (`touch <run_dir>/STOP`). The button stop is multipass-flow's.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { createStandinTarget, type StandinTarget } from '@/test/fixtures/multipass/standin-target';
import { descendantsOf } from '@/server/process/proc-tree';
import { waitFor } from '@/server/process/wait-for';
import { RunManager } from '@/server/runs/run-manager';
import { processesUnder } from '@/test/support/orphans';
import { readStoredEvents, STOPPABLE_RUN_CONFIG } from '@/test/support/run-files';
import { createMultipassPairProvider } from './create-provider';
import type { MultipassPairProvider } from './multipass-pair-provider';

const RUNNER = 'lbweb-acc-runner';
const MEMORY = join('memory', RUNNER, 'peva_faas.duckdb');
const ONE_FUNCTION_ONE_MINUTE = { ...STOPPABLE_RUN_CONFIG, rate_strategy: { type: 'custom', rates: [10] } };
let root: string;
let target: StandinTarget;
let provider: MultipassPairProvider;
let manager: RunManager;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-mpacc-'));
  target = await createStandinTarget({ dir: root, project: 'acc' });
  provider = createMultipassPairProvider(join(root, 'hosts'), { ...process.env, ...target.serverEnv });
  manager = new RunManager({ outputRoot: join(root, 'runs'), provider: () => provider, stopConfirmTimeoutMs: 15_000 });
}, 120_000);

afterAll(async () => {
  await manager?.shutdown(20_000);
  await provider?.destroy().catch(() => undefined);
  await target?.cleanup();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

async function rowsOf(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const conn = await inst.connect();
    const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
    conn.closeSync();
    return rows;
  } finally {
    inst.closeSync();
  }
}

describe("lb's acceptance scenario on the stand-in multipass", () => {
  it('setup verified, with node_memory_MemTotal_bytes in Prometheus', async () => {
    await provider.provision();
    await waitFor(async () => (await provider.verify()).filter((c) => !c.ok).length === 1, {
      what: 'every check but k6 (none on the stand-in runner) to pass',
      timeoutMs: 60_000,
    });
    const status = await provider.status();
    const res = await fetch(`${status.prometheusUrl}/api/v1/query?query=node_memory_MemTotal_bytes`);
    const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
    expect(body.data.result.length).toBeGreaterThan(0);
    expect(Number(body.data.result[0]!.value[1])).toBeGreaterThan(0);
  }, 180_000);

  it('the 1-function 1-minute configuration finishes: every metrics CSV non-empty, DuckDB fetched with rows', async () => {
    const { runId, dir } = await manager.startRun({ config: ONE_FUNCTION_ONE_MINUTE, provider: 'multipass' });
    expect(await manager.waitForRun(runId)).toBe('finished');
    const csvs = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /(^|\/)metrics-[^/]*\.csv$/.test(f),
    );
    expect(csvs.length).toBeGreaterThanOrEqual(1);
    for (const f of csvs) {
      const lines = readFileSync(join(dir, f), 'utf8').split(/\r?\n/).filter(Boolean);
      expect(lines.length, f).toBeGreaterThanOrEqual(2);
    }
    expect(existsSync(join(dir, MEMORY))).toBe(true);
    const rows = await rowsOf(
      join(dir, MEMORY),
      `SELECT count(*)::INTEGER AS n FROM execution_events WHERE run_id = '${runId}'`,
    );
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(1);
  }, 240_000);

  it('a run stopped from a shell (touch <run_dir>/STOP) ends aborted', async () => {
    const { runId, dir } = await manager.startRun({ config: ONE_FUNCTION_ONE_MINUTE, provider: 'multipass' });
    await waitFor(() => readStoredEvents(dir).some((e) => e.host === RUNNER && e.phase === 'load'), {
      what: 'a load event from the runner VM',
      timeoutMs: 90_000,
    });
    writeFileSync(join(dir, 'STOP'), '');
    expect(await manager.waitForRun(runId)).toBe('aborted');
    expect(existsSync(join(target.standin.home(RUNNER), '.lb', 'STOP'))).toBe(true);
  }, 180_000);
});
