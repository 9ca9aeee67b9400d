// Reads /proc to find a process's descendants: tests use it to prove no orphan is left.
import 'server-only';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  comm: string;
}

export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // comm is parenthesised and may contain spaces: split after the last ')'.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const rest = stat.slice(close + 2).split(' ');
      // A zombie (state Z) has already exited; it is not a running orphan.
      if (rest[0] === 'Z') continue;
      out.push({ pid: Number(entry), ppid: Number(rest[1]), pgid: Number(rest[2]), comm });
    } catch {
      /* process vanished while reading */
    }
  }
  return out;
}

/** All live descendants of `rootPid` (not including it). */
export function descendantsOf(rootPid: number): ProcInfo[] {
  const all = listProcesses();
  const children = new Map<number, ProcInfo[]>();
  for (const p of all) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const result: ProcInfo[] = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    for (const c of children.get(pid) ?? []) {
      result.push(c);
      stack.push(c.pid);
    }
  }
  return result;
}

/** Live processes whose process group is `pgid` (a group leader's whole tree, even if reparented). */
export function processesInGroup(pgid: number): ProcInfo[] {
  return listProcesses().filter((p) => p.pgid === pgid);
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * When the process started (clock ticks since boot, /proc/<pid>/stat field 22), or null when it
 * is gone: with the pid it identifies one process, so a recycled pid is not mistaken for it.
 */
export function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the name start at field 3 (state); starttime is field 22.
    const ticks = Number(fields[22 - 3]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}
