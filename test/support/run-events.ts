// Builders of stored events for the run-monitor unit tests.
import type { StoredEvent } from '@/lib/contract/stored-event';

export function ev(seq: number, over: Partial<StoredEvent> = {}): StoredEvent {
  return {
    run_id: 'run-1',
    host: 'local-runner',
    workload: 'peva_faas',
    repetition: 1,
    total_repetitions: 1,
    status: 'running',
    message: `event ${seq}`,
    timestamp: 1_700_000_000 + seq,
    type: 'status',
    level: 'INFO',
    seq,
    ...over,
  };
}

export function metricEv(seq: number, at: number, fns: Record<string, Record<string, number | null>>): StoredEvent {
  return ev(seq, {
    type: 'metric',
    message: '',
    timestamp: at,
    phase: 'load',
    config_id: 'abc123def456',
    data: { t: at, functions: fns },
  });
}
