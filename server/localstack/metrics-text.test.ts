import { describe, expect, it } from 'vitest';
import { cadvisorFamilies, containerLabels, type FunctionUsage } from './cadvisor-metrics';
import { GatewayMetrics } from './gateway-metrics';
import { Histogram, escapeLabelValue, formatValue, renderFamilies } from './metrics-text';

const usage: FunctionUsage = {
  name: 'figlet',
  podUid: 'u-1',
  containerId: 'c'.repeat(64),
  cpuSeconds: 1.25,
  rssBytes: 4096,
};

describe('Prometheus text rendering', () => {
  it('writes HELP and TYPE once per family, then one line per sample', () => {
    const text = renderFamilies([
      {
        name: 'x_total',
        help: 'An x.\nSecond line',
        type: 'counter',
        samples: [
          { labels: { a: '1' }, value: 2 },
          { labels: {}, value: 3 },
        ],
      },
    ]);
    expect(text).toBe('# HELP x_total An x.\\nSecond line\n# TYPE x_total counter\nx_total{a="1"} 2\nx_total 3\n');
  });

  it('escapes label values and spells special floats as Prometheus does', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect([NaN, Infinity, -Infinity, 0.5, 7].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '0.5', '7']);
    expect(renderFamilies([])).toBe('');
  });

  it('renders a histogram with cumulative buckets, +Inf, sum and count', () => {
    const h = new Histogram([0.1, 1]);
    [0.05, 0.5, 0.7, 3].forEach((v) => h.observe(v));
    const text = renderFamilies([{ name: 'd_seconds', help: 'd', type: 'histogram', samples: h.samples({ f: 'x' }) }]);
    expect(text).toContain('d_seconds_bucket{f="x",le="0.1"} 1\n');
    expect(text).toContain('d_seconds_bucket{f="x",le="1"} 3\n');
    expect(text).toContain('d_seconds_bucket{f="x",le="+Inf"} 4\n');
    expect(text).toContain('d_seconds_sum{f="x"} 4.25\n');
    expect(text).toContain('d_seconds_count{f="x"} 4\n');
  });
});

describe('cAdvisor families', () => {
  it('carry the labels FORMATS.md §8 selects on', () => {
    const labels = containerLabels(usage);
    expect(labels.id).toMatch(/^\/kubepods.*/);
    expect(labels.container_label_io_kubernetes_container_name).toBe('figlet');
    const text = renderFamilies(cadvisorFamilies([usage]));
    expect(text).toContain('# TYPE container_cpu_usage_seconds_total counter');
    expect(text).toMatch(
      /^container_cpu_usage_seconds_total\{id="\/kubepods\/burstable\/podu-1\/c{64}",.*container_label_io_kubernetes_container_name="figlet".*\} 1\.25$/m,
    );
    expect(text).toMatch(
      /^container_memory_usage_bytes\{.*container_label_io_kubernetes_container_name="figlet".*\} 4096$/m,
    );
  });
});

describe('gateway metrics', () => {
  it('counts invocations per function and code with OpenFaaS names', () => {
    const m = new GatewayMetrics();
    m.recordStart('figlet');
    m.recordEnd('figlet', 200, 0.02);
    m.recordStart('figlet');
    m.recordEnd('figlet', 500, 0.2);
    m.recordStart('figlet');
    m.recordEnd('figlet', 200, 0.03);
    const text = renderFamilies(m.families([{ name: 'figlet', availableReplicas: 2 }]));
    expect(text).toContain('gateway_function_invocation_total{function_name="figlet.openfaas-fn",code="200"} 2\n');
    expect(text).toContain('gateway_function_invocation_total{function_name="figlet.openfaas-fn",code="500"} 1\n');
    expect(text).toContain('gateway_function_invocation_started{function_name="figlet.openfaas-fn"} 3\n');
    expect(text).toContain('gateway_functions_seconds_count{function_name="figlet.openfaas-fn",code="200"} 2\n');
    expect(text).toContain(
      'gateway_functions_seconds_bucket{function_name="figlet.openfaas-fn",code="500",le="0.25"} 1\n',
    );
    expect(text).toContain('gateway_service_count{function_name="figlet.openfaas-fn"} 2\n');
  });
});
