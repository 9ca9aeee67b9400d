// The config hash of lb's journal metadata (lb_controller/services/journal.py `_config_hash`,
// lb_app/services/run_config.py `hash_config`): sha256 of Python's
// `json.dumps(config_dump, sort_keys=True, default=str)` over the pydantic `model_dump(mode="json")`
// of lb's whole `BenchmarkConfig`. The hashed text is reproduced byte for byte: Python's
// separators (", " and ": "), ASCII escapes, float repr (80.0, 0.95, 1e-07, NaN, Infinity), and
// lb's field types — Python tells 80 (int) from 80.0 (float) where JavaScript cannot, so the float
// fields of lb's models are marked with `pyFloat` (python-format.ts) when the dump is built. The
// dump itself is rebuilt as far as lb-web knows it (benchmarkConfigDump says what it cannot).
// Also the hash of run_sessions.config_hash (lb creates that column but never fills it).
// Kept apart from the config schema so the browser form does not pull in node:crypto.
import 'server-only';
import { createHash } from 'node:crypto';
import type { PevaConfig, RateStrategy } from '@/lib/contract/peva-config';
import { PyFloat, pyFloat, pyFloatRepr } from './python-format';

export { PyFloat, pyFloat };

/** `json.dumps` of a float: repr, and NaN/Infinity/-Infinity for the non-finite (allow_nan=True). */
function jsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(x);
}

/** `json.dumps` of a str with ensure_ascii=True: everything outside ' '..'~' escaped, \uXXXX lower-case. */
function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      out += c === 0x22 ? '\\"' : c === 0x5c ? '\\\\' : s[i];
    } else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    // UTF-16 code units: an astral character comes out as its surrogate pair, as in Python.
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** Python's `sorted()` order of str keys: by code point (not by UTF-16 unit, which JS compares). */
function byCodePoint(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

export interface PythonJsonOptions {
  /** `sort_keys=True`. */
  sortKeys?: boolean;
}

/**
 * Python's `json.dumps(value, sort_keys=…)` with its defaults (separators ", " and ": ",
 * ensure_ascii, allow_nan). JS values map to Python's: an integral number or a bigint is an
 * `int` (printed in full, 1e21 → 1000000000000000000000), any other number a `float`, a
 * `PyFloat` always a `float`; arrays are lists; other objects dicts (keys whose value is
 * `undefined` are left out, as JSON.stringify does; `toJSON` is honoured). Functions and symbols
 * throw (Python would fall back to `default=str`, which has no JS counterpart); so does a cycle.
 */
export function pythonJsonDumps(value: unknown, opts: PythonJsonOptions = {}): string {
  const stack = new Set<object>();
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'string') return jsonString(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : jsonFloat(v);
    if (v instanceof PyFloat) return jsonFloat(v.value);
    if (typeof v !== 'object') throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
    const withJson = v as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return dump(withJson.toJSON());
    if (stack.has(v)) throw new TypeError('Circular reference detected');
    stack.add(v);
    let out: string;
    if (Array.isArray(v)) {
      out = `[${v.map((item) => dump(item)).join(', ')}]`;
    } else {
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec).filter((k) => rec[k] !== undefined);
      if (opts.sortKeys) keys.sort(byCodePoint);
      out = `{${keys.map((k) => `${jsonString(k)}: ${dump(rec[k])}`).join(', ')}}`;
    }
    stack.delete(v);
    return out;
  };
  return dump(value);
}

/** lb's `_config_hash(cfg_dump)`: sha256 hex of `json.dumps(cfg_dump, sort_keys=True)` in UTF-8. */
export function lbConfigHash(dump: unknown): string {
  return createHash('sha256')
    .update(pythonJsonDumps(dump, { sortKeys: true }), 'utf8')
    .digest('hex');
}

/**
 * Where lb's DfaasConfig dump has a value lb-web cannot know. `queries_path` is lb's
 * `str(Path(lb_plugins/plugins/peva_faas/__file__).parent / "queries.yml")`, an absolute path
 * inside lb's installation on the controller; the default is its repository-relative tail.
 */
export interface LbDumpOptions {
  queriesPath?: string;
}

export const LB_DEFAULT_QUERIES_PATH = 'lb_plugins/plugins/peva_faas/queries.yml';

/** lb's deprecated DfaasRatesConfig, which parsed configs may carry (`rates`). */
interface LegacyRates {
  min_rate: number;
  max_rate: number;
  step: number;
}

/** The `rate_strategy` of lb's dump: every field of the strategy's model (ints, seed/max_rate null). */
function rateStrategyDump(s: RateStrategy): Record<string, unknown> {
  switch (s.type) {
    case 'linear':
      return { type: s.type, min_rate: s.min_rate, max_rate: s.max_rate, step: s.step };
    case 'random':
      return { type: s.type, min_rate: s.min_rate, max_rate: s.max_rate, count: s.count, seed: s.seed ?? null };
    case 'exponential':
      return {
        type: s.type,
        base: s.base,
        min_power: s.min_power,
        max_power: s.max_power,
        max_rate: s.max_rate ?? null,
      };
    case 'custom':
      // lb's validator stores sorted(set(rates)).
      return { type: s.type, rates: [...new Set(s.rates)].sort((a, b) => a - b) };
  }
}

/**
 * lb's `DfaasConfig(**settings).model_dump(mode="json")` for the settings of a parsed lb-web
 * config: lb-web's fields with their lb types (`pyFloat` on lb's `float` fields), and lb's
 * defaults for the fields lb-web does not read (lb-web warns about them and drops them, so a
 * value given for one is not seen here). `memory.fresh` is lb-web's own and has no place in it.
 * An absent gateway_url/prometheus_url is lb's default URL, as lb would dump it.
 */
export function pevaConfigDump(config: PevaConfig, opts: LbDumpOptions = {}): Record<string, unknown> {
  const legacy = (config as { rates?: LegacyRates }).rates;
  return {
    // BasePluginConfig
    max_retries: 0,
    timeout_buffer: 10,
    tags: [],
    // DfaasConfig
    config_path: null,
    output_dir: null,
    run_id: null,
    k3s_host: '127.0.0.1',
    k3s_user: 'ubuntu',
    k3s_ssh_key: '~/.ssh/id_rsa',
    k3s_port: 22,
    k6_host: '127.0.0.1',
    k6_user: 'ubuntu',
    k6_ssh_key: '~/.ssh/id_rsa',
    k6_port: 22,
    k6_workspace_root: '/home/ubuntu/.peva_faas-k6',
    k6_log_stream: true,
    k6_outputs: [...config.k6_outputs],
    k6_tags: { ...config.k6_tags },
    openfaas_port: 31112,
    prometheus_port: 30411,
    gateway_url: config.gateway_url ?? 'http://127.0.0.1:31112',
    prometheus_url: config.prometheus_url ?? 'http://127.0.0.1:30411',
    functions: config.functions.map((f) => ({
      name: f.name,
      method: f.method,
      body: f.body,
      headers: { ...f.headers },
      max_rate: f.max_rate ?? null,
    })),
    rate_strategy: rateStrategyDump(config.rate_strategy),
    // lb keeps the deprecated `rates` as given, next to the strategy they migrated into.
    rates: legacy ? { min_rate: legacy.min_rate, max_rate: legacy.max_rate, step: legacy.step } : null,
    combinations: {
      min_functions: config.combinations.min_functions,
      max_functions: config.combinations.max_functions,
    },
    duration: config.duration,
    iterations: config.iterations,
    selection_mode: config.selection_mode,
    micro_batch_size: config.micro_batch_size,
    micro_batch_window_s: config.micro_batch_window_s,
    algorithm_entrypoint: config.algorithm_entrypoint ?? null,
    cooldown: {
      max_wait_seconds: config.cooldown.max_wait_seconds,
      sleep_step_seconds: config.cooldown.sleep_step_seconds,
      idle_threshold_pct: pyFloat(config.cooldown.idle_threshold_pct),
    },
    overload: {
      cpu_overload_pct_of_capacity: pyFloat(config.overload.cpu_overload_pct_of_capacity),
      ram_overload_pct: pyFloat(config.overload.ram_overload_pct),
      success_rate_node_min: pyFloat(config.overload.success_rate_node_min),
      success_rate_function_min: pyFloat(config.overload.success_rate_function_min),
      replicas_overload_threshold: config.overload.replicas_overload_threshold,
    },
    queries_path: opts.queriesPath ?? LB_DEFAULT_QUERIES_PATH,
    deploy_functions: true,
    scaphandre_enabled: false,
    function_pid_regexes: {},
    grafana: { enabled: false, url: 'http://localhost:3000', api_key: null, org_id: 1 },
    loki: { enabled: false, endpoint: 'http://localhost:3100', labels: {} },
    memory: {
      backend: config.memory.backend,
      db_path: config.memory.db_path,
      preload_core_parquet_dir: config.memory.preload_core_parquet_dir ?? null,
      export_core_parquet_dir: config.memory.export_core_parquet_dir ?? null,
      export_raw_debug_parquet_dir: config.memory.export_raw_debug_parquet_dir ?? null,
      preload_raw_debug: config.memory.preload_raw_debug,
      schema_version: config.memory.schema_version,
    },
  };
}

/**
 * lb's `BenchmarkConfig(plugin_settings={"peva_faas": DfaasConfig(…)}).model_dump(mode="json")`:
 * lb's defaults for every other field (no workloads, hosts or plugin assets), or plain
 * `BenchmarkConfig()` without a config. lb's own journal holds more than this — the hosts, the
 * `workloads` entry and `plugin_assets` resolved from lb's plugin registry, LB_LOKI_* env
 * fallbacks — which lb-web does not have, so its hash cannot equal that of an lb journal.
 */
export function benchmarkConfigDump(config?: PevaConfig, opts: LbDumpOptions = {}): Record<string, unknown> {
  return {
    repetitions: 3,
    test_duration_seconds: 3600,
    metrics_interval_seconds: pyFloat(1),
    warmup_seconds: 5,
    cooldown_seconds: 5,
    output_dir: 'benchmark_results',
    report_dir: 'reports',
    data_export_dir: 'data_exports',
    plugin_settings: config ? { peva_faas: pevaConfigDump(config, opts) } : {},
    plugin_assets: {},
    collectors: {
      psutil_interval: pyFloat(1),
      cli_commands: ['sar -u 1 1', 'vmstat 1 1', 'iostat -d 1 1', 'mpstat 1 1', 'pidstat -h 1 1'],
      perf_config: {
        events: ['cpu-cycles', 'instructions', 'cache-references', 'cache-misses', 'branches', 'branch-misses'],
        interval_ms: 1000,
        pid: null,
        cpu: null,
      },
      enable_ebpf: false,
    },
    workloads: {},
    remote_hosts: [],
    remote_execution: {
      enabled: false,
      inventory_path: null,
      lb_workdir: "{{ (ansible_user == 'root') | ternary('/root', '/home/' ~ ansible_user) }}/.lb",
      run_setup: true,
      run_collect: true,
      setup_playbook: null,
      run_playbook: null,
      collect_playbook: null,
      teardown_playbook: null,
      run_teardown: true,
      upgrade_pip: false,
      use_container_fallback: false,
    },
    collect_system_info: true,
    loki: {
      enabled: false,
      endpoint: 'http://localhost:3100',
      labels: {},
      batch_size: 100,
      flush_interval_ms: 1000,
      timeout_seconds: pyFloat(5),
      max_retries: 3,
      max_queue_size: 10000,
      backoff_base: pyFloat(0.5),
      backoff_factor: pyFloat(2),
    },
    influxdb_enabled: false,
    influxdb_url: 'http://localhost:8086',
    influxdb_token: '',
    influxdb_org: 'benchmark',
    influxdb_bucket: 'performance',
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for the output of PevaConfigSchema (every block present, defaults filled). */
function isParsedPevaConfig(v: unknown): v is PevaConfig {
  return (
    isRecord(v) &&
    Array.isArray(v.functions) &&
    v.functions.every((f) => isRecord(f) && typeof f.name === 'string' && typeof f.method === 'string') &&
    isRecord(v.rate_strategy) &&
    typeof v.rate_strategy.type === 'string' &&
    ['combinations', 'cooldown', 'overload', 'memory', 'k6_tags'].every((k) => isRecord(v[k])) &&
    typeof v.duration === 'string' &&
    typeof v.iterations === 'number' &&
    Array.isArray(v.k6_outputs)
  );
}

/**
 * The config hash lb-web records (journal `config_hash`, run_sessions.config_hash). For a parsed
 * config: lb's `_config_hash` of `benchmarkConfigDump(config)`, i.e. what lb computes for a
 * BenchmarkConfig holding these peva_faas settings and lb's defaults elsewhere. Anything else
 * (a raw dump) is hashed as it is, as lb's `_config_hash` does with a journal's config_dump.
 */
export function configHash(config: unknown): string {
  return lbConfigHash(isParsedPevaConfig(config) ? benchmarkConfigDump(config) : (config ?? null));
}

/** `json.dumps(value, sort_keys=True)` as Python prints it: the text `lbConfigHash` hashes. */
export function stableStringify(value: unknown): string {
  return pythonJsonDumps(value, { sortKeys: true });
}
