// The report's capacity-search section, from a run's events.jsonl: the same fold as the run page.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ev } from '@/test/support/run-events';
import { summarizeEvents } from './event-summary';
import { renderReport } from './report-html';

const dir = mkdtempSync(join(tmpdir(), 'lbweb-report-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RATES = [2, 4, 6, 8, 10];
const line = (
  tried: { rate: number; verdict: string; reason: string }[],
  capacity: number | null,
  failsAt: number | null,
  bracketed = false,
) => ({
  line: 'cpu-burn|',
  function: 'cpu-burn',
  fixed: '',
  rates: RATES,
  tried,
  capacity,
  failsAt,
  bracketed,
});
const policy = (seq: number, lines: unknown[], probe: unknown, done = false) =>
  ev(seq, {
    type: 'log',
    phase: 'policy',
    data: { policy: 'lb_web.policies:CapacitySearch', search: { lines, probe, done } },
  });
const passed = (rate: number) => ({ rate, verdict: 'passed', reason: 'met every limit' });
const failed = (rate: number) => ({ rate, verdict: 'failed', reason: 'p95 900 ms > 400 ms' });
const overloaded = (rate: number) => ({ rate, verdict: 'overloaded', reason: 'node overloaded' });

describe('report: capacity search', () => {
  it('draws every line with its tried rates and bracket, and lists the steps', async () => {
    const file = join(dir, 'events.jsonl');
    const events = [
      policy(1, [line([], null, null)], { line: 'cpu-burn|', rate: 6 }),
      ev(2, { type: 'log', phase: 'load', message: 'load' }),
      policy(3, [line([overloaded(6)], null, 6)], { line: 'cpu-burn|', rate: 2 }),
      policy(4, [line([overloaded(6), passed(2)], 2, 6)], { line: 'cpu-burn|', rate: 4 }),
      policy(5, [line([overloaded(6), passed(2), failed(4)], 2, 4, true)], null, true),
    ];
    writeFileSync(file, events.map((x) => JSON.stringify(x)).join('\n') + '\n');
    const summary = await summarizeEvents(file);
    expect(summary?.search?.lines[0]?.steps.map((s) => [s.rate, s.capacity, s.failsAt])).toEqual([
      [6, null, 6],
      [2, 2, 6],
      [4, 2, 4],
    ]);
    const html = renderReport({
      generatedAt: new Date(0),
      lbWebVersion: 'test',
      source: {
        ref: 'r',
        name: 'r',
        kind: 'run',
        records: [],
        from: 'events.jsonl',
        run: null,
        thresholds: null,
        outcome: null,
        runIds: [],
      },
      capacity: [],
      outcome: null,
      events: summary,
    });
    expect(html).toContain('<h2>Capacity search</h2>');
    expect(html).toMatch(/data-line="cpu-burn\|" data-capacity="2" data-fails-at="4" data-bracketed="true"/);
    expect(html).toContain('capacity 2 req/s (fails at 4)');
    expect(html.match(/data-verdict="(passed|failed|overloaded)"/g)).toHaveLength(3);
    expect(html).toContain('<span class="v-overloaded">overloaded</span>');
    expect(html).toContain('<span class="v-failed">failed threshold</span>');
    expect(html).toContain('[2, 4]');
    expect(html).not.toMatch(/<script/i);
  });

  it('has no section for a run without a capacity search', async () => {
    const file = join(dir, 'plain.jsonl');
    writeFileSync(file, JSON.stringify(ev(1, { type: 'log', phase: 'setup' })) + '\n');
    const summary = await summarizeEvents(file);
    expect(summary?.search).toBeNull();
  });
});
