// lb's dominates(base, candidate) against server/peva/dominance.ts dominates(b, a) —
// note the argument order: lb asks "does candidate dominate base", ours "does b dominate a".
import { describe, it } from 'vitest';
import { dominates } from '@/server/peva/dominance';
import { casesOf, expectSame, loadFixture, title, toPairs } from './support/fixtures';

const file = loadFixture('dominance');

describe('dominance', () => {
  for (const c of casesOf<{ base: Array<[string, number]>; candidate: Array<[string, number]> }, boolean>(
    file,
    'dominates',
  )) {
    it(title(c), () =>
      expectSame(dominates(toPairs(c.input.candidate), toPairs(c.input.base)), c.expected, 'candidate dominates base'),
    );
  }
});
