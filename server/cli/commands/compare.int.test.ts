// `lb-web compare` on DuckDB memory files written like ours and like lb's (real DuckDB, the
// agent's `--records` child process): the exit code says whether B regressed against A.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLbDb, makeOursDb } from '@/test/support/make-memory-db';
import { main } from '../main';
import type { CliIo } from './types';

let dir: string;

async function compare(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await main(['compare', ...args, '--output', dir], { io, cwd: dir, env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lbweb-compare-'));
  await makeOursDb(path.join(dir, 'a.duckdb'));
  // The same configurations, every latency 25 % higher: a regression of B against A.
  await makeOursDb(path.join(dir, 'slower.duckdb'), { runId: 'run-20260103-120000', scale: 1.25 });
  await makeLbDb(path.join(dir, 'lb.duckdb'));
  writeFileSync(path.join(dir, 'garbage.duckdb'), 'not a database');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lb-web compare', () => {
  it('exits 1 and names each regression when B is slower beyond the tolerance', async () => {
    const r = await compare('a.duckdb', 'slower.duckdb');
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/^figlet=10 +figlet +REGRESSION +p95 [\d.]+ → [\d.]+ ms \(\+25\.0 %\)/m);
    expect(r.out).toMatch(/↳ p99 [\d.]+ → [\d.]+ ms \(\+25\.0 %\)/);
    expect(r.out).toMatch(/\d+ regression\(s\), 0 improvement\(s\) beyond 10 %/);
  }, 60_000);

  it('exits 0 the other way round (improvements only), and within a wider tolerance', async () => {
    const back = await compare('slower.duckdb', 'a.duckdb');
    expect(back.code, back.err).toBe(0);
    expect(back.out).toMatch(/^figlet=10 +figlet +improvement/m);
    const wide = await compare('a.duckdb', 'slower.duckdb', '--tolerance', '30');
    expect(wide.code).toBe(0);
    expect(wide.out).toMatch(/0 regression\(s\), 0 improvement\(s\) beyond 30 %/);
  }, 60_000);

  it('compares against a file lb wrote (p95 from the k6 summary it stores), as JSON', async () => {
    const r = await compare('a.duckdb', 'lb.duckdb', '--json');
    const cmp = JSON.parse(r.out) as {
      b: { name: string };
      rows: { label: string; function: string; flag: string; b: { p95_ms: number | null } | null }[];
      onlyA: string[];
      onlyB: string[];
    };
    expect(cmp.b.name).toBe('lb.duckdb');
    const figlet10 = cmp.rows.find((x) => x.label === 'figlet=10' && x.function === 'figlet')!;
    expect(figlet10.b!.p95_ms).toBeGreaterThan(0);
    expect(['same', 'regression', 'improvement']).toContain(figlet10.flag);
    expect(cmp.onlyA).toEqual([]);
    expect(cmp.onlyB).toEqual([]);
  }, 60_000);

  it('refuses what it cannot read with exit 2 and the reason', async () => {
    const missing = await compare('a.duckdb', 'no-such-run');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no-such-run: no such run in the output root/);
    const garbage = await compare('a.duckdb', 'garbage.duckdb');
    expect(garbage.code).toBe(2);
    expect(garbage.err).toMatch(/garbage\.duckdb: could not read it as a DuckDB memory file/);
    const tolerance = await compare('a.duckdb', 'a.duckdb', '--tolerance', 'lots');
    expect(tolerance.code).toBe(2);
  }, 60_000);
});

describe('lb-web report', () => {
  it('writes one self-contained HTML file: results, capacity, charts, the comparison; nothing from outside', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
    const file = path.join(dir, 'r.html');
    const code = await main(['report', 'slower.duckdb', '--compare', 'a.duckdb', '-o', file, '--output', dir], {
      io,
      cwd: dir,
      env: {},
    });
    expect(code, err.join('\n')).toBe(0);
    expect(out).toEqual([file]);
    const html = readFileSync(file, 'utf8');
    expect(html.length).toBeLessThan(1024 * 1024);
    expect(html).toMatch(/<table id="results">/);
    expect(html).toMatch(/<ul id="capacity"><li>env: \d+ req\/s [^<]*<\/li><li>figlet: \d+ req\/s /);
    expect(html).toMatch(/<strong id="regressions" data-count="[1-9]\d*">/);
    expect(html).toContain('<svg');
    // No script, and no URL a browser would fetch (the SVG namespace is a name, not a request).
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  }, 60_000);
});
