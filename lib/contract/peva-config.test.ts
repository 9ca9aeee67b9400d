import { describe, expect, it } from 'vitest';
import {
  applyLegacyRates,
  LEGACY_RATES_WARNING,
  parseDurationMs,
  parseDurationSeconds,
  parsePevaConfig,
  PevaConfigSchema,
  type PevaConfig,
} from '@/lib/contract/peva-config';

const fn = { name: 'figlet' };

function ok(input: unknown): PevaConfig {
  const r = parsePevaConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

function errorPaths(input: unknown): string[] {
  const r = parsePevaConfig(input);
  if (r.ok) throw new Error('expected the config to be rejected');
  return r.errors.map((e) => e.path);
}

describe('parsePevaConfig defaults', () => {
  it('fills every lb default from a minimal config', () => {
    const c = ok({ functions: [fn] });
    expect(c.functions).toEqual([{ name: 'figlet', method: 'GET', body: '', headers: {} }]);
    expect(c.rate_strategy).toEqual({ type: 'linear', min_rate: 0, max_rate: 200, step: 10 });
    expect(c.combinations).toEqual({ min_functions: 1, max_functions: 2 });
    expect(c.duration).toBe('30s');
    expect(c.iterations).toBe(3);
    expect(c.cooldown).toEqual({ max_wait_seconds: 180, sleep_step_seconds: 5, idle_threshold_pct: 15 });
    expect(c.overload).toEqual({
      cpu_overload_pct_of_capacity: 80,
      ram_overload_pct: 90,
      success_rate_node_min: 0.95,
      success_rate_function_min: 0.9,
      replicas_overload_threshold: 15,
      cpu_unit: 'one_core',
    });
    expect(c.memory).toEqual({
      backend: 'duckdb',
      db_path: 'benchmark_results/peva_faas/memory/peva_faas.duckdb',
      preload_raw_debug: false,
      schema_version: 'peva_faas_mem_v1',
      fresh: false,
    });
    expect(c.k6_outputs).toEqual([]);
    expect(c.k6_tags).toEqual({});
    // lb's defaults; at run setup they become the k3s host's endpoints (agent-plan.ts).
    expect(c.gateway_url).toBe('http://127.0.0.1:31112');
    expect(c.prometheus_url).toBe('http://127.0.0.1:30411');
  });

  it("defaults functions to lb's figlet function, so {} is a valid config as in lb", () => {
    const c = ok({});
    expect(c.functions).toEqual([
      { name: 'figlet', method: 'POST', body: 'Hello PEVA-faas!', headers: { 'Content-Type': 'text/plain' } },
    ]);
    expect(ok({}).functions[0]).not.toBe(c.functions[0]);
  });

  it('fills strategy defaults per type and upper-cases the method like lb', () => {
    const c = ok({ functions: [{ name: 'a', method: 'post' }], rate_strategy: { type: 'exponential' } });
    expect(c.functions[0]!.method).toBe('POST');
    expect(c.rate_strategy).toEqual({ type: 'exponential', base: 2, min_power: 0, max_power: 8 });
    expect(ok({ functions: [fn], rate_strategy: { type: 'random' } }).rate_strategy).toEqual({
      type: 'random',
      min_rate: 10,
      max_rate: 200,
      count: 10,
    });
  });

  it("accepts lb's plugin_settings file shape", () => {
    const c = ok({
      plugin_settings: {
        peva_faas: { functions: [fn], duration: '1m', rate_strategy: { type: 'custom', rates: [20] } },
      },
    });
    expect(c.duration).toBe('1m');
    expect(c.rate_strategy).toEqual({ type: 'custom', rates: [20] });
  });

  it('reports paths relative to the peva object inside plugin_settings', () => {
    expect(errorPaths({ plugin_settings: { peva_faas: { functions: [{ name: '' }], duration: '10' } } })).toEqual([
      'functions.0.name',
      'duration',
    ]);
    expect(errorPaths({ plugin_settings: {} })).toEqual(['plugin_settings.peva_faas']);
  });
});

describe('parsePevaConfig rejects invalid fields with their path', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['empty functions', { functions: [] }, 'functions'],
    ['null functions', { functions: null }, 'functions'],
    ['duplicate names', { functions: [fn, fn] }, 'functions.1.name'],
    ['bad method', { functions: [{ name: 'a', method: 'FETCH' }] }, 'functions.0.method'],
    ['negative per-function max_rate', { functions: [{ name: 'a', max_rate: -1 }] }, 'functions.0.max_rate'],
    ['duration without unit', { functions: [fn], duration: '10' }, 'duration'],
    ['zero duration', { functions: [fn], duration: '0s' }, 'duration'],
    ['negative rate', { functions: [fn], rate_strategy: { type: 'linear', min_rate: -5 } }, 'rate_strategy.min_rate'],
    [
      'min > max',
      { functions: [fn], rate_strategy: { type: 'linear', min_rate: 50, max_rate: 10 } },
      'rate_strategy.max_rate',
    ],
    ['zero step', { functions: [fn], rate_strategy: { type: 'linear', step: 0 } }, 'rate_strategy.step'],
    [
      'negative custom rate',
      { functions: [fn], rate_strategy: { type: 'custom', rates: [10, -1] } },
      'rate_strategy.rates.1',
    ],
    ['empty custom rates', { functions: [fn], rate_strategy: { type: 'custom', rates: [] } }, 'rate_strategy.rates'],
    ['unknown strategy type', { functions: [fn], rate_strategy: { type: 'zigzag' } }, 'rate_strategy.type'],
    [
      'max_power < min_power',
      { functions: [fn], rate_strategy: { type: 'exponential', min_power: 5, max_power: 2 } },
      'rate_strategy.max_power',
    ],
    [
      'max_functions ≤ min_functions',
      { functions: [fn], combinations: { min_functions: 2, max_functions: 2 } },
      'combinations.max_functions',
    ],
    ['iterations 0', { functions: [fn], iterations: 0 }, 'iterations'],
    ['fractional iterations', { functions: [fn], iterations: 1.5 }, 'iterations'],
    ['bad gateway URL', { functions: [fn], gateway_url: 'not a url' }, 'gateway_url'],
    ['non-http prometheus URL', { functions: [fn], prometheus_url: 'ftp://10.0.0.1:30411' }, 'prometheus_url'],
    [
      'db_path escaping lb_workdir',
      { functions: [fn], memory: { db_path: 'data/../../etc/x.duckdb' } },
      'memory.db_path',
    ],
    ['unknown memory backend', { functions: [fn], memory: { backend: 'sqlite' } }, 'memory.backend'],
    [
      'success_rate_node_min > 1',
      { functions: [fn], overload: { success_rate_node_min: 1.5 } },
      'overload.success_rate_node_min',
    ],
    ['idle threshold > 100', { functions: [fn], cooldown: { idle_threshold_pct: 150 } }, 'cooldown.idle_threshold_pct'],
    ['k6_tags with a non-string', { functions: [fn], k6_tags: { team: 3 } }, 'k6_tags.team'],
    [
      'fn max_rate below strategy min_rate',
      { functions: [{ name: 'a', max_rate: 5 }], rate_strategy: { type: 'linear', min_rate: 10 } },
      'functions.0.max_rate',
    ],
  ];

  it.each(cases)('%s', (_label, input, path) => {
    expect(errorPaths(input)).toContain(path);
  });

  it('names the value and the fix in messages', () => {
    const r = parsePevaConfig({ functions: [fn, fn], duration: '10' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.find((e) => e.path === 'functions.1.name')?.message).toContain('"figlet"');
    expect(r.errors.find((e) => e.path === 'duration')?.message).toContain('"30s"');
  });

  it('reports every invalid field at once', () => {
    const paths = errorPaths({
      functions: [{ name: 'a', method: 'BREW' }],
      duration: '5x',
      iterations: 0,
      rate_strategy: { type: 'linear', min_rate: 30, max_rate: 20 },
      combinations: { min_functions: 3, max_functions: 1 },
      gateway_url: 'gateway',
      memory: { db_path: '../outside.duckdb' },
      overload: { success_rate_function_min: 2 },
    });
    expect(paths).toEqual(
      expect.arrayContaining([
        'functions.0.method',
        'duration',
        'iterations',
        'rate_strategy.max_rate',
        'combinations.max_functions',
        'gateway_url',
        'memory.db_path',
        'overload.success_rate_function_min',
      ]),
    );
    expect(paths.length).toBeGreaterThanOrEqual(8);
  });

  it('keeps db_path inside the runner workdir: relative paths without .. only', () => {
    expect(ok({ functions: [fn], memory: { db_path: 'a..b/c.duckdb' } }).memory.db_path).toBe('a..b/c.duckdb');
    for (const db_path of ['/tmp/victim.txt', '/var/lib/lb/peva.duckdb', '../x.duckdb', 'a/../../x', 'C:\\x']) {
      expect(errorPaths({ functions: [fn], memory: { db_path } })).toEqual(['memory.db_path']);
    }
  });
});

describe('bounds', () => {
  it('refuses values no run needs, naming the field and the limit', () => {
    const cases: [unknown, string][] = [
      [{ functions: [fn], rate_strategy: { type: 'custom', rates: [1e9] } }, 'rate_strategy.rates.0'],
      [
        { functions: [fn], rate_strategy: { type: 'custom', rates: Array.from({ length: 100_000 }, (_, i) => i) } },
        'rate_strategy.rates',
      ],
      [{ functions: Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}` })) }, 'functions'],
      [{ functions: [{ name: 'x'.repeat(1024 * 1024) }] }, 'functions.0.name'],
      [{ functions: [{ name: 'a\u0000b' }] }, 'functions.0.name'],
      [{ functions: [fn], iterations: 1e9 }, 'iterations'],
      [{ functions: [fn], duration: '1000000h' }, 'duration'],
      [
        { functions: [fn], rate_strategy: { type: 'linear', min_rate: 0, max_rate: 100000, step: 1 } },
        'rate_strategy.step',
      ],
      [{ functions: [fn], rate_strategy: { type: 'random', count: 5000 } }, 'rate_strategy.count'],
      [{ functions: [fn], cooldown: { max_wait_seconds: 1e9 } }, 'cooldown.max_wait_seconds'],
    ];
    for (const [input, path] of cases) expect(errorPaths(input)).toContain(path);
  });
});

describe('unknown keys and configs that run nothing', () => {
  const typos = { functions: [{ name: 'f', mehtod: 'GET' }], durration: '1m' };
  const nothing = { functions: [fn], combinations: { min_functions: 2, max_functions: 3 } };

  it("are warnings by default, as lb ignores them (the run's log names them)", () => {
    const r = parsePevaConfig(typos);
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['durration', 'functions.0.mehtod']);
    expect(r.ok && r.warnings[0]!.message).toMatch(/neither lb nor lb-web reads it .*--strict-config/);
    const n = parsePevaConfig(nothing);
    expect(n.ok && n.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/no configuration would run/)]);
  });

  it('are errors in strict mode, with every other error at once', () => {
    const r = parsePevaConfig({ ...typos, iterations: 0 }, { strict: true });
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['functions.0.mehtod', 'durration', 'iterations']),
    );
    const n = parsePevaConfig(nothing, { strict: true });
    expect(n.ok ? [] : n.errors.map((e) => e.path)).toEqual(['combinations.min_functions']);
  });

  it('are warnings when only lb knows them (the file still means something to lb)', () => {
    const r = parsePevaConfig({ functions: [fn], scaphandre_enabled: true, loki: {} });
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['scaphandre_enabled', 'loki']);
  });

  it("reads lb's policy settings (no warning) with lb's defaults and rules", () => {
    const d = parsePevaConfig({ functions: [fn] });
    expect(d.ok && [d.config.selection_mode, d.config.micro_batch_size, d.config.micro_batch_window_s]).toEqual([
      'online',
      8,
      30,
    ]);
    expect(d.ok && d.config.algorithm_entrypoint).toBeUndefined();
    const r = parsePevaConfig({
      functions: [fn],
      selection_mode: 'micro_batch',
      micro_batch_size: '4',
      algorithm_entrypoint: 'lb_web.policies:CapacitySearch',
    });
    expect(r.ok && r.warnings).toEqual([]);
    expect(r.ok && [r.config.selection_mode, r.config.micro_batch_size]).toEqual(['micro_batch', 4]);
    const bad = parsePevaConfig({ functions: [fn], selection_mode: 'batch', micro_batch_size: 0 });
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['selection_mode', 'micro_batch_size']);
  });

  it('answers garbage with field errors, never an exception', () => {
    for (const garbage of [null, 42, 'x', [], { functions: 'figlet' }]) expect(parsePevaConfig(garbage).ok).toBe(false);
  });
});

describe('parseDurationSeconds', () => {
  it('converts every unit', () => {
    expect(parseDurationSeconds('1m')).toBe(60);
    expect(parseDurationSeconds('30s')).toBe(30);
    expect(parseDurationSeconds('2h')).toBe(7200);
  });
  it("counts milliseconds as lb's parse_duration_seconds does: whole seconds, at least 1", () => {
    expect(parseDurationSeconds('500ms')).toBe(1);
    expect(parseDurationSeconds('1500ms')).toBe(1);
    expect(parseDurationSeconds('2999ms')).toBe(2);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('2m')).toBe(120_000);
  });
  it('rejects other formats with the expected form', () => {
    expect(() => parseDurationSeconds('10')).toThrow(/"30s"/);
    expect(() => parseDurationSeconds('1.5s')).toThrow();
  });
});

describe('legacy rates (lb: _migrate_legacy_rates)', () => {
  it('become the linear strategy while rate_strategy is the default, with the warning', () => {
    const r = parsePevaConfig({ functions: [fn], rates: { min_rate: 10, max_rate: 50, step: 5 } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.rate_strategy).toEqual({ type: 'linear', min_rate: 10, max_rate: 50, step: 5 });
    expect(r.config.rates).toEqual({ min_rate: 10, max_rate: 50, step: 5 });
    expect(r.warnings[0]).toEqual({
      path: 'rates',
      message: `${LEGACY_RATES_WARNING} (migrated into rate_strategy linear 10..50 step 5)`,
    });
    // rate_strategy given with exactly lb's default values still counts as the default
    const explicit = ok({
      functions: [fn],
      rate_strategy: { type: 'linear', min_rate: 0, max_rate: 200, step: 10 },
      rates: { min_rate: 5, max_rate: 15, step: 5 },
    });
    expect(explicit.rate_strategy).toEqual({ type: 'linear', min_rate: 5, max_rate: 15, step: 5 });
    expect(ok({ functions: [fn], rates: {} }).rate_strategy).toEqual({
      type: 'linear',
      min_rate: 0,
      max_rate: 200,
      step: 10,
    });
  });

  it('are ignored (still warned about) when rate_strategy is something else', () => {
    const r = parsePevaConfig({
      functions: [fn],
      rates: { min_rate: 10 },
      rate_strategy: { type: 'custom', rates: [1] },
    });
    expect(r.ok && r.config.rate_strategy).toEqual({ type: 'custom', rates: [1] });
    expect(r.ok && r.warnings[0]?.message).toMatch(/not used/);
    expect(PevaConfigSchema.parse({ rates: { max_rate: 30, step: 15 } }).rate_strategy).toEqual({
      type: 'linear',
      min_rate: 0,
      max_rate: 30,
      step: 15,
    });
  });

  it("are validated like lb's (ints, max ≥ min) and the migrated range keeps the step bound", () => {
    expect(errorPaths({ rates: { min_rate: 50, max_rate: 10 } })).toEqual(['rates.max_rate']);
    expect(errorPaths({ rates: { step: 2.5 } })).toEqual(['rates.step']);
    expect(errorPaths({ rates: { min_rate: 0, max_rate: 100000, step: 1 } })).toEqual(['rates.step']);
    expect(ok({ rates: null }).rate_strategy).toEqual({ type: 'linear', min_rate: 0, max_rate: 200, step: 10 });
    // functions' max_rate is checked against the migrated min_rate (lb validates after migrating)
    expect(errorPaths({ functions: [{ name: 'a', max_rate: 5 }], rates: { min_rate: 10 } })).toEqual([
      'functions.0.max_rate',
    ]);
  });

  it('can be applied for an editor that shows rate_strategy', () => {
    const { settings, warning } = applyLegacyRates({ functions: [fn], rates: { min_rate: 1, max_rate: 3, step: 1 } });
    expect(settings).toEqual({ functions: [fn], rate_strategy: { type: 'linear', min_rate: 1, max_rate: 3, step: 1 } });
    expect(warning?.path).toBe('rates');
    expect(applyLegacyRates({ rates: { min_rate: 9, max_rate: 1 } }).warning).toBeUndefined();
  });
});

describe("lb's number types", () => {
  it('takes pydantic-style ints (10.0, "10", " 1_000 ") and refuses fractions where lb has int', () => {
    const c = ok({
      functions: [{ name: 'a', max_rate: '40' }],
      rate_strategy: { type: 'linear', min_rate: 10.0, max_rate: ' 1_000 ', step: '10' },
      iterations: '2',
      cooldown: { max_wait_seconds: '60', idle_threshold_pct: '12.5' },
      overload: { success_rate_node_min: '0.5' },
    });
    expect(c.rate_strategy).toEqual({ type: 'linear', min_rate: 10, max_rate: 1000, step: 10 });
    expect(c.functions[0]!.max_rate).toBe(40);
    expect(c.iterations).toBe(2);
    expect(c.cooldown).toMatchObject({ max_wait_seconds: 60, idle_threshold_pct: 12.5 });
    expect(c.overload.success_rate_node_min).toBe(0.5);
    for (const [input, path] of [
      [{ rate_strategy: { type: 'linear', step: 2.5 } }, 'rate_strategy.step'],
      [{ rate_strategy: { type: 'custom', rates: [2.5] } }, 'rate_strategy.rates.0'],
      [{ rate_strategy: { type: 'random', seed: 1.5 } }, 'rate_strategy.seed'],
      [{ rate_strategy: { type: 'exponential', base: 1.5 } }, 'rate_strategy.base'],
      [{ rate_strategy: { type: 'exponential', base: 1 } }, 'rate_strategy.base'],
      [{ rate_strategy: { type: 'exponential', max_rate: 0 } }, 'rate_strategy.max_rate'],
      [{ functions: [{ name: 'a', max_rate: 1.5 }] }, 'functions.0.max_rate'],
      [{ cooldown: { sleep_step_seconds: 2.5 } }, 'cooldown.sleep_step_seconds'],
      [{ combinations: { min_functions: 1.5 } }, 'combinations.min_functions'],
      [{ rate_strategy: { type: 'linear', min_rate: '1e2' } }, 'rate_strategy.min_rate'],
    ] as const) {
      expect(errorPaths(input)).toContain(path);
    }
  });

  it('stores custom rates sorted and deduplicated, like lb', () => {
    expect(ok({ rate_strategy: { type: 'custom', rates: [50, 10, 10, '20'] } }).rate_strategy).toEqual({
      type: 'custom',
      rates: [10, 20, 50],
    });
  });

  it('reads null as absent where lb has `X | None`', () => {
    const c = ok({
      functions: [{ name: 'a', max_rate: null }],
      rate_strategy: { type: 'random', seed: null },
    });
    expect(c.functions[0]!.max_rate).toBeUndefined();
    expect(c.rate_strategy).toEqual({ type: 'random', min_rate: 10, max_rate: 200, count: 10 });
    expect(ok({ rate_strategy: { type: 'exponential', max_rate: null } }).rate_strategy).toEqual({
      type: 'exponential',
      base: 2,
      min_power: 0,
      max_power: 8,
    });
    expect(errorPaths({ iterations: null })).toEqual(['iterations']);
  });

  it('bounds exponential rates by the rate limit instead of max_power', () => {
    expect(ok({ rate_strategy: { type: 'exponential', max_power: 100, max_rate: 100 } }).rate_strategy).toMatchObject({
      max_power: 100,
    });
    expect(errorPaths({ rate_strategy: { type: 'exponential', max_power: 17 } })).toEqual(['rate_strategy.max_power']);
    expect(ok({ rate_strategy: { type: 'exponential', max_power: 16 } }).rate_strategy).toMatchObject({
      max_power: 16,
    });
  });

  it('counts a duration as lb does: "0ms" is refused, "1ms" is accepted', () => {
    expect(errorPaths({ duration: '0ms' })).toEqual(['duration']);
    expect(ok({ duration: ' 1ms ' }).duration).toBe('1ms');
  });

  it('has overload.cpu_unit (ours): one_core by default, node_capacity on request', () => {
    expect(ok({ overload: { cpu_unit: 'node_capacity' } }).overload.cpu_unit).toBe('node_capacity');
    expect(errorPaths({ overload: { cpu_unit: 'cores' } })).toEqual(['overload.cpu_unit']);
  });
});

describe('settings only lb reads', () => {
  it('are refused with the value lb refuses, though lb-web ignores them', () => {
    expect(errorPaths({ openfaas_port: 30411 })).toEqual(['openfaas_port']);
    expect(errorPaths({ openfaas_port: 2222, k3s_port: 2222 })).toEqual(['openfaas_port']);
    expect(errorPaths({ selection_mode: 'micro_batch', micro_batch_size: 0 })).toEqual(['micro_batch_size']);
    expect(errorPaths({ selection_mode: 'batch' })).toEqual(['selection_mode']);
    expect(errorPaths({ k3s_port: 70000 })).toEqual(['k3s_port']);
    expect(errorPaths({ tags: 'x' })).toEqual(['tags']);
    expect(errorPaths({ memory: { preload_raw_debug: 'maybe' } })).toEqual(['memory.preload_raw_debug']);
  });

  it("accept lb's dump values (nulls, grafana: null, lax booleans)", () => {
    const r = parsePevaConfig({
      config_path: null,
      output_dir: null,
      grafana: null,
      loki: { enabled: 'yes', labels: { a: 'b' } },
      k6_log_stream: 1,
      memory: { preload_core_parquet_dir: null, preload_raw_debug: false },
    });
    expect(r.ok).toBe(true);
  });

  it('config_path is inlined by `lb-web run -c` only', () => {
    const r = parsePevaConfig({ config_path: 'peva.yml' });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['config_path']);
  });
});

describe('config file shapes', () => {
  const peva = { functions: [fn], duration: '1m' };

  it("takes lb's workloads entry: options shallow-merged over plugin_settings", () => {
    const c = ok({
      plugin_settings: { peva_faas: { ...peva, iterations: 2, cooldown: { max_wait_seconds: 5 } } },
      workloads: { bench: { plugin: 'peva_faas', options: { duration: '2m', cooldown: { sleep_step_seconds: 1 } } } },
    });
    expect(c.duration).toBe('2m');
    expect(c.iterations).toBe(2);
    expect(c.cooldown).toEqual({ max_wait_seconds: 180, sleep_step_seconds: 1, idle_threshold_pct: 15 });
    expect(ok({ workloads: { peva_faas: { plugin: 'peva_faas', options: peva } } }).duration).toBe('1m');
    // no options: the plugin settings (lb's ensure_workloads_from_plugin_settings)
    expect(
      ok({
        plugin_settings: { peva_faas: peva },
        workloads: { peva_faas: { plugin: 'peva_faas', collectors_enabled: false } },
      }).duration,
    ).toBe('1m');
  });

  it('migrates legacy rates in plugin_settings before a workload overrides rates (lb hydrates first)', () => {
    const c = ok({
      plugin_settings: { peva_faas: { rates: { min_rate: 10, max_rate: 20, step: 10 } } },
      workloads: { peva_faas: { plugin: 'peva_faas', options: { rates: { min_rate: 1, max_rate: 2, step: 1 } } } },
    });
    expect(c.rate_strategy).toEqual({ type: 'linear', min_rate: 10, max_rate: 20, step: 10 });
  });

  it('warns about other plugins and refuses what lb would not run as one configuration', () => {
    const r = parsePevaConfig({
      plugin_settings: { peva_faas: peva, stress_ng: {} },
      workloads: { cpu: { plugin: 'stress_ng' } },
    });
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['workloads.cpu', 'plugin_settings.stress_ng']);
    expect(errorPaths({ workloads: { a: { plugin: 'peva_faas' }, b: { plugin: 'peva_faas' } } })).toEqual([
      'workloads',
    ]);
    expect(errorPaths({ workloads: { a: { plugin: 'peva_faas', enabled: false } } })).toEqual(['workloads.a.enabled']);
    expect(errorPaths({ workloads: { a: { options: {} } } })).toEqual(['workloads.a']);
    expect(errorPaths({ workloads: { cpu: { plugin: 'stress_ng' } } })).toEqual(['plugin_settings.peva_faas']);
  });

  it("takes lb's YAML layout: common deep-merged with plugins.peva_faas", () => {
    const c = ok({
      common: { timeout_buffer: 5, cooldown: { max_wait_seconds: 9 } },
      plugins: { peva_faas: { ...peva, cooldown: { sleep_step_seconds: 2 } }, dfaas: { duration: '9m' } },
    });
    expect(c.duration).toBe('1m');
    expect(c.cooldown).toEqual({ max_wait_seconds: 9, sleep_step_seconds: 2, idle_threshold_pct: 15 });
    expect(errorPaths({ plugins: { peva_faas: null } })).toEqual(['plugins.peva_faas']);
  });
});
