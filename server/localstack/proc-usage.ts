// CPU time and resident memory of a process from /proc, the numbers cAdvisor would
// report for a container holding it.
import 'server-only';
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux architecture we run on. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcUsage {
  cpuSeconds: number;
  rssBytes: number;
}

/** utime + stime (fields 14 and 15) of a /proc/<pid>/stat line, in seconds. */
export function parseStatCpuSeconds(stat: string): number {
  // comm (field 2) is parenthesised and may contain spaces: count fields after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error(`unexpected /proc stat line: ${stat.slice(0, 80)}`);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** VmRSS of a /proc/<pid>/status text, in bytes (0 when absent, e.g. a zombie). */
export function parseStatusRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match?.[1] ? Number(match[1]) * 1024 : 0;
}

/** Current usage of `pid`, or undefined when it is gone. */
export function readProcUsage(pid: number): ProcUsage | undefined {
  try {
    const cpuSeconds = parseStatCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const rssBytes = parseStatusRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuSeconds, rssBytes };
  } catch {
    return undefined;
  }
}
