'use client';
// State of the two file slots, and which request on each slot is the latest: an open or a
// close supersedes the one before it, whose remaining steps then do nothing.
import { useCallback, useRef, useState } from 'react';
import type { SourceProblem } from './source-loader';

export type Slot = 'run' | 'cmp';
export interface SlotState {
  phase: 'empty' | 'loading' | 'ready' | 'error';
  name?: string;
  origin?: 'url' | 'file';
  url?: string;
  size?: number;
  version?: number;
  problem?: SourceProblem;
  /** From the open request to the catalog being shown, ms. */
  openMs?: number;
  /** Read in place with HTTP range requests (not downloaded). */
  ranged?: boolean;
  /** The flat SQL table built from its results on open (peva-results-table.ts). */
  pevaResults?: { table: string; rows: number | null };
}

/** True while no later open or close of the same slot has started. */
export type StillLatest = () => boolean;

export function useSlots() {
  const [slots, setSlots] = useState<Record<Slot, SlotState>>({ run: { phase: 'empty' }, cmp: { phase: 'empty' } });
  const requests = useRef<Record<Slot, number>>({ run: 0, cmp: 0 });

  const setSlot = useCallback((slot: Slot, s: SlotState) => setSlots((prev) => ({ ...prev, [slot]: s })), []);

  const startRequest = useCallback((slot: Slot): StillLatest => {
    const mine = ++requests.current[slot];
    return () => mine === requests.current[slot];
  }, []);

  return { slots, setSlot, startRequest };
}
