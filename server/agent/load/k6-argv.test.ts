import { describe, expect, it } from 'vitest';
import { k6RunArgv, SUMMARY_TREND_STATS } from './k6-argv';

describe('k6RunArgv', () => {
  it("is lb's command (summary export, user outputs, tags) with our JSON output just before the script", () => {
    expect(
      k6RunArgv({ k6Path: '/usr/bin/k6', workspace: '/ws', outputs: ['csv=/x.csv'], tags: { run: 'r1', cfg: 'abc' } }),
    ).toEqual([
      '/usr/bin/k6',
      'run',
      '--summary-export',
      '/ws/summary.json',
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

  it("passes no --summary-trend-stats, as lb: k6's default statistics, without p(99)", () => {
    expect(k6RunArgv({ k6Path: 'k6', workspace: '/ws' })).not.toContain('--summary-trend-stats');
    expect(SUMMARY_TREND_STATS).toBe('avg,min,med,max,p(90),p(95)');
  });

  it('rejects a tag name k6 would misparse', () => {
    expect(() => k6RunArgv({ k6Path: 'k6', workspace: '/ws', tags: { 'a=b': 'c' } })).toThrow(/"a=b"/);
  });
});
