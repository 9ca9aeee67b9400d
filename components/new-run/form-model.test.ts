import { describe, expect, it } from 'vitest';
import { PevaConfigSchema } from '@/lib/contract/peva-config';
import { emptyValues, fromConfig, parseImport, toConfig } from './form-model';
import { PRESETS } from './presets';
import { errorsAt, serverFieldErrors, validateValues } from './validate';

describe('form <-> config', () => {
  it('leaves blank fields out so the schema applies lb defaults', () => {
    const v = emptyValues();
    v.functions[0]!.name = 'figlet';
    const { config } = toConfig(v);
    expect(config).toEqual({ functions: [{ name: 'figlet', method: 'GET' }], rate_strategy: { type: 'linear' } });
    const parsed = PevaConfigSchema.parse(config);
    expect(parsed.duration).toBe('30s');
    expect(parsed.iterations).toBe(3);
    expect(parsed.rate_strategy).toEqual({ type: 'linear', min_rate: 0, max_rate: 200, step: 10 });
  });

  it('round-trips every preset and an lb block with settings the form has no control for', () => {
    for (const p of PRESETS) {
      const { config } = toConfig(fromConfig(p.config));
      expect(PevaConfigSchema.parse(config)).toEqual(PevaConfigSchema.parse(p.config));
    }
    const lb = {
      functions: [{ name: 'figlet', method: 'POST', body: 'hi', headers: { 'X-A': '1' }, max_rate: 50 }],
      rate_strategy: { type: 'exponential', base: 2, min_power: 1, max_power: 5, max_rate: 40 },
      combinations: { min_functions: 1, max_functions: 2 },
      duration: '1m',
      iterations: 2,
      overload: { success_rate_node_min: 0.9, cpu_unit: 'node_capacity' },
      memory: { backend: 'duckdb', db_path: 'mem/x.duckdb', schema_version: 'peva_faas_mem_v1', fresh: true },
      k6_outputs: ['json=out.json'],
      k6_tags: { team: 'a' },
      gateway_url: 'http://10.0.0.5:31112',
    };
    const { config } = toConfig(fromConfig(lb));
    expect(PevaConfigSchema.parse(config)).toEqual(PevaConfigSchema.parse(lb));
  });

  it("keeps overload.cpu_unit out of the config unless chosen (lb's one_core then applies)", () => {
    const v = fromConfig({ functions: [{ name: 'f' }] });
    expect(v.cpuUnit).toBe('');
    expect(toConfig(v).config.overload).toBeUndefined();
    v.cpuUnit = 'node_capacity';
    expect(toConfig(v).config.overload).toEqual({ cpu_unit: 'node_capacity' });
    expect(fromConfig({ overload: { cpu_unit: 'bogus' } }).cpuUnit).toBe('');
  });

  it('parses custom rates from free text', () => {
    const v = fromConfig({ functions: [{ name: 'f' }], rate_strategy: { type: 'custom', rates: [10, 20] } });
    expect(v.rate.rates).toBe('10, 20');
    v.rate.rates = '5 15;25';
    expect(toConfig(v).config.rate_strategy).toEqual({ type: 'custom', rates: [5, 15, 25] });
  });

  it('imports bare blocks, {peva_faas} and lb plugin_settings files', () => {
    expect(parseImport('{"functions":[]}')).toEqual({ ok: true, config: { functions: [] }, notes: [] });
    expect(parseImport('{"plugin_settings":{"peva_faas":{"functions":[{"name":"f"}],"duration":"1m"}}}')).toEqual({
      ok: true,
      config: { functions: [{ name: 'f' }], duration: '1m' },
      notes: [],
    });
    expect(parseImport('{"peva_faas":{"functions":[{"name":"f"}],"duration":"2m"}}')).toMatchObject({
      ok: true,
      config: { duration: '2m' },
    });
    expect(parseImport('{"plugin_settings":{"peva_faas":3}}').ok).toBe(false);
    expect(parseImport('[1]').ok).toBe(false);
    expect(parseImport('{oops').ok).toBe(false);
    expect(parseImport('  ').ok).toBe(false);
  });

  it("imports lb's YAML, workloads entries and legacy rates as the settings lb runs", () => {
    const yaml = [
      'common:',
      '  timeout_buffer: 5',
      'plugins:',
      '  peva_faas:',
      '    functions:',
      '      - name: env',
      '    rates: {min_rate: 10, max_rate: 10, step: 10}',
      '    gateway_url: "http://{host.address}:31112"',
    ].join('\n');
    const r = parseImport(yaml);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toEqual({
      timeout_buffer: 5,
      functions: [{ name: 'env' }],
      rate_strategy: { type: 'linear', min_rate: 10, max_rate: 10, step: 10 },
      gateway_url: 'http://{host.address}:31112',
    });
    expect(r.notes.join(' ')).toMatch(/deprecated.*migrated/);
    const v = fromConfig(r.config);
    expect(v.rate).toMatchObject({ type: 'linear', min_rate: '10', max_rate: '10', step: '10' });
    expect(v.passthrough).toEqual({ timeout_buffer: 5 });

    const wl = parseImport(
      JSON.stringify({ workloads: { peva_faas: { plugin: 'peva_faas', options: { duration: '1m' } } } }),
    );
    expect(wl).toMatchObject({ ok: true, config: { duration: '1m', functions: [{ name: 'figlet', method: 'POST' }] } });
    expect(wl.ok && wl.notes.join(' ')).toMatch(/default function \(figlet\)/);
    // YAML 1.1 as PyYAML reads it: yes is a boolean
    expect(parseImport('functions: [{name: f}]\nk6_log_stream: yes')).toMatchObject({
      ok: true,
      config: { k6_log_stream: true },
    });
    expect(parseImport('config_path: peva.yml').ok).toBe(false);
    expect(parseImport('workloads: {a: {plugin: peva_faas}, b: {plugin: peva_faas}}').ok).toBe(false);
  });
});

describe('validation', () => {
  it('puts schema errors on dotted field paths', () => {
    const v = fromConfig({
      functions: [{ name: '' }, { name: 'a' }, { name: 'a' }],
      rate_strategy: { type: 'linear', min_rate: 50, max_rate: 10 },
      duration: '1 minute',
      iterations: 0,
    });
    v.functions[1]!.headers = 'no colon here';
    v.rate.step = 'ten';
    const { errors, parsed } = validateValues(v);
    expect(parsed).toBeNull();
    expect(Object.keys(errors)).toEqual(
      expect.arrayContaining([
        'functions.0.name',
        'functions.2.name',
        'functions.1.headers',
        'rate_strategy.step',
        'duration',
        'iterations',
      ]),
    );
    expect(errorsAt(errors, 'duration')[0]).toMatch(/unit ms, s, m or h/);
  });

  it('accepts a valid preset', () => {
    const r = validateValues(fromConfig(PRESETS[0]!.config));
    expect(r.errors).toEqual({});
    expect(r.parsed?.duration).toBe('1m');
  });

  it('maps server fieldErrors (config.-prefixed) and collects nested errors', () => {
    const errors = serverFieldErrors({
      data: {
        zodError: {
          formErrors: ['bad'],
          fieldErrors: {
            'config.functions.0.name': ['empty'],
            'config.rate_strategy.rates.1': ['neg'],
            provider: ['x'],
          },
        },
      },
    });
    expect(errors).toEqual({
      '': ['bad'],
      'functions.0.name': ['empty'],
      'rate_strategy.rates.1': ['neg'],
      provider: ['x'],
    });
    expect(errorsAt(errors!, 'rate_strategy.rates', true)).toEqual(['neg']);
    expect(serverFieldErrors(new Error('x'))).toBeNull();
  });
});
