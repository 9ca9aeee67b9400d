// The `hosts` and `runs` routers through createCaller, on the real local provider and a temp
// output root: what the pages call, with the error codes and field errors they show.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '@/server/api/root';
import { localServices } from '@/server/api/services';
import { createCallerContext } from '@/server/api/trpc';
import { flattenIssues } from '@/server/api/flatten-issues';
import { LocalProvider } from '@/server/hosts/local/local-provider';
import { ProviderUnavailableError } from '@/server/hosts/providers';
import { descendantsOf } from '@/server/process/proc-tree';
import { pollFor } from '@/server/process/wait-for';
import { RunManager } from '@/server/runs/run-manager';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { processesUnder } from '@/test/support/orphans';

let root: string;
let provider: LocalProvider;
let manager: RunManager;
let api: ReturnType<typeof createCaller>;

const outputRoot = () => join(root, 'runs');
const config = {
  functions: [{ name: 'figlet' }],
  rate_strategy: { type: 'custom' as const, rates: [5] },
  duration: '30s',
  iterations: 1,
  cooldown: { max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100 },
};

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lbweb-routers-'));
  provider = new LocalProvider(join(root, 'hosts'));
  manager = new RunManager({ outputRoot: outputRoot(), provider: () => provider, stopConfirmTimeoutMs: 10_000 });
  const services = localServices({
    runs: manager,
    provider: (kind) => {
      if (kind === 'local') return provider;
      throw new ProviderUnavailableError(kind, `${kind} is not available here (test)`);
    },
  });
  api = createCaller(createCallerContext({ services }));
});

afterAll(async () => {
  await manager?.shutdown();
  await provider?.destroy();
  expect(descendantsOf(process.pid).filter((p) => p.comm !== 'esbuild')).toEqual([]);
  // Detached agents are not our descendants: nothing may still run from this test's files.
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});

describe('hosts router', () => {
  it('lists providers with the reason one is unavailable', async () => {
    expect(await api.hosts.providers()).toEqual([
      { kind: 'local', available: true, reason: null },
      { kind: 'multipass', available: false, reason: 'multipass is not available here (test)' },
      { kind: 'ssh', available: false, reason: 'ssh is not available here (test)' },
    ]);
    const err = await rejection(api.hosts.status({ provider: 'multipass' }));
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.message).toMatch(/not available here/);
  });

  it('saves, shows and removes the SSH pair; bad input is refused field by field', async () => {
    expect(await api.hosts.sshPair()).toBeNull();
    const input = {
      runner: { host: '10.0.0.7', user: 'bench', identityFile: '/keys/id_ed25519' },
      cluster: { gatewayUrl: 'http://10.0.0.5:31112', prometheusUrl: 'http://10.0.0.5:30411' },
    };
    expect(await api.hosts.saveSshPair(input)).toEqual({
      runner: 'bench@10.0.0.7:22',
      moreRunners: [],
      gatewayUrl: 'http://10.0.0.5:31112',
      prometheusUrl: 'http://10.0.0.5:30411',
    });
    expect(statSync(join(root, 'hosts', 'ssh', 'hosts.json')).mode & 0o777).toBe(0o600);
    expect((await api.hosts.sshPair())?.runner).toMatchObject({ host: '10.0.0.7', port: 22, workdir: '~/.lb' });
    const bad = await rejection(
      api.hosts.saveSshPair({ ...input, runner: { ...input.runner, host: '-oProxyCommand=sh' } } as never),
    );
    expect(bad.code).toBe('BAD_REQUEST');
    expect(flattenIssues(bad.cause)?.fieldErrors).toHaveProperty(['runner.host']);
    expect(await api.hosts.removeSshPair()).toEqual({ removed: true });
    expect(await api.hosts.sshPair()).toBeNull();
  });

  it('provisions in the background, shows progress, then reports every check', async () => {
    expect((await api.hosts.status({ provider: 'local' })).hosts.every((h) => h.state !== 'running')).toBe(true);
    const started = await api.hosts.provision({ provider: 'local' });
    expect(started).toMatchObject({ kind: 'provision', endedAt: null });
    const op = await pollFor(
      async () => {
        const o = await api.hosts.operation({ provider: 'local' });
        return o && o.endedAt !== null ? { done: true, value: o } : { done: false };
      },
      { what: 'provision to end', timeoutMs: 120_000 },
    );
    expect(op?.ok).toBe(true);
    expect(op?.lines.length).toBeGreaterThan(0);
    expect(op?.checks.length).toBeGreaterThan(3);
    const status = await api.hosts.status({ provider: 'local' });
    expect(status.hosts.map((h) => h.state)).toEqual(['running', 'running']);
    expect(status.operation?.id).toBe(op?.id);
  }, 150_000);
});

describe('runs router', () => {
  it('refuses an invalid config with field errors and creates no run directory', async () => {
    const err = await rejection(api.runs.start({ config: { functions: [], duration: '10' } as never }));
    expect(err.code).toBe('BAD_REQUEST');
    const fields = Object.keys(flattenIssues(err.cause)?.fieldErrors ?? {});
    expect(fields).toEqual(expect.arrayContaining(['config.functions', 'config.duration']));
    expect(existsSync(outputRoot()) ? readdirSync(outputRoot()) : []).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown run and BAD_REQUEST for a malformed id', async () => {
    expect((await rejection(api.runs.get({ runId: 'run-nope' }))).code).toBe('NOT_FOUND');
    expect((await rejection(api.runs.stop({ runId: 'run-nope' }))).code).toBe('NOT_FOUND');
    expect((await rejection(api.runs.get({ runId: '../etc' }))).code).toBe('BAD_REQUEST');
  });

  it('starts a run, streams its events, stops it, and lists it aborted with its files', async () => {
    const { runId } = await api.runs.start({ config, runId: 'run-router' });
    expect((await rejection(api.runs.start({ config, runId: 'run-router' }))).code).toBe('CONFLICT');
    expect((await api.runs.get({ runId })).active).toBe(true);

    const events = await api.runs.events({ runId });
    const seen: number[] = [];
    let stopped = false;
    for await (const envelope of events) {
      // At run time a caller yields tRPC's tracked envelope, [id, event] (its type says { id, data }).
      const [id, e] = envelope as unknown as [string, StoredEvent];
      expect(id).toBe(String(e.seq));
      seen.push(e.seq);
      if (!stopped && e.type === 'metric') {
        stopped = true;
        expect(await api.runs.stop({ runId })).toMatchObject({ runId, alreadyRequested: false });
      }
      if (e.phase === 'end' && e.host === 'controller') break;
    }
    expect(stopped).toBe(true);
    expect(seen).toEqual(seen.map((_, i) => i + 1));

    const run = await api.runs.get({ runId });
    expect(run).toMatchObject({ state: 'aborted', active: false, stopRequested: true, runnerHost: 'local-runner' });
    expect(run.memoryFile).toBe('memory/local-runner/peva_faas.duckdb');
    const { runs } = await api.runs.list();
    expect(runs.find((r) => r.runId === runId)).toMatchObject({ state: 'aborted', provider: 'local' });
    const files = (await api.runs.artifacts({ runId })).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['run_journal.json', 'events.jsonl', run.memoryFile]));
  }, 180_000);
});
