import { describe, expect, it } from 'vitest';
import { proposeBatch, selectConfigs } from './scheduler';

const c = (id: string) => ({ id });
const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);

describe('proposeBatch (lb CartesianScheduler.propose_batch)', () => {
  const five = ['a0', 'a10', 'b0', 'b10', 'a0b0'].map(c);

  it('keeps the candidates’ order up to the desired size', () => {
    expect(ids(proposeBatch(five, new Set(), 4))).toEqual(['a0', 'a10', 'b0', 'b10']);
  });

  it('drops seen candidates without replacing them by later ones beyond the size', () => {
    expect(ids(proposeBatch(five.slice(0, 3), new Set(['a10']), 3))).toEqual(['a0', 'b0']);
    expect(ids(proposeBatch(five, new Set(['a10']), 3))).toEqual(['a0', 'b0', 'b10']);
  });

  it('gives nothing for a size ≤ 0', () => {
    expect(proposeBatch(five, new Set(), 0)).toEqual([]);
    expect(proposeBatch(five, new Set(), -1)).toEqual([]);
  });
});

describe('selectConfigs (lb DfaasConfigExecutor.execute before its loop)', () => {
  it('leaves out what index.csv or the memory has seen, and says where', () => {
    const configs = ['x', 'y', 'z', 'w'].map(c);
    const s = selectConfigs(configs, new Set(['y', 'gone']), new Set(['y', 'z']));
    expect(ids(s.selected)).toEqual(['x', 'w']);
    expect(s.notSelected.map((n) => [n.config.id, n.seenIn])).toEqual([
      ['y', ['index', 'memory']],
      ['z', ['memory']],
    ]);
  });

  it('selects everything on a fresh output and memory, nothing when all were seen', () => {
    const configs = ['x', 'y'].map(c);
    expect(ids(selectConfigs(configs, new Set(), new Set()).selected)).toEqual(['x', 'y']);
    expect(selectConfigs(configs, new Set(['x']), new Set(['y'])).selected).toEqual([]);
    expect(selectConfigs([], new Set(), new Set())).toEqual({ selected: [], notSelected: [] });
  });
});
