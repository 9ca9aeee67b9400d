// One process, told apart from a later one that got the same pid: its pid and its start time.
import 'server-only';
import { isPidAlive, processStartTicks } from './proc-tree';

export interface ProcessIdentity {
  pid: number;
  /** Process start (clock ticks since boot). */
  started: number;
}

export function thisProcess(): ProcessIdentity {
  return { pid: process.pid, started: processStartTicks(process.pid) ?? 0 };
}

export function isProcessAlive(p: ProcessIdentity | null | undefined): boolean {
  return !!p && isPidAlive(p.pid) && processStartTicks(p.pid) === p.started;
}

export function isThisProcess(p: ProcessIdentity | null | undefined): boolean {
  const me = thisProcess();
  return p?.pid === me.pid && p.started === me.started;
}
