// Emits LB_EVENT lines to stdout and to the stream file the controller tails. Each line
// is written with one synchronous append so a tailer never sees half a line for long
// and nothing is buffered when the process ends.
import 'server-only';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatLbEvent, type LbEventInput } from '@/lib/contract/lb-event';

export interface EventContext {
  run_id: string;
  host: string;
  workload: string;
  repetition: number;
  total_repetitions: number;
}

export interface EmitFields {
  status: string;
  message: string;
  type?: string;
  level?: string;
  logger?: string;
  phase?: string;
  config_id?: string;
  iteration?: number;
  error_type?: string | null;
  error_context?: unknown;
  data?: Record<string, unknown>;
  timestamp?: number;
}

export class AgentEventEmitter {
  constructor(
    private readonly ctx: EventContext,
    private readonly streamPath: string,
    private readonly toStdout = true,
  ) {
    mkdirSync(dirname(streamPath), { recursive: true });
  }

  emit(fields: EmitFields): void {
    const event: LbEventInput = { ...this.ctx, timestamp: Date.now() / 1000, ...fields };
    const line = formatLbEvent(event) + '\n';
    appendFileSync(this.streamPath, line);
    if (this.toStdout && process.stdout.writable) process.stdout.write(line);
  }

  status(
    status: 'running' | 'done' | 'failed' | 'stopped' | 'skipped',
    message: string,
    extra: Partial<EmitFields> = {},
  ): void {
    this.emit({ type: 'status', level: status === 'failed' ? 'ERROR' : 'INFO', status, message, ...extra });
  }

  log(level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR', message: string, extra: Partial<EmitFields> = {}): void {
    this.emit({ type: 'log', level, status: 'running', logger: 'lb_web.agent', message, ...extra });
  }
}
