import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatNumber, formatPercent } from './format';
import { artifactHref, exploreHref } from './links';
import { isTerminal, stateTone } from './run-states';

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration(4.24)).toBe('4.2s');
    expect(formatDuration(42.4)).toBe('42s');
    expect(formatDuration(65)).toBe('1m 05s');
    expect(formatDuration(3725)).toBe('1h 02m');
  });
  it('shows a dash for missing or invalid values', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('number formats', () => {
  it('formats bytes, numbers and percents', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MiB');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(3.14159, 2)).toBe('3.14');
    expect(formatPercent(0.987)).toBe('98.7%');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('links', () => {
  it('encodes each path segment and the explorer src', () => {
    expect(artifactHref('run-1', 'memory/local-runner/peva_faas.duckdb')).toBe(
      '/api/artifacts/run-1/memory/local-runner/peva_faas.duckdb',
    );
    expect(artifactHref('run-1', 'a b/c#d', true)).toBe('/api/artifacts/run-1/a%20b/c%23d?download=1');
    expect(exploreHref('run-1', 'memory/r/peva_faas.duckdb')).toBe(
      '/explore?src=%2Fapi%2Fartifacts%2Frun-1%2Fmemory%2Fr%2Fpeva_faas.duckdb',
    );
  });
});

describe('run states', () => {
  it('knows terminal states and tones', () => {
    expect(isTerminal('aborted')).toBe(true);
    expect(isTerminal('running_workloads')).toBe(false);
    expect(isTerminal(null)).toBe(false);
    expect(stateTone('finished')).toBe('ok');
    expect(stateTone('stop_failed')).toBe('bad');
    expect(stateTone('stopping_wait_runners')).toBe('warn');
    expect(stateTone('running_workloads')).toBe('busy');
  });
});
