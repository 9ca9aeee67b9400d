import { describe, expect, it } from 'vitest';
import { k6RunArgv } from './k6-argv';

describe('k6RunArgv', () => {
  it('puts summary flags first, user outputs and tags next, our JSON output and the script last', () => {
    expect(
      k6RunArgv({ k6Path: '/usr/bin/k6', workspace: '/ws', outputs: ['csv=/x.csv'], tags: { run: 'r1', cfg: 'abc' } }),
    ).toEqual([
      '/usr/bin/k6',
      'run',
      '--summary-export',
      '/ws/summary.json',
      '--summary-trend-stats',
      'avg,min,med,max,p(90),p(95),p(99)',
      '--out',
      'csv=/x.csv',
      '--tag',
      'run=r1',
      '--tag',
      'cfg=abc',
      '--out',
      'json=/ws/samples.json',
      '/ws/script.js',
    ]);
  });

  it('rejects a tag name k6 would misparse', () => {
    expect(() => k6RunArgv({ k6Path: 'k6', workspace: '/ws', tags: { 'a=b': 'c' } })).toThrow(/"a=b"/);
  });
});
