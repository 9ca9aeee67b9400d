// lb's generator.py URL resolution ({host.address} and localhost/127.0.0.1/0.0.0.0 replaced
// by the k3s address) against lb-web's run setup (server/runs/agent-plan.ts agentUrls, on
// lib/contract/url-template.ts). lb takes the address from `k3s_host` (or, when that is
// empty, the run's host address); lb-web from its k3s host, so the case's address is passed
// as the pair's: a multipass-like pair whose gateway/Prometheus sit at lb's NodePorts.
// lb's `faas-cli list` replica parser has no counterpart (lb-web reads /system/functions).
import { describe, expect, it } from 'vitest';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { agentUrls } from '@/server/runs/agent-plan';
import { casesOf, expectSame, loadFixture, missing, show, title } from './support/fixtures';

const file = loadFixture('url-resolution');

interface UrlInput {
  config: Record<string, unknown>;
  host_address?: string;
}

describe('url resolution', () => {
  for (const c of casesOf<UrlInput, Record<string, string>>(file, 'resolve_urls')) {
    it(title(c), () => {
      const { k3s_host: k3sHost, ...settings } = c.input.config;
      const address = typeof k3sHost === 'string' ? k3sHost || (c.input.host_address ?? '') : '127.0.0.1';
      const parsed = parsePevaConfig({ functions: [{ name: 'dummy' }], ...settings });
      if (!parsed.ok) expect.fail(`ours rejects ${show(settings)}: ${parsed.errors.map((e) => e.message).join('; ')}`);
      const pair = { gatewayUrl: `http://${address}:31112`, prometheusUrl: `http://${address}:30411` };
      expectSame(agentUrls(pair, parsed.config, address), c.expected, 'resolved URLs');
    });
  }
});

describe('faas-cli replicas', () => {
  for (const c of casesOf<unknown, Record<string, number>>(file, 'faas_cli_replicas')) {
    it(title(c), () =>
      missing(`\`faas-cli list\` replica parsing (lb: ${show(c.expected)}; lb-web reads the gateway API)`),
    );
  }
});
