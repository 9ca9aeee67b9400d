// lb's journal config_hash (lb_controller/services/journal.py _config_hash: sha256 of
// json.dumps(dump, sort_keys=True, default=str)) against server/peva/config-hash.ts.
//
// JSON.parse turns lb's 80.0 into 80, which Python would print as 80; so the fixtures are read
// here with a parser that keeps a number written with "." or an exponent a Python float
// (`pyFloat`). lb's fixture writer prints every float that way and never an int so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { benchmarkConfigDump, lbConfigHash, pevaConfigDump, pyFloat, pythonJsonDumps } from '@/server/peva/config-hash';
import { casesOf, dropNulls, loadFixture, show, title, type FixtureCase } from './support/fixtures';

const STRING = /"(?:[^"\\]|\\.)*"/y;
const SCALAR = /true|false|null|-?\d+(\.\d+)?([eE][-+]?\d+)?/y;

/** JSON with Python's number types: `1.0`/`1e-7` become PyFloat, `1` stays a number (bigint when unsafe). */
function parsePythonJson(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') return (i++, out);
      for (;;) {
        ws();
        const key = value() as string;
        ws();
        i++; // ':'
        out[key] = value();
        ws();
        if (text[i++] === '}') break;
      }
      const boxed = out['$float'];
      if (Object.keys(out).length === 1 && typeof boxed === 'string') {
        return pyFloat(boxed === 'nan' ? NaN : boxed === 'inf' ? Infinity : -Infinity);
      }
      return out;
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') return (i++, out);
      for (;;) {
        out.push(value());
        ws();
        if (text[i++] === ']') break;
      }
      return out;
    }
    if (c === '"') {
      STRING.lastIndex = i;
      const m = STRING.exec(text);
      if (!m) throw new Error(`bad string at ${i}`);
      i += m[0].length;
      return JSON.parse(m[0]) as string;
    }
    SCALAR.lastIndex = i;
    const m = SCALAR.exec(text);
    if (!m) throw new Error(`bad JSON at ${i}: ${text.slice(i, i + 20)}`);
    i += m[0].length;
    if (m[0] === 'true' || m[0] === 'false' || m[0] === 'null') return JSON.parse(m[0]) as unknown;
    if (m[1] !== undefined || m[2] !== undefined) return pyFloat(Number(m[0]));
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? n : BigInt(m[0]);
  };
  return value();
}

const loadTyped = (area: string) =>
  parsePythonJson(readFileSync(new URL(`./fixtures/${area}.json`, import.meta.url), 'utf8')) as {
    cases: Array<{ id: string; input: unknown }>;
  };

const file = loadFixture('config-hash');
const typed = new Map(loadTyped('config-hash').cases.map((c) => [c.id, c.input as { config_dump: unknown }]));

type HashCase = FixtureCase<{ config_dump: unknown }, { sha256: string; payload: string }>;

/** Fails at the first character where our text differs from lb's payload. */
function expectPayload(ours: string, lb: string): void {
  if (ours === lb) return;
  let i = 0;
  while (i < ours.length && ours[i] === lb[i]) i++;
  const around = (t: string) => JSON.stringify(t.slice(Math.max(0, i - 20), i + 40));
  expect.fail(`hashed text differs at char ${i}: lb ${around(lb)} ≠ ours ${around(ours)}`);
}

function expectHash(dump: unknown, c: HashCase): void {
  expectPayload(pythonJsonDumps(dump, { sortKeys: true }), c.expected.payload);
  expect(lbConfigHash(dump)).toBe(c.expected.sha256);
}

/** lb-web's config from lb's DfaasConfig dump (nulls dropped: lb-web's schema has no null yet). */
function parseLbDump(dump: unknown) {
  const parsed = parsePevaConfig(dropNulls(dump));
  if (!parsed.ok) expect.fail(`ours rejects lb's dump: ${show(parsed.errors)}`);
  return parsed.config;
}

/** Cases whose dump lb-web builds itself, from its own config, instead of taking lb's. */
function pluginSettingsDump(input: { config_dump: unknown }): unknown {
  const lb = input.config_dump as { plugin_settings: { peva_faas: unknown }; repetitions: number };
  return {
    plugin_settings: { peva_faas: pevaConfigDump(parseLbDump(lb.plugin_settings.peva_faas)) },
    repetitions: lb.repetitions,
  };
}

const BUILT: Record<string, (input: { config_dump: unknown }) => unknown> = {
  "lb's default BenchmarkConfig dump": () => benchmarkConfigDump(),
  'DfaasConfig dump (peva_faas plugin settings)': pluginSettingsDump,
  'DfaasConfig dump with micro_batch and an algorithm_entrypoint': pluginSettingsDump,
};

describe('config hash: json.dumps of lb dump', () => {
  for (const c of casesOf<{ config_dump: unknown }, { sha256: string; payload: string }>(file, 'config_hash')) {
    it(title(c), () => expectHash(typed.get(c.id)!.config_dump, c));
  }
});

describe("config hash: lb-web's own dump", () => {
  for (const c of casesOf<{ config_dump: unknown }, { sha256: string; payload: string }>(file, 'config_hash')) {
    const build = BUILT[c.id];
    if (build) it(`${title(c)} › built by lb-web`, () => expectHash(build(c.input), c));
  }
});

// lb's DfaasConfig dumps from the config fixtures: parsed by lb-web and dumped again, they
// must print as lb printed them (floats included), so they hash alike.
describe('config hash: lb dump → lb-web config → lb dump', () => {
  const config = loadTyped('config');
  for (const c of config.cases.filter((x) => x.id.startsWith("lb's dump of"))) {
    it(`ours » ${c.id} › dumped again`, () => {
      const lbDump = (c.input as { config: unknown }).config;
      const raw = (loadFixture('config').cases.find((x) => x.id === c.id)!.input as { config: unknown }).config;
      expectPayload(
        pythonJsonDumps(pevaConfigDump(parseLbDump(raw)), { sortKeys: true }),
        pythonJsonDumps(lbDump, { sortKeys: true }),
      );
    });
  }
});
