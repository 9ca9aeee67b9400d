import { describe, expect, it } from 'vitest';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import type { HostPair } from '@/server/hosts/provider';
import { enumerateConfigs } from '@/server/peva/enumeration';
import { AgentRunSpecSchema } from '@/server/agent/run-spec';
import { agentPlan, agentUrls } from './agent-plan';

const localPair = { gatewayUrl: 'http://127.0.0.1:40123', prometheusUrl: 'http://127.0.0.1:40124' };
const vmPair = { gatewayUrl: 'http://10.0.0.7:31112', prometheusUrl: 'http://10.0.0.7:30411' };

/** lb's E2E options (tests/e2e/test_dfaas_multipass_e2e.py) with its sample configs' {host.address} URLs. */
const lbE2eOptions = {
  gateway_url: 'http://{host.address}:31112',
  prometheus_url: 'http://{host.address}:30411',
  k3s_host: '192.168.2.3',
  k3s_user: 'ubuntu',
  k3s_ssh_key: '/keys/peva_faas_multipass_key',
  k3s_port: 22,
  k6_log_stream: true,
  functions: [{ name: 'env', method: 'GET', body: '', headers: { Authorization: 'Basic CHANGE_ME' } }],
  rates: { min_rate: 10, max_rate: 10, step: 10 },
  combinations: { min_functions: 1, max_functions: 2 },
  duration: '30s',
  iterations: 1,
  cooldown: { max_wait_seconds: 60, sleep_step_seconds: 5, idle_threshold_pct: 20 },
};

describe('agentUrls', () => {
  it("uses the provider's endpoints for lb's defaults and {host.address} at lb's NodePorts", () => {
    const c = parsePevaConfig({});
    if (!c.ok) throw new Error('defaults must parse');
    expect(agentUrls(localPair, c.config)).toEqual({
      gateway_url: localPair.gatewayUrl,
      prometheus_url: localPair.prometheusUrl,
    });
    expect(agentUrls(vmPair, c.config)).toEqual({
      gateway_url: vmPair.gatewayUrl,
      prometheus_url: vmPair.prometheusUrl,
    });
  });

  it('resolves localhost to the k3s address and keeps foreign hosts', () => {
    const urls = agentUrls(vmPair, {
      gateway_url: 'http://localhost:8080/gw',
      prometheus_url: 'http://prom.example:9090',
    });
    expect(urls).toEqual({ gateway_url: 'http://10.0.0.7:8080/gw', prometheus_url: 'http://prom.example:9090' });
    expect(agentUrls(vmPair, { gateway_url: 'http://{host.address}:1', prometheus_url: 'x' }, '10.0.0.99')).toEqual({
      gateway_url: 'http://10.0.0.99:1',
      prometheus_url: 'x',
    });
  });
});

describe("lb's own configs", () => {
  it('the E2E options (legacy rates, {host.address}) are one configuration with working URLs on the local provider', () => {
    for (const doc of [
      lbE2eOptions,
      { plugin_settings: { peva_faas: lbE2eOptions } },
      { workloads: { peva_faas: { plugin: 'peva_faas', options: lbE2eOptions, collectors_enabled: false } } },
    ]) {
      const r = parsePevaConfig(doc);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(r.config.rate_strategy).toEqual({ type: 'linear', min_rate: 10, max_rate: 10, step: 10 });
      expect(enumerateConfigs(r.config).map((c) => c.pairs)).toEqual([[{ name: 'env', rate: 10 }]]);
      expect(r.warnings.map((w) => w.path)).toEqual(
        expect.arrayContaining(['rates', 'k3s_host', 'k3s_user', 'k3s_ssh_key', 'k3s_port', 'k6_log_stream']),
      );
      expect(agentUrls(localPair, r.config)).toEqual({
        gateway_url: localPair.gatewayUrl,
        prometheus_url: localPair.prometheusUrl,
      });
    }
  });

  it('the multipass sample file (benchmark_config.peva_faas_multipass.json shape) plans the pair URLs', () => {
    const sample = {
      remote_hosts: [{ name: 'peva-faas-runner', address: '192.168.2.2', user: 'ubuntu' }],
      remote_execution: { enabled: true },
      plugin_settings: {
        peva_faas: {
          k3s_host: '192.168.2.3',
          gateway_url: 'http://{host.address}:31112',
          prometheus_url: 'http://{host.address}:30411',
          functions: [{ name: 'env', method: 'GET', body: '', headers: { Authorization: 'Basic CHANGE_ME' } }],
          loki: { enabled: true, endpoint: 'http://192.168.2.1:3100' },
        },
      },
      workloads: { peva_faas: { plugin: 'peva_faas', collectors_enabled: false } },
      loki: { enabled: true, endpoint: 'http://192.168.2.1:3100' },
    };
    const pair = {
      ...vmPair,
      runner: { name: 'runner', lbWorkdir: '/home/ubuntu/lb' },
    } as unknown as HostPair;
    const plan = agentPlan(pair, 'run-1', sample, { k3sAddress: '10.0.0.7' });
    expect(plan.spec.gateway_url).toBe(vmPair.gatewayUrl);
    expect(plan.spec.prometheus_url).toBe(vmPair.prometheusUrl);
    expect(plan.spec.config).toBe(sample);
  });

  it("carries the controller's k6 stop grace to the runner, lb's 5 s unless set", () => {
    const pair = { ...vmPair, runner: { name: 'runner', lbWorkdir: '/home/ubuntu/.lb' } } as unknown as HostPair;
    const spec = (opts?: { k6StopGraceS?: number }) =>
      AgentRunSpecSchema.parse({ ...agentPlan(pair, 'run-1', {}, opts).spec });
    expect(spec().k6_stop_grace_s).toBe(5);
    expect(spec({ k6StopGraceS: 12 }).k6_stop_grace_s).toBe(12);
  });
});
