// lb's k6_runner.py build_script / _build_k6_command and generator.py tags/outputs against
// server/peva/k6-script.ts and the agent's launch command (server/agent/load/k6-argv.ts).
// The script is compared as whole text, and also read back into scenarios and request objects
// (with the generator's own reader, ported below) so a failure says which setting differs.
import { describe, expect, it } from 'vitest';
import { FunctionSchema } from '@/lib/contract/peva-config';
import { k6RunArgv, k6SamplesOut } from '@/server/agent/load/k6-argv';
import { buildK6Script, k6Argv, k6MetricIds, lbK6Tags } from '@/server/peva/k6-script';
import { caseTitle, conform } from './support/deliberate';
import { casesOf, Diffs, dropNulls, expectSame, firstLineDiff, loadFixture, toPairs } from './support/fixtures';

const AREA = 'k6-script';
const file = loadFixture(AREA);

interface Structure {
  scenarios: Record<string, Record<string, unknown>>;
  requests: Record<string, Record<string, unknown>>;
  checks: number;
}

/** cases_k6.py `_value`: a scenario field's value, `{ function: "x" }` included. */
function fieldValue(raw: string): unknown {
  const text = raw.trim();
  const tags = /^\{ function: (".*") \}$/.exec(text);
  return tags ? { function: JSON.parse(tags[1]!) as unknown } : (JSON.parse(text) as unknown);
}

/**
 * cases_k6.py `structure_of`, the same reader the fixture's `structure` came from: scenarios
 * from `export const options`, request objects from each `const fn_<id> = {` block.
 */
function structureOf(script: string): Structure {
  const lines = script.split('\n');
  const out: Structure = { scenarios: {}, requests: {}, checks: script.split('check(res,').length - 1 };
  const start = lines.indexOf('export const options = {');
  let current: Record<string, unknown> | undefined;
  for (const line of start < 0 ? [] : lines.slice(start)) {
    const head = /^ {4}(\w+): \{$/.exec(line);
    const field = /^ {6}(\w+): (.*),$/.exec(line);
    if (head) current = out.scenarios[head[1]!] ??= {};
    else if (field && current) current[field[1]!] = fieldValue(field[2]!);
  }
  lines.forEach((line, i) => {
    const m = /^const fn_(\w+) = \{$/.exec(line);
    if (!m) return;
    const body: Record<string, unknown> = {};
    for (const inner of lines.slice(i + 1, i + 5)) {
      const f = /^ {2}(method|url|body|headers): (.*),$/.exec(inner);
      if (f) body[f[1]!] = JSON.parse(f[2]!) as unknown;
    }
    out.requests[m[1]!] = body;
  });
  return out;
}

function compareKeyed(ours: Record<string, object>, lb: Record<string, object>, what: string, diffs: Diffs): void {
  diffs.check(Object.keys(ours).sort(), Object.keys(lb).sort(), `${what} ids`);
  for (const [id, lbFields] of Object.entries(lb)) {
    const mine = (ours[id] ?? {}) as Record<string, unknown>;
    const fields = new Set([...Object.keys(lbFields), ...Object.keys(mine)]);
    for (const field of fields)
      diffs.check(mine[field], (lbFields as Record<string, unknown>)[field], `${what} ${id}.${field}`);
  }
}

const AUTH = 'Basic bGI6d2Vi';

/**
 * lb's script as lb-web writes it for a gateway with basic auth: the marked AUTHORIZATION
 * line after the imports, and each function's headers (without an Authorization of its own)
 * wrapped so the gateway's value goes under them. Nothing else may differ from lb's text.
 */
function withGatewayAuth(lbScript: string): string {
  const lines = lbScript.split('\n').map((line) => {
    const h = /^ {2}headers: (\{.*\}),$/.exec(line);
    if (!h) return line;
    const own = Object.keys(JSON.parse(h[1]!) as object).some((k) => k.toLowerCase() === 'authorization');
    return own ? line : `  headers: Object.assign({ Authorization: AUTHORIZATION }, ${h[1]}),`;
  });
  const afterImports = lines.findIndex((l) => !l.startsWith('import ')) + 1;
  lines.splice(afterImports, 0, `const AUTHORIZATION = ${JSON.stringify(AUTH)}; // lb-web:auth`, '');
  return lines.join('\n');
}

describe('k6 script', () => {
  interface In {
    config_pairs: Array<[string, number]>;
    functions: unknown[];
    gateway_url: string;
    duration: string;
  }
  type Lb = { script: string; metric_ids: Record<string, string>; structure: Structure };
  for (const c of casesOf<In, Lb>(file, 'build_script')) {
    const script = (authHeader?: string) =>
      buildK6Script({
        pairs: toPairs(c.input.config_pairs),
        // lb's dumped functions carry `max_rate: null`, which lb-web's schema refuses (see config cases).
        functions: c.input.functions.map((f) => FunctionSchema.parse(dropNulls(f))),
        gatewayUrl: c.input.gateway_url,
        duration: c.input.duration,
        authHeader,
      });
    const name = caseTitle(AREA, c);
    it(`${name} › metric ids`, () =>
      conform(AREA, c, () => {
        const ids = Object.fromEntries(k6MetricIds(c.input.config_pairs.map(([n]) => n)));
        expectSame(ids, c.expected.metric_ids, 'metric ids');
      }));
    it(`${name} › scenarios`, () =>
      conform(AREA, c, () => {
        const diffs = new Diffs();
        compareKeyed(structureOf(script()).scenarios, c.expected.structure.scenarios, 'scenario', diffs);
        diffs.assert();
      }));
    it(`${name} › request objects`, () =>
      conform(AREA, c, () => {
        const diffs = new Diffs();
        compareKeyed(structureOf(script()).requests, c.expected.structure.requests, 'request', diffs);
        diffs.assert();
      }));
    it(`${name} › status check`, () =>
      conform(AREA, c, () =>
        expectSame(structureOf(script()).checks, c.expected.structure.checks, 'check(res, "status is 2xx") calls'),
      ));
    it(`${name} › exact text`, () =>
      conform(AREA, c, () => {
        const diff = firstLineDiff(script(), c.expected.script);
        if (diff) expect.fail(`script text ${diff}`);
      }));
    // lb-web's gateway basic auth (lb has none: its users put headers in functions[]) must
    // change nothing but the Authorization it adds.
    it(`${name} › with gateway auth, lb's text plus the Authorization only`, () => {
      const diff = firstLineDiff(script(AUTH), withGatewayAuth(c.expected.script));
      if (diff) expect.fail(`script text with gateway auth ${diff}`);
    });
  }
});

describe('k6 command line', () => {
  type In = { workspace: string; outputs: string[]; tags: Array<[string, string]> };
  for (const c of casesOf<In, string[]>(file, 'k6_command')) {
    it(caseTitle(AREA, c), () =>
      conform(AREA, c, () => {
        const argv = k6Argv({
          k6Path: 'k6',
          workspace: c.input.workspace,
          outputs: c.input.outputs,
          tags: Object.fromEntries(c.input.tags),
        });
        expectSame(argv, c.expected, 'argv');
      }),
    );
  }
});

describe('k6 tags and outputs', () => {
  type TagsIn = { k6_tags: Array<[string, string]>; run_id: string; repetition: number };
  for (const c of casesOf<TagsIn, Array<[string, string]>>(file, 'k6_tags')) {
    it(caseTitle(AREA, c), () =>
      conform(AREA, c, () => {
        // Pairs, not an object: the order is the order of the --tag arguments.
        const tags = lbK6Tags(Object.fromEntries(c.input.k6_tags), c.input.run_id, c.input.repetition);
        expectSame(Object.entries(tags), c.expected, 'run tags ([key, value] in --tag order)');
      }),
    );
  }
  for (const c of casesOf<{ config: { k6_outputs: string[] } }, string[]>(file, 'k6_outputs')) {
    it(caseTitle(AREA, c), () =>
      conform(AREA, c, () => {
        const argv = k6Argv({ k6Path: 'k6', workspace: '/ws', outputs: c.input.config.k6_outputs });
        const outs = argv.flatMap((a, i) => (argv[i - 1] === '--out' ? [a] : []));
        expectSame(outs, c.expected, '--out values');
      }),
    );
  }
});

describe('k6 launch command of a repetition (config outputs and tags, run tags)', () => {
  type In = {
    k6_outputs: string[];
    k6_tags: Array<[string, string]>;
    run_id: string;
    repetition: number;
    workspace: string;
  };
  for (const c of casesOf<In, string[]>(file, 'run_command')) {
    // What the agent passes (server/agent/iteration.ts): the config's k6_outputs and lbK6Tags.
    const input = () => ({
      k6Path: 'k6',
      workspace: c.input.workspace,
      outputs: c.input.k6_outputs,
      tags: lbK6Tags(Object.fromEntries(c.input.k6_tags), c.input.run_id, c.input.repetition),
    });
    it(`${caseTitle(AREA, c)} › lb's argv`, () =>
      conform(AREA, c, () => expectSame(k6Argv(input()), c.expected, 'argv')));
    // The agent launches lb's argv plus one output of ours, the JSON sample stream behind the
    // live per-second metric events (FORMATS.md "Our additions"); nothing else may differ.
    it(`${caseTitle(AREA, c)} › launched argv = lb's + live sample output`, () => {
      const lb = [...c.expected];
      const script = lb.pop()!;
      expectSame(k6RunArgv(input()), [...lb, ...k6SamplesOut(c.input.workspace), script], 'launched argv');
    });
  }
});
