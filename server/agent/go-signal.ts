// A runner of a shared run waits for the controller's go.json before each step's load: the
// barrier that keeps the runners' load windows on top of each other (runner-share.ts).
import 'server-only';
import { readFile } from 'node:fs/promises';
import { GoSignalSchema, type GoSignal } from '@/lib/contract/runner-share';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import { sleep } from '@/server/process/sleep';

const POLL_MS = 50;

/** The first go.json `accept` takes; null when `signal` (the run's stop) ends the wait first. */
export async function waitForGo(
  path: string,
  accept: (go: GoSignal) => boolean,
  signal: AbortSignal,
  pollMs = POLL_MS,
): Promise<GoSignal | null> {
  while (!signal.aborted) {
    const text = await readFile(path, 'utf8').catch(() => null);
    // A file caught half-written does not parse: read it again at the next poll.
    const go = text === null ? null : GoSignalSchema.safeParse(tryParseJson(text));
    if (go?.success && accept(go.data)) return go.data;
    await sleep(pollMs, signal).catch(() => undefined);
  }
  return null;
}
