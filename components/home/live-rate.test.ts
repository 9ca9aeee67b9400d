import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { liveRate } from './live-rate';

let seq = 0;
const metric = (host: string, at: number, fns: Record<string, number>, targets: Record<string, number> = {}) =>
  ({
    seq: ++seq,
    host,
    type: 'metric',
    status: 'running',
    message: '',
    timestamp: at,
    data: {
      t: at,
      window_s: 1,
      targets,
      functions: Object.fromEntries(Object.entries(fns).map(([n, rps]) => [n, { rps }])),
    },
  }) as unknown as StoredEvent;
const log = (at: number) =>
  ({ seq: ++seq, type: 'log', status: 'running', message: 'x', timestamp: at }) as unknown as StoredEvent;

describe('liveRate', () => {
  it('is the newest sample of the run, per function', () => {
    const r = liveRate([
      metric('r', 100, { figlet: 9 }),
      metric('r', 101, { figlet: 10, env: 5 }, { figlet: 10 }),
      log(101.5),
    ]);
    expect(r).toEqual({ at: 101, total: 15, perFunction: { figlet: 10, env: 5 }, targets: { figlet: 10, env: 0 } });
  });

  it("adds up the runners' newest samples of the same second", () => {
    const r = liveRate([
      metric('r1', 100, { figlet: 50 }),
      metric('r2', 100.2, { figlet: 49 }),
      metric('r1', 101, { figlet: 50 }, { figlet: 50 }),
      metric('r2', 101.3, { figlet: 51 }, { figlet: 50 }),
    ]);
    expect(r?.perFunction).toEqual({ figlet: 101 });
    expect(r?.targets).toEqual({ figlet: 100 });
  });

  it('leaves out a runner whose newest sample is from an older second, and is null without samples', () => {
    const r = liveRate([metric('gone', 90, { figlet: 50 }), metric('r', 101, { figlet: 20 })]);
    expect(r?.total).toBe(20);
    expect(liveRate([log(1)])).toBeNull();
  });
});
