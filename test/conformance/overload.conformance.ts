// lb's overload decisions (result_builder.py flags, run_execution.py "more than half of the
// iterations") against server/peva/result-row.ts + overload.ts as the agent uses them.
import { describe, it } from 'vitest';
import { configOverloaded } from '@/server/peva/overload';
import { casesOf, Diffs, expectSame, loadFixture, title } from './support/fixtures';
import { ourRow, type Measurement } from './support/measurement';

const file = loadFixture('overload');

interface LbFlags {
  overloaded: boolean;
  overloaded_node: number;
  overloaded_function: Record<string, number>;
}

describe('overload: result row flags', () => {
  for (const c of casesOf<Measurement, LbFlags>(file, 'row_overload')) {
    it(title(c), () => {
      const row = ourRow(c.input);
      const diffs = new Diffs();
      diffs.check(row.overloadedNode, c.expected.overloaded, 'iteration overloaded');
      for (const [name, flag] of Object.entries(c.expected.overloaded_function)) {
        const f = row.perFunction.find((p) => p.name === name);
        diffs.check(f ? Number(f.overloaded) : undefined, flag, `overloaded_function_${name}`);
      }
      diffs.assert();
    });
  }
});

describe('overload: configuration', () => {
  for (const c of casesOf<{ flags: boolean[] }, boolean>(file, 'config_overloaded')) {
    it(title(c), () => expectSame(configOverloaded(c.input.flags), c.expected, `overloaded after ${c.input.flags}`));
  }
});
