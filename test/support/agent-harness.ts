// Test/CLI helper: launches the agent program as an owned child process and collects its
// LB_EVENT lines. Used by integration tests and by the local host provider.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { repoRoot, tsEntryArgv } from '@/server/process/repo-root';
import { spawnOwned, type OwnedProcess } from '@/server/process/owned-process';
import { parseLbEventLine, type LbEvent } from '@/lib/contract/lb-event';
import type { AgentRunSpec } from '@/server/agent/run-spec';

/** argv that runs the agent with this Node and tsx. */
export function agentArgv(specPath: string): string[] {
  return [...tsEntryArgv('server/agent/main.ts'), '--spec', specPath];
}

export interface AgentProcess {
  proc: OwnedProcess;
  events: LbEvent[];
  stderr: string[];
  /** Resolves with the first event matching the predicate. */
  waitForEvent(pred: (e: LbEvent) => boolean, timeoutMs?: number): Promise<LbEvent>;
}

export function launchAgent(
  spec: Partial<AgentRunSpec> & Pick<AgentRunSpec, 'output_dir'>,
  specPath?: string,
): AgentProcess {
  const path = specPath ?? join(spec.output_dir, '..', `spec-${Date.now()}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(spec, null, 2));
  const events: LbEvent[] = [];
  const stderr: string[] = [];
  const waiters: Array<{ pred: (e: LbEvent) => boolean; resolve: (e: LbEvent) => void }> = [];
  const proc = spawnOwned(agentArgv(path), {
    name: 'agent',
    cwd: repoRoot(),
    onStdoutLine: (line) => {
      const r = parseLbEventLine(line);
      if (r.kind !== 'event') return;
      events.push(r.event);
      for (const w of [...waiters]) {
        if (w.pred(r.event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(r.event);
        }
      }
    },
    onStderrLine: (line) => stderr.push(line),
  });
  return {
    proc,
    events,
    stderr,
    waitForEvent(pred, timeoutMs = 60_000) {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () =>
            reject(
              new Error(
                `no matching event within ${timeoutMs} ms; last: ${JSON.stringify(events.at(-1))}; stderr: ${stderr.slice(-5).join(' | ')}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ pred, resolve: (e) => (clearTimeout(t), resolve(e)) });
        void proc.exited.then(() =>
          setTimeout(() => reject(new Error(`agent exited; stderr: ${stderr.slice(-10).join(' | ')}`)), 200),
        );
      });
    },
  };
}
