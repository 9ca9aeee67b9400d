// lb's generator.py URL resolution ({host.address} and localhost/127.0.0.1/0.0.0.0 replaced
// by k3s_host) and its `faas-cli list` replica parser. lb-web has neither: its URLs come from
// the host pair and replicas from the gateway's /system/functions.
import { describe, it } from 'vitest';
import { casesOf, loadFixture, missing, show, title } from './support/fixtures';

const file = loadFixture('url-resolution');

describe('url resolution', () => {
  for (const c of casesOf<{ config: Record<string, unknown> }, Record<string, string>>(file, 'resolve_urls')) {
    it(title(c), () =>
      missing(`gateway/prometheus URL resolution from k3s_host (lb: ${show(c.input.config)} → ${show(c.expected)})`),
    );
  }
});

describe('faas-cli replicas', () => {
  for (const c of casesOf<unknown, Record<string, number>>(file, 'faas_cli_replicas')) {
    it(title(c), () =>
      missing(`\`faas-cli list\` replica parsing (lb: ${show(c.expected)}; lb-web reads the gateway API)`),
    );
  }
});
