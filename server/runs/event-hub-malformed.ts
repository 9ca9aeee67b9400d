// Malformed input lines: counted, the last few kept for display, and turned into a warning event.
import 'server-only';
import type { LbEvent } from '@/lib/contract/lb-event';
import { WORKLOAD } from '@/lib/contract/run-tree';

export interface MalformedRecord {
  /** The line, cut to 1000 characters. */
  line: string;
  reason: string;
  host?: string;
  /** epoch milliseconds */
  at: number;
}

const MAX_LINE = 1000;

export class MalformedLog {
  count = 0;
  readonly #recent: MalformedRecord[] = [];

  constructor(private readonly keep: number) {}

  add(line: string, reason: string, host?: string): MalformedRecord {
    this.count++;
    const rec: MalformedRecord = {
      line: line.length > MAX_LINE ? line.slice(0, MAX_LINE) + '…' : line,
      reason,
      at: Date.now(),
    };
    if (host !== undefined) rec.host = host;
    this.#recent.push(rec);
    if (this.#recent.length > this.keep) this.#recent.shift();
    return rec;
  }

  recent(): MalformedRecord[] {
    return [...this.#recent];
  }
}

/** A log event (lb's shape for log records) that reports a skipped line; status stays "running". */
export function malformedLogEvent(rec: MalformedRecord, runId: string): LbEvent {
  return {
    run_id: runId,
    host: rec.host ?? 'controller',
    workload: WORKLOAD,
    repetition: 1,
    total_repetitions: 1,
    status: 'running',
    message: `malformed LB_EVENT line skipped: ${rec.reason}`,
    timestamp: rec.at / 1000,
    type: 'log',
    level: 'WARNING',
    logger: 'lb_web.event_ingest',
    data: { malformed: { line: rec.line, reason: rec.reason } },
  };
}
