// The doctor against a PATH of stand-in tools: what is found, what is missing, and the fix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDoctor, runDoctor } from './doctor';

const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-bin-'));
const tool = (name: string, body: string) =>
  fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
tool('k6', 'echo "k6 v0.55.0 (go1.23.3, linux/amd64)"');
tool(
  'multipass',
  'if [ "$2" = "--format" ]; then echo \'{"multipass": "1.16.0"}\'; echo "cannot connect to the multipass socket" >&2; else echo "multipass   1.16.0"; fi',
);
tool('chromium', 'echo "no display" >&2; exit 1');
afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

describe('runDoctor', () => {
  it('reports each item with its status, and the fix for what is missing', async () => {
    const report = await runDoctor({ path: bin, extraDirs: [], multipassBinary: 'multipass' });
    const by = Object.fromEntries(report.items.map((i) => [i.id, i]));
    expect(by.node).toMatchObject({ ok: true, required: true });
    expect(by.duckdb).toMatchObject({ ok: true, detail: expect.stringMatching(/^DuckDB v1\.5\.6/) });
    expect(by.k6).toMatchObject({ ok: true, detail: expect.stringContaining('k6 v0.55.0') });
    expect(by.prometheus).toMatchObject({ ok: false, required: true, fix: 'apt-get install -y prometheus' });
    expect(by['node-exporter']).toMatchObject({ ok: false, fix: 'apt-get install -y prometheus-node-exporter' });
    expect(by.multipass).toMatchObject({ ok: true, detail: expect.stringContaining('1.16.0') });
    expect(by.multipassd).toMatchObject({
      ok: false,
      required: false,
      fix: expect.stringContaining('sudo snap start multipass'),
      detail: expect.stringContaining('cannot connect'),
    });
    expect(by.chromium).toMatchObject({
      ok: false,
      fix: 'apt-get install -y chromium',
      detail: expect.stringContaining('exit 1'),
    });
    expect(report.ok).toBe(false);
    const text = formatDoctor(report).join('\n');
    expect(text).toMatch(/^MISSING Prometheus .*\n\s+fix: apt-get install -y prometheus/m);
    expect(text).toMatch(/2 required item\(s\) missing/);
  }, 30_000);

  it('a missing multipass says how to install it, and the daemon is not probed', async () => {
    const report = await runDoctor({ path: bin, extraDirs: [], multipassBinary: '/nonexistent/multipass' });
    const by = Object.fromEntries(report.items.map((i) => [i.id, i]));
    expect(by.multipass).toMatchObject({ ok: false, fix: 'sudo snap install multipass' });
    expect(by.multipassd).toMatchObject({
      ok: false,
      detail: 'not checked: multipass is not installed',
      fix: 'sudo snap install multipass',
    });
  }, 30_000);
});
