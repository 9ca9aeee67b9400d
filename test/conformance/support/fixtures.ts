// Loading lb's fixtures (scripts/lb-fixtures/generate.py) and the vocabulary every
// conformance file shares: a case title that names lb's test, `missing()` for behaviour
// lb-web has no counterpart for, and one-line "lb X ≠ ours Y" failures the report can list.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';

export interface FixtureCase<I = unknown, E = unknown> {
  id: string;
  /** "test_peva_faas_<area>.py::<test>" of lb's unit suite, or "ours". */
  lb_test: string;
  kind: string;
  input: I;
  expected: E;
  note?: string;
}

export interface FixtureFile {
  area: string;
  lb_commit: string;
  cases: FixtureCase[];
}

const NON_FINITE: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };

/** JSON cannot hold NaN: the generator boxes it as {"$float": "nan"}. */
function unbox(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const boxed = (value as Record<string, unknown>)['$float'];
    if (keys.length === 1 && typeof boxed === 'string' && boxed in NON_FINITE) return NON_FINITE[boxed];
  }
  return value;
}

export function loadFixture(area: string): FixtureFile {
  const text = readFileSync(new URL(`../fixtures/${area}.json`, import.meta.url), 'utf8');
  return JSON.parse(text, unbox) as FixtureFile;
}

/** The cases of one kind, typed by the caller (the generator defines their shape). */
export function casesOf<I, E>(file: FixtureFile, kind: string): FixtureCase<I, E>[] {
  return file.cases.filter((c) => c.kind === kind) as FixtureCase<I, E>[];
}

/** "<lb test> » <case id>": the report groups results by the lb test file in front. */
export const title = (c: FixtureCase): string => `${c.lb_test} » ${c.id}`;

/** No lb-web counterpart: reported as "missing", not as a wrong value. */
export function missing(what: string): never {
  expect.fail(`missing: ${what}`);
}

/** Compact JSON for messages: NaN/Infinity spelled out, long values cut. */
export function show(value: unknown, max = 240): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `<${String(v)}>` : v === undefined ? '<undefined>' : v,
  );
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Deep equality where NaN equals NaN (lb's NaN results must be NaN here too). */
export const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);

/** Fails with "<what>: lb <lb> ≠ ours <ours>". */
export function expectSame(ours: unknown, lb: unknown, what: string): void {
  if (!same(ours, lb)) expect.fail(`${what}: lb ${show(lb)} ≠ ours ${show(ours)}`);
}

/** Collects several differences of one case into a single failure. */
export class Diffs {
  readonly items: string[] = [];
  check(ours: unknown, lb: unknown, what: string): void {
    if (!same(ours, lb)) this.items.push(`${what}: lb ${show(lb, 160)} ≠ ours ${show(ours, 160)}`);
  }
  add(text: string): void {
    this.items.push(text);
  }
  /** Differences whose whole reason is something lb-web lacks are "missing" (when nothing else differs). */
  assert(missingWhat?: string): void {
    if (this.items.length === 0) return;
    const body = this.items.join('; ');
    if (missingWhat) missing(`${missingWhat} — ${body}`);
    expect.fail(body);
  }
}

/** Strips null/undefined-valued keys: lb's `None` and our absent optional field mean the same. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

/** lb's [name, rate] pairs as lb-web's ConfigPair objects. */
export const toPairs = (raw: ReadonlyArray<readonly [string, number]>): Array<{ name: string; rate: number }> =>
  raw.map(([name, rate]) => ({ name, rate }));

/** The first line where two texts differ, for file comparisons. */
export function firstLineDiff(ours: string, lb: string): string | null {
  if (ours === lb) return null;
  const a = lb.split('\n');
  const b = ours.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: lb ${show(a[i] ?? '<none>', 200)} ≠ ours ${show(b[i] ?? '<none>', 200)}`;
  }
  return 'texts differ only in line endings';
}
