'use client';
// Loads a run's snapshot (runs.snapshot: what the page derives from the whole run, and its
// newest events), then subscribes to its LB_EVENT stream from the snapshot's last seq: the
// page costs the same for a run of 1k or 1M events, and the stream's resume-by-seq contract
// is the one a reconnect uses (no gap, no duplicate). The stream is read by event-stream.ts
// (the subscription's own frames, without tRPC's per-message machinery), not useSubscription:
// that hook re-renders on every event. Here events are buffered and flushed
// into the RunEventLog once per animation frame, rendered within that frame (a hidden tab gets
// no frames: a timer every HIDDEN_FLUSH_MS keeps its buffer bounded). A reconnect resumes from
// the last seq received, and RunEventLog drops any seq seen twice.
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { useTRPCClient } from '@/lib/trpc/client';
import { getBrowserToken } from '@/lib/trpc/browser-token';
import { withTokenParam } from '@/lib/trpc/links';
import { RunEventLog } from './event-store';
import { openEventStream } from './event-stream';

const HIDDEN_FLUSH_MS = 250;
/** No batch for this long and a fast tail is slow again (RunEventLog.settle). */
const FAST_TAIL_SETTLE_MS = 400;

/** runs.events as tRPC's subscription link would ask for it (the same route and frames). */
function eventsUrl(runId: string, lastSeq: number): string {
  // Batches: a fast run's events come a few per message (one browser task each, not one per event).
  const input = JSON.stringify({ runId, lastEventId: lastSeq > 0 ? String(lastSeq) : null, batch: true });
  return withTokenParam(`/api/trpc/runs.events?input=${encodeURIComponent(input)}`, getBrowserToken());
}

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'error';

export interface RunEventsState {
  log: RunEventLog;
  /** Changes whenever the log changed (memo key). */
  version: number;
  status: StreamStatus;
  error: string | null;
}

export function useRunEvents(runId: string): RunEventsState {
  const client = useTRPCClient();
  // One log per mounted monitor; the page keys the monitor by run id.
  const [log] = useState(() => new RunEventLog());
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let unsubscribe = () => {};
    let buffer: StoredEvent[] = [];
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const cancel = () => {
      if (frame) cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
      frame = 0;
      timer = null;
    };
    const schedule = () => {
      if (timer) return;
      frame = requestAnimationFrame(() => flush(true));
      timer = setTimeout(() => flush(true), HIDDEN_FLUSH_MS);
    };
    // From the frame's callback, React renders and commits at once (flushSync), so the rows
    // are laid out and painted in this frame; a plain update would render in a task after it
    // and paint a frame later.
    // A fast tail that went quiet settles: its log rows are drawn in line order again.
    let settleTimer: ReturnType<typeof setTimeout> | null = null;
    const settle = () => {
      settleTimer = null;
      if (log.settle()) setVersion(log.version);
    };
    const flush = (now = false) => {
      cancel();
      const batch = buffer;
      buffer = [];
      if (log.add(batch) === 0) return;
      if (settleTimer) clearTimeout(settleTimer);
      settleTimer = log.fastTail ? setTimeout(settle, FAST_TAIL_SETTLE_MS) : null;
      if (now) flushSync(() => setVersion(log.version));
      else setVersion(log.version);
    };
    const subscribe = () => {
      if (cancelled) return;
      // Resume after the snapshot (or what this tab already holds, e.g. a remount); the
      // stream keeps the cursor itself for reconnects.
      unsubscribe = openEventStream(
        { url: (lastSeq) => eventsUrl(runId, lastSeq), lastSeq: log.lastSeq },
        {
          onEvent: (e) => {
            buffer.push(e);
            schedule();
          },
          onState: (s) => setStatus((prev) => (s === 'reconnecting' && prev === 'connecting' ? prev : s)),
          onError: (message) => {
            setError(message);
            setStatus('error');
          },
          onEnd: () => {
            flush();
            setStatus('ended');
          },
        },
      );
    };
    if (log.version > 0) subscribe();
    else
      client.runs.snapshot
        .query({ runId })
        .then((snapshot) => {
          if (!cancelled && log.seed(snapshot)) setVersion(log.version);
        })
        // Without a snapshot the stream replays the run from its start, as it always could.
        .catch(() => undefined)
        .finally(subscribe);
    return () => {
      cancelled = true;
      unsubscribe();
      flush();
      if (settleTimer) clearTimeout(settleTimer);
    };
  }, [client, runId, log]);

  return { log, version, status, error };
}
