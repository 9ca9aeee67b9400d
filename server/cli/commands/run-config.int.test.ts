// `lb-web run -c` on lb's own config files (bin/lb-web.mjs, real processes, local provider):
// YAML, lb's BenchmarkConfig shape, config_path inlined, legacy `rates` and `{host.address}`
// URLs at lb's NodePorts, which the local provider serves on its own ports.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendantsOf } from '@/server/process/proc-tree';
import { runCommand } from '@/server/process/run-command';
import { REPO_ROOT } from '../main';
import { processesUnder } from '@/test/support/orphans';

const BIN = path.join(REPO_ROOT, 'bin', 'lb-web.mjs');
let root: string;
let env: Record<string, string | undefined>;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'lbweb-cli-config-'));
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LBWEB_HOSTS_ROOT: path.join(root, 'hosts'),
    LBWEB_OUTPUT_ROOT: path.join(root, 'runs'),
  };
});

afterAll(() => {
  expect(descendantsOf(process.pid)).toEqual([]);
  expect(processesUnder(root)).toEqual([]);
  rmSync(root, { recursive: true, force: true });
});

const run = (file: string, runId: string) =>
  runCommand([process.execPath, BIN, 'run', '-c', file, '--run-id', runId], { cwd: root, env, timeoutMs: 150_000 });

describe('lb-web run -c with lb config files', () => {
  it('an invalid YAML file exits 2 naming the field; nothing starts', async () => {
    const file = path.join(root, 'bad.yaml');
    writeFileSync(file, 'plugins:\n  peva_faas:\n    rates: {min_rate: 50, max_rate: 10}\n');
    const r = await run(file, 'bad');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ {2}rates\.max_rate: rates\.max_rate must be ≥ rates\.min_rate/m);
  }, 60_000);

  it("lb's E2E options in YAML through config_path (rates, {host.address}) run one configuration", async () => {
    // lb's YAML layout (config_path): common + plugins.peva_faas, with lb's E2E options.
    writeFileSync(
      path.join(root, 'peva_faas.yml'),
      [
        'common:',
        '  timeout_buffer: 10',
        'plugins:',
        '  peva_faas:',
        '    gateway_url: "http://{host.address}:31112"',
        '    prometheus_url: "http://{host.address}:30411"',
        '    k3s_host: 192.168.2.3',
        '    k3s_port: 22',
        '    k6_log_stream: yes',
        '    functions:',
        '      - name: env',
        '        method: GET',
        '        body: ""',
        '    rates: {min_rate: 10, max_rate: 10, step: 10}',
        '    combinations: {min_functions: 1, max_functions: 2}',
        '    duration: 30s',
        '    iterations: 1',
        '    cooldown: {max_wait_seconds: 60, sleep_step_seconds: 5, idle_threshold_pct: 20}',
      ].join('\n'),
    );
    // The BenchmarkConfig, as YAML: plugin settings name the file and shorten the duration.
    const main = path.join(root, 'benchmark.yaml');
    writeFileSync(
      main,
      [
        'repetitions: 1',
        'plugin_settings:',
        '  peva_faas:',
        '    config_path: peva_faas.yml',
        '    duration: 3s',
        '    cooldown: {max_wait_seconds: 30, sleep_step_seconds: 1, idle_threshold_pct: 100}',
        '    memory: {fresh: true}',
        'workloads:',
        '  peva_faas: {plugin: peva_faas, collectors_enabled: false}',
      ].join('\n'),
    );
    const r = await run(main, 'lb-e2e');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/config_path .*peva_faas\.yml read and merged/);
    expect(r.stderr).toMatch(/config warning: rates: The 'rates' field is deprecated.*linear 10\.\.10 step 10/);
    const dir = path.join(root, 'runs', 'lb-e2e');
    const results = readFileSync(path.join(dir, 'local-runner', 'peva_faas', 'results.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(results).toHaveLength(2); // header + the one configuration env@10
    const spec = JSON.parse(
      readFileSync(
        path.join(root, 'hosts', 'local', 'local-runner', 'lb_workdir', 'lb_web_runs', 'lb-e2e', 'spec.json'),
        'utf8',
      ),
    ) as { gateway_url: string; prometheus_url: string };
    expect(spec.gateway_url).not.toMatch(/\{host\.address\}|:31112/);
    expect(spec.prometheus_url).not.toMatch(/\{host\.address\}|:30411/);
  }, 180_000);
});
