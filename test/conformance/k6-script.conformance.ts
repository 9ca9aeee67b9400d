// lb's k6_runner.py build_script / _build_k6_command and generator.py tags/outputs against
// server/peva/k6-script.ts. Besides the exact text, the scenarios and request objects are
// compared field by field so a failure says which setting differs.
import { describe, expect, it } from 'vitest';
import { FunctionSchema } from '@/lib/contract/peva-config';
import { buildK6Script, k6Argv, k6MetricIds } from '@/server/peva/k6-script';
import {
  casesOf,
  Diffs,
  dropNulls,
  expectSame,
  firstLineDiff,
  loadFixture,
  missing,
  show,
  title,
  toPairs,
} from './support/fixtures';

const file = loadFixture('k6-script');

interface LbStructure {
  scenarios: Record<string, Record<string, unknown>>;
  requests: Record<string, { method: string; url: string; body: string; headers: Record<string, string> }>;
  checks: number;
}

/** Our script's scenarios and request objects (each is one JSON literal on its line). */
function ourStructure(script: string): LbStructure {
  const out: LbStructure = { scenarios: {}, requests: {}, checks: script.split('check(res,').length - 1 };
  for (const line of script.split('\n')) {
    const scenario = /^ {4}(\w+): (\{.*\}),$/.exec(line);
    if (scenario) out.scenarios[scenario[1]!] = JSON.parse(scenario[2]!) as Record<string, unknown>;
    const request = /^const fn_(\w+) = (\{.*\});$/.exec(line);
    if (request) out.requests[request[1]!] = { ...JSON.parse(request[2]!), headers: {} };
    const headers = /^fn_(\w+)\.headers = Object\.assign\(\{\}, AUTH_HEADERS, (\{.*\})\);$/.exec(line);
    if (headers && out.requests[headers[1]!]) out.requests[headers[1]!]!.headers = JSON.parse(headers[2]!);
  }
  return out;
}

function compareKeyed(ours: Record<string, object>, lb: Record<string, object>, what: string, diffs: Diffs): void {
  diffs.check(Object.keys(ours).sort(), Object.keys(lb).sort(), `${what} ids`);
  for (const [id, lbFields] of Object.entries(lb)) {
    const mine = (ours[id] ?? {}) as Record<string, unknown>;
    for (const [field, value] of Object.entries(lbFields)) diffs.check(mine[field], value, `${what} ${id}.${field}`);
  }
}

describe('k6 script', () => {
  interface In {
    config_pairs: Array<[string, number]>;
    functions: unknown[];
    gateway_url: string;
    duration: string;
  }
  type Lb = { script: string; metric_ids: Record<string, string>; structure: LbStructure };
  for (const c of casesOf<In, Lb>(file, 'build_script')) {
    const script = () =>
      buildK6Script({
        pairs: toPairs(c.input.config_pairs),
        // lb's dumped functions carry `max_rate: null`, which lb-web's schema refuses (see config cases).
        functions: c.input.functions.map((f) => FunctionSchema.parse(dropNulls(f))),
        gatewayUrl: c.input.gateway_url,
        duration: c.input.duration,
      });
    it(`${title(c)} › metric ids`, () => {
      const ids = Object.fromEntries(k6MetricIds(c.input.config_pairs.map(([n]) => n)));
      expectSame(ids, c.expected.metric_ids, 'metric ids');
    });
    it(`${title(c)} › scenarios`, () => {
      const diffs = new Diffs();
      compareKeyed(ourStructure(script()).scenarios, c.expected.structure.scenarios, 'scenario', diffs);
      diffs.assert();
    });
    it(`${title(c)} › request objects`, () => {
      const diffs = new Diffs();
      compareKeyed(ourStructure(script()).requests, c.expected.structure.requests, 'request', diffs);
      diffs.assert();
    });
    it(`${title(c)} › status check`, () =>
      expectSame(ourStructure(script()).checks, c.expected.structure.checks, 'check(res, "status is 2xx") calls'));
    it(`${title(c)} › exact text`, () => {
      const diff = firstLineDiff(script(), c.expected.script);
      if (diff) expect.fail(`script text ${diff}`);
    });
  }
});

describe('k6 command line', () => {
  type In = { workspace: string; outputs: string[]; tags: Array<[string, string]> };
  for (const c of casesOf<In, string[]>(file, 'k6_command')) {
    it(title(c), () => {
      const argv = k6Argv({
        k6Path: 'k6',
        workspace: c.input.workspace,
        outputs: c.input.outputs,
        tags: Object.fromEntries(c.input.tags),
      });
      expectSame(argv, c.expected, 'argv');
    });
  }
});

describe('k6 tags and outputs', () => {
  for (const c of casesOf<unknown, Array<[string, string]>>(file, 'k6_tags')) {
    it(title(c), () =>
      missing(`run tags (lb adds ${show(Object.fromEntries(c.expected))}; lb-web passes k6_tags only)`),
    );
  }
  for (const c of casesOf<{ config: { k6_outputs: string[] } }, string[]>(file, 'k6_outputs')) {
    it(title(c), () => {
      const argv = k6Argv({ k6Path: 'k6', workspace: '/ws', outputs: c.input.config.k6_outputs });
      const outs = argv.flatMap((a, i) => (argv[i - 1] === '--out' ? [a] : []));
      expectSame(outs, c.expected, '--out values');
    });
  }
});
