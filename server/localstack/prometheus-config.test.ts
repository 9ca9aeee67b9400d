import { describe, expect, it } from 'vitest';
import { BinaryNotFoundError, findBinary, NODE_EXPORTER, PROMETHEUS } from './binaries';
import { prometheusConfig } from './prometheus-config';

describe('prometheusConfig', () => {
  it('scrapes every second: itself, node-exporter, and the gateway as cadvisor and gateway', () => {
    const text = prometheusConfig({ prometheusPort: 9090, nodeExporterPort: 9100, gatewayPort: 8080 });
    const config = JSON.parse(text.slice(text.indexOf('{'))) as {
      global: Record<string, string>;
      scrape_configs: Array<{ job_name: string; metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
    };
    expect(config.global.scrape_interval).toBe('1s');
    expect(config.global.scrape_timeout).toBe('1s');
    const jobs = Object.fromEntries(
      config.scrape_configs.map((j) => [j.job_name, [j.metrics_path, j.static_configs[0]?.targets[0]]]),
    );
    expect(jobs).toEqual({
      prometheus: [undefined, '127.0.0.1:9090'],
      node: [undefined, '127.0.0.1:9100'],
      cadvisor: ['/metrics/cadvisor', '127.0.0.1:8080'],
      gateway: ['/metrics/gateway', '127.0.0.1:8080'],
    });
  });
});

describe('findBinary', () => {
  it('finds the Debian binaries', () => {
    expect(findBinary(PROMETHEUS)).toMatch(/\/prometheus$/);
    expect(findBinary(NODE_EXPORTER)).toMatch(/node.exporter$/);
  });

  it('names the Debian package to install when a binary is missing', () => {
    expect(() => findBinary(PROMETHEUS, '/nonexistent/prometheus')).toThrow(BinaryNotFoundError);
    expect(() => findBinary(PROMETHEUS, '/nonexistent/prometheus')).toThrow(
      'prometheus not found at /nonexistent/prometheus: install the Debian package "prometheus" (apt-get install -y prometheus)',
    );
    expect(() => findBinary({ ...NODE_EXPORTER, names: ['no-such-exporter-lbweb'] })).toThrow(
      'prometheus-node-exporter not found: install the Debian package "prometheus-node-exporter" (apt-get install -y prometheus-node-exporter)',
    );
  });
});
