// lb's generator.py URL resolution ({host.address} and localhost/127.0.0.1/0.0.0.0 replaced
// by the k3s address) against lb-web's run setup (server/runs/agent-plan.ts agentUrls, on
// lib/contract/url-template.ts). lb takes the address from `k3s_host` (or, when that is
// empty, the run's host address); lb-web from its k3s host, so the case's address is passed
// as the pair's: a multipass-like pair whose gateway/Prometheus sit at lb's NodePorts.
// lb reads replicas by parsing `faas-cli list`; lb-web asks the gateway's /system/functions (the
// API faas-cli itself calls), so its table parsing is a deliberate difference: what is checked
// is that the gateway path gives lb's numbers for the same functions (unlisted → 0).
import { describe, expect, it } from 'vitest';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { replicasByFunction } from '@/server/agent/gateway-client';
import { caseTitle, conform } from './support/deliberate';
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

/** A gateway whose /system/functions lists `replicas` (name → availableReplicas). */
async function gatewayListing(replicas: Record<string, number>): Promise<{ url: string; close(): void }> {
  const body = JSON.stringify(Object.entries(replicas).map(([name, n]) => ({ name, availableReplicas: n })));
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('faas-cli replicas', () => {
  for (const c of casesOf<{ output: string; functions: string[] }, Record<string, number>>(file, 'faas_cli_replicas')) {
    it(caseTitle('url-resolution', c), async () => {
      // Our side: the functions lb found listed, served by a gateway; the rest unlisted.
      const listed = Object.fromEntries(Object.entries(c.expected).filter(([, n]) => n !== 0));
      const gw = await gatewayListing(listed);
      try {
        const ours = await replicasByFunction(gw.url, c.input.functions);
        conform(
          'url-resolution',
          c,
          () => missing('parsing the faas-cli list table (lb-web reads /system/functions)'),
          () => expectSame(ours, c.expected, 'replicas read from the gateway'),
        );
      } finally {
        gw.close();
      }
    });
  }
});
