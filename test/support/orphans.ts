// Processes that mention a test's temp directory (in their argv or as their cwd). Agents run
// detached — re-parented to init, no longer our descendants — so "no descendant left" alone
// cannot prove a test left nothing running: this can.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

export function processesUnder(dir: string): { pid: number; cmdline: string }[] {
  const out: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        /* another user's process */
      }
      if (cmdline.includes(dir) || cwd.startsWith(dir)) out.push({ pid: Number(entry), cmdline });
    } catch {
      /* gone while reading */
    }
  }
  return out;
}
