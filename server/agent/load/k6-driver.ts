// Runs real k6 per FORMATS.md §7 as an owned process-group leader: its output goes to
// <ws>/k6.log, its JSON sample stream feeds live per-second figures, and a stop is SIGTERM
// (k6 then writes its summary) followed by SIGKILL after the grace period.
import 'server-only';

/** lb's `stop_current_run`: SIGTERM, then SIGKILL after 5 s. */
export const K6_STOP_GRACE_MS = 5000;
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnOwned } from '@/server/process/owned-process';
import { runCommand } from '@/server/process/run-command';
import { k6RunArgv } from './k6-argv';
import { K6SamplesTail } from './samples-tail';
import type { LoadDriver, LoadRunOptions, LoadRunResult } from './types';

const TAIL_LINES = 40;
// Past duration + k6's 30 s gracefulStop + setup/teardown, a k6 that still runs is hung.
const WATCHDOG_EXTRA_MS = 120_000;

/** `graceMs`: SIGTERM → SIGKILL on stop (the run spec's k6_stop_grace_s; lb's 5 s by default). */
export function createK6Driver(k6Path: string, defaults: { graceMs?: number } = {}): LoadDriver {
  return {
    kind: 'k6',
    describe: () => k6Version(k6Path),
    run: (o) => runK6(k6Path, { ...o, graceMs: o.graceMs ?? defaults.graceMs }),
  };
}

export async function k6Version(k6Path: string): Promise<string> {
  const r = await runCommand([k6Path, 'version'], { timeoutMs: 15_000 });
  const line =
    r.stdout
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  if (r.code !== 0 || !line.includes('k6')) {
    const why = r.spawnError ?? (r.timedOut ? 'timed out' : `exit ${r.code}: ${r.stderr.trim().slice(-300)}`);
    throw new Error(`"${k6Path} version" did not report a k6 version (${why}); install k6 or use the built-in driver`);
  }
  return line;
}

async function runK6(k6Path: string, o: LoadRunOptions): Promise<LoadRunResult> {
  if (!o.script) throw new Error('k6 driver: no script given; the agent must pass the k6 script text (buildK6Script)');
  const ws = o.workspace;
  const summaryPath = join(ws, 'summary.json');
  const samplesPath = join(ws, 'samples.json');
  await mkdir(ws, { recursive: true });
  // A summary left by an earlier run must never be mistaken for this one's.
  await Promise.all([rm(summaryPath, { force: true }), rm(samplesPath, { force: true })]);
  await writeFile(join(ws, 'script.js'), o.script);
  const argv = k6RunArgv({ k6Path, workspace: ws, outputs: o.outputs, tags: o.tags });

  const log = createWriteStream(join(ws, 'k6.log'), { flags: 'w' });
  log.write(`# ${argv.join(' ')}\n`);
  const tail: string[] = [];
  const note = (line: string) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  const startTs = Date.now() / 1000;
  const proc = spawnOwned(argv, {
    name: 'k6',
    cwd: ws,
    signal: o.signal,
    graceMs: o.graceMs ?? K6_STOP_GRACE_MS,
    onStdoutLine: (l) => log.write(`${l}\n`),
    onStderrLine: (l) => {
      log.write(`${l}\n`);
      note(l);
    },
  });
  proc.child.once('error', (err) => note(`lb-web: could not start ${k6Path}: ${err.message}`));

  const names = o.targets.filter((t) => t.rate > 0).map((t) => t.name);
  const samples = o.onSample ? new K6SamplesTail(samplesPath, names, startTs, o.onSample) : undefined;
  let polling: Promise<void> = Promise.resolve();
  const poller = samples
    ? setInterval(() => {
        // Polls never overlap: a slow read delays the next one instead of racing it.
        polling = polling.then(() => samples.poll(Date.now() / 1000)).catch(() => undefined);
      }, 1000)
    : undefined;
  const watchdog = setTimeout(
    () => {
      note(`lb-web: k6 still running ${o.durationS}s + ${WATCHDOG_EXTRA_MS / 1000}s after start; stopping it`);
      void proc.stop(o.graceMs ?? K6_STOP_GRACE_MS);
    },
    o.durationS * 1000 + WATCHDOG_EXTRA_MS,
  );

  // spawnOwned's stop (abort or watchdog) SIGKILLs the whole group once the leader is gone.
  const exit = await proc.exited;
  clearTimeout(watchdog);
  if (poller) clearInterval(poller);
  await polling;
  await samples?.finish().catch(() => undefined);
  const endTs = Date.now() / 1000;
  await new Promise<void>((r) => log.end(r));
  if (exit.signal) note(`lb-web: k6 ended by ${exit.signal}`);
  return {
    summary: await readSummary(summaryPath),
    summaryPath,
    startTs,
    endTs,
    stopped: o.signal.aborted,
    exitCode: exit.code,
    stderrTail: tail.join('\n'),
  };
}

async function readSummary(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return null; // k6 killed before writing it, or never started
  }
}
