import { describe, expect, it } from 'vitest';
import { parseDurationSeconds, parsePevaConfig, type PevaConfig } from '@/lib/contract/peva-config';

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
    });
    expect(c.memory).toEqual({
      backend: 'duckdb',
      db_path: 'benchmark_results/peva_faas/memory/peva_faas.duckdb',
      schema_version: 'peva_faas_mem_v1',
      fresh: false,
    });
    expect(c.k6_outputs).toEqual([]);
    expect(c.k6_tags).toEqual({});
    expect(c.gateway_url).toBeUndefined();
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
    ['missing functions', {}, 'functions'],
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
    [
      'min_functions above function count',
      { functions: [fn], combinations: { min_functions: 2, max_functions: 3 } },
      'combinations.min_functions',
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

describe('unknown keys', () => {
  it('are errors when neither lb nor lb-web knows them, with every other error at once', () => {
    expect(errorPaths({ functions: [{ name: 'f', mehtod: 'GET' }], durration: '1m', iterations: 0 })).toEqual(
      expect.arrayContaining(['functions.0.mehtod', 'durration', 'iterations']),
    );
  });

  it('are warnings when only lb knows them (the file still means something to lb)', () => {
    const r = parsePevaConfig({ functions: [fn], scaphandre_enabled: true, memory: { preload_raw_debug: true } });
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['scaphandre_enabled', 'memory.preload_raw_debug']);
  });

  it('answers {} and garbage with field errors, never an exception', () => {
    expect(errorPaths({})).toEqual(['functions']);
    for (const garbage of [null, 42, 'x', [], { functions: 'figlet' }]) expect(parsePevaConfig(garbage).ok).toBe(false);
  });
});

describe('parseDurationSeconds', () => {
  it('converts every unit', () => {
    expect(parseDurationSeconds('1m')).toBe(60);
    expect(parseDurationSeconds('30s')).toBe(30);
    expect(parseDurationSeconds('500ms')).toBe(0.5);
    expect(parseDurationSeconds('2h')).toBe(7200);
  });
  it('rejects other formats with the expected form', () => {
    expect(() => parseDurationSeconds('10')).toThrow(/"30s"/);
    expect(() => parseDurationSeconds('1.5s')).toThrow();
  });
});
