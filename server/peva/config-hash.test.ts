import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePevaConfig, type PevaConfig } from '@/lib/contract/peva-config';
import {
  benchmarkConfigDump,
  configHash,
  lbConfigHash,
  pevaConfigDump,
  pyFloat,
  pythonJsonDumps,
  stableStringify,
} from './config-hash';

function ok(input: unknown): PevaConfig {
  const r = parsePevaConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

describe('pythonJsonDumps (Python json.dumps)', () => {
  it("uses Python's separators and sorts keys at every level by code point", () => {
    expect(pythonJsonDumps({ b: 1, a: { d: [3, 1], c: null } }, { sortKeys: true })).toBe(
      '{"a": {"c": null, "d": [3, 1]}, "b": 1}',
    );
    expect(pythonJsonDumps({ b: 1, a: 2 })).toBe('{"b": 1, "a": 2}');
    expect(pythonJsonDumps({ '\u{1F600}': 1, '\uFFFD': 2 }, { sortKeys: true })).toBe(
      '{"\\ufffd": 2, "\\ud83d\\ude00": 1}',
    );
    expect(pythonJsonDumps([{}, [], true, false, null])).toBe('[{}, [], true, false, null]');
  });

  it('escapes like ensure_ascii=True', () => {
    expect(pythonJsonDumps('fünf € "q" \\ \n\r\t\b\f \u0001 \u007f \u{1F600}')).toBe(
      '"f\\u00fcnf \\u20ac \\"q\\" \\\\ \\n\\r\\t\\b\\f \\u0001 \\u007f \\ud83d\\ude00"',
    );
  });

  it('prints ints, floats and PyFloat as Python does', () => {
    expect(pythonJsonDumps([80, pyFloat(80), 0.95, 1e-7, 1e16, 1e21, 2n ** 70n, -0, pyFloat(-0)])).toBe(
      '[80, 80.0, 0.95, 1e-07, 10000000000000000, 1000000000000000000000, 1180591620717411303424, 0, -0.0]',
    );
    expect(pythonJsonDumps([NaN, Infinity, -Infinity])).toBe('[NaN, Infinity, -Infinity]');
    // repr(float): exponent form below 1e-4 and from 1e16 on (checked against CPython 3.11).
    expect(
      pythonJsonDumps([1e16, 1e15, 0.0001, 0.00001, 1.5e-5, 1.2345678901234568e17, 5e-324, 0.1 + 0.2].map(pyFloat)),
    ).toBe('[1e+16, 1000000000000000.0, 0.0001, 1e-05, 1.5e-05, 1.2345678901234568e+17, 5e-324, 0.30000000000000004]');
  });

  it('leaves out undefined keys and refuses cycles and functions', () => {
    expect(pythonJsonDumps({ a: undefined, b: 1 })).toBe('{"b": 1}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => pythonJsonDumps(cyclic)).toThrow(/Circular/);
    expect(() => pythonJsonDumps({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('configHash', () => {
  // lb's _config_hash(_config_dump(BenchmarkConfig(plugin_settings={"peva_faas": DfaasConfig(**x)})))
  // (lb e76b63b, Python 3.11.7), with queries_path set to its repository-relative default; the
  // last column is _config_hash of the DfaasConfig dump alone.
  const table: Array<[input: unknown, benchmark: string, peva: string]> = [
    [
      { functions: [{ name: 'figlet' }] },
      'd518d6bfc16d52a7988f4c13b30802095269791d73fdeaebfc2f9eccd3168127',
      'dc81f81c7896b8f3536b303ff0a0d724262b2acdf8bc562ea5ef1e354831f5bb',
    ],
    [
      {
        functions: [
          { name: 'figlet', method: 'POST', body: 'Hello PEVA-faas!', headers: { 'Content-Type': 'text/plain' } },
        ],
      },
      'ae55886c85290659a7bf61b36abaea58e61f5920845a9aad7438a845322175cb',
      '3728c48a5b1e74d19a12fc7332072987711d845f8ac8c54db79bbd7be65d7382',
    ],
    [
      {
        functions: [
          { name: 'b', method: 'post', headers: { 'X-Ü': '€ 😀', A: '1' } },
          { name: 'a', max_rate: 50 },
        ],
        rate_strategy: { type: 'random', min_rate: 1, max_rate: 100, count: 3, seed: 7 },
        combinations: { min_functions: 1, max_functions: 3 },
        duration: '1m',
        iterations: 2,
        cooldown: { idle_threshold_pct: 12.5, max_wait_seconds: 60, sleep_step_seconds: 2 },
        overload: { cpu_overload_pct_of_capacity: 70, success_rate_node_min: 1, replicas_overload_threshold: 4 },
        gateway_url: 'http://10.0.0.5:31112',
        prometheus_url: 'http://{host.address}:30411',
        k6_outputs: ['json=out.json'],
        k6_tags: { team: 'x' },
        memory: { db_path: 'mem/x.duckdb', fresh: true },
      },
      'a5b8d32140a9e7a00880b0c9bdfbe9f52b527f4c713265a2c283e02364017d5c',
      '5dc7b683a61c858abd8a71ef73e157250cd49944750e771e03a49e01863163c7',
    ],
    [
      { functions: [{ name: 'f' }], rate_strategy: { type: 'random' } },
      '17f20c743fa0400d3760e52bb153d77b37a1e466626b7d572c41d6f777cd0c8b',
      'add55bcfc8573cd2b4308d57391be365199b0c238bb2fa21c4351309bc2f43e3',
    ],
    [
      { functions: [{ name: 'f' }], rate_strategy: { type: 'custom', rates: [50, 10, 10] } },
      '93df30497339baab54e6f63de587b5d0534f6582916459082bf0c505c8b4a47b',
      '6cc6c4c81bae28f702602f36a4481baa25854bfbc97cff2ed2583966ca031aa9',
    ],
    [
      { functions: [{ name: 'f' }], rate_strategy: { type: 'exponential', base: 3, max_power: 5, max_rate: 100 } },
      'bca83cbc139b89d535818d540b6730db209beb0955ffdf60b2ce31ff665ac6df',
      'adefbd7ca35adff8cbe0c6b15f7a28d188e81bcb13582ea1702d4d4250b089bd',
    ],
    [
      {
        functions: [{ name: 'f' }],
        rate_strategy: { type: 'linear', min_rate: 5, max_rate: 25, step: 5 },
        overload: { success_rate_function_min: 0.333 },
      },
      'c10bf9a69c9d3e52720d67f2383f60b6943fbce8f9b24f718ef577132e085cc4',
      'c227286a4118f6a7817fc81534aabc395b24498ee1321515e967c402e6e7ae90',
    ],
    [
      { functions: [{ name: 'f' }], rates: { min_rate: 5, max_rate: 15, step: 5 } },
      '752e1f6600670b489dfe82c9b27af441ef880a54f9d1a31a3f2a8ea25bf535e5',
      '897435f86b285256c3afa6c715fcae4ee563ed50d95bfc12fea3b6259d30ad19',
    ],
  ];
  table.forEach(([input, benchmark, peva], i) => {
    it(`equals lb's hash for the same peva_faas settings (#${i + 1})`, () => {
      const config = ok(input);
      expect(configHash(config)).toBe(benchmark);
      expect(lbConfigHash(benchmarkConfigDump(config))).toBe(benchmark);
      expect(lbConfigHash(pevaConfigDump(config))).toBe(peva);
    });
  });

  it('prints lb float fields with .0 and ignores key order', () => {
    const a = ok({ functions: [{ name: 'figlet' }], duration: '1m', iterations: 1 });
    const b = ok({ iterations: 1, duration: '1m', functions: [{ name: 'figlet' }] });
    expect(configHash(a)).toBe(configHash(b));
    expect(configHash(a)).not.toBe(configHash(ok({ functions: [{ name: 'figlet' }], duration: '2m', iterations: 1 })));
    const text = stableStringify(pevaConfigDump(a));
    expect(text).toContain('"overload": {"cpu_overload_pct_of_capacity": 80.0, "ram_overload_pct": 90.0,');
    expect(text).toContain('"cooldown": {"idle_threshold_pct": 15.0, "max_wait_seconds": 180');
    expect(text).not.toContain('fresh');
    expect(pevaConfigDump(a, { queriesPath: '/opt/lb/queries.yml' }).queries_path).toBe('/opt/lb/queries.yml');
  });

  it('hashes anything else (a raw config_dump) as lb hashes a dump', () => {
    const raw = { functions: [{ name: 'figlet' }], duration: '1m' };
    expect(configHash(raw)).toBe(createHash('sha256').update(stableStringify(raw)).digest('hex'));
    expect(configHash(raw)).toBe(lbConfigHash(raw));
    expect(configHash(undefined)).toBe(lbConfigHash(null));
  });
});
