import { describe, expect, it } from 'vitest';
import { parseStatCpuSeconds, parseStatusRssBytes, readProcUsage } from './proc-usage';

describe('/proc parsing', () => {
  it('reads utime + stime even when comm has spaces and parentheses', () => {
    const stat = '4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 1 0 100 1000 200';
    expect(parseStatCpuSeconds(stat)).toBeCloseTo(1.75);
  });

  it('reads VmRSS in bytes', () => {
    expect(parseStatusRssBytes('Name:\tnode\nVmRSS:\t  51200 kB\nThreads: 7\n')).toBe(51200 * 1024);
    expect(parseStatusRssBytes('Name:\tzombie\n')).toBe(0);
  });

  it('measures a live process and reports a missing one as undefined', () => {
    const u = readProcUsage(process.pid);
    expect(u?.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(u?.cpuSeconds).toBeGreaterThan(0);
    expect(readProcUsage(2 ** 22 + 7)).toBeUndefined();
  });
});
