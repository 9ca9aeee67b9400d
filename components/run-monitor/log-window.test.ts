import { describe, expect, it } from 'vitest';
import {
  FOLLOW_OVERSCAN,
  OVERSCAN,
  ROW_PX,
  anchorAt,
  anchoredScroll,
  indexOfSeq,
  logWindow,
  rowForKeyboard,
  scrollToShow,
  stepSeq,
} from './log-window';

const rows = (...seqs: number[]) => seqs.map((seq) => ({ seq }));
const VIEW = 21 * ROW_PX; // 21 rows in view (+1 partly)

describe('logWindow', () => {
  it('renders the last rows when following, however long the log', () => {
    for (const count of [10_000, 20_000]) {
      const w = logWindow(count, 0, VIEW, true);
      expect(w.end).toBe(count);
      // The view (21 rows and a partly shown one) and a few above it, however fast rows come.
      expect(w.end - w.start).toBe(22 + FOLLOW_OVERSCAN);
    }
  });

  it('renders the rows in view plus the overscan on both sides when not following', () => {
    const w = logWindow(10_000, 5000 * ROW_PX + 7, VIEW, false);
    expect(w).toEqual({ start: 5000 - OVERSCAN, end: 5000 + 22 + OVERSCAN });
  });

  it('clamps to the log at both ends and for short logs', () => {
    expect(logWindow(10_000, 0, VIEW, false)).toEqual({ start: 0, end: 22 + OVERSCAN });
    expect(logWindow(5, 0, VIEW, true)).toEqual({ start: 0, end: 5 });
    expect(logWindow(5, 400, VIEW, false)).toEqual({ start: 0, end: 5 });
    expect(logWindow(0, 0, VIEW, true)).toEqual({ start: 0, end: 0 });
    // A scroll offset past the end (the log just shrank) still renders its last rows.
    const w = logWindow(100, 1e6, VIEW, false);
    expect(w.end).toBe(100);
    expect(w.start).toBeLessThanOrEqual(100);
    // Negative offsets (overscroll) count as the top.
    expect(logWindow(100, -50, VIEW, false).start).toBe(0);
  });
});

describe('indexOfSeq', () => {
  it('finds a seq or the first one after it in ascending rows with gaps', () => {
    const r = rows(3, 5, 9, 10, 42);
    expect(indexOfSeq(r, 3)).toBe(0);
    expect(indexOfSeq(r, 9)).toBe(2);
    expect(indexOfSeq(r, 6)).toBe(2);
    expect(indexOfSeq(r, 1)).toBe(0);
    expect(indexOfSeq(r, 43)).toBe(5);
    expect(indexOfSeq([], 1)).toBe(0);
  });
});

describe('scroll anchoring', () => {
  it('keeps the top row in place when older rows are added above it', () => {
    const before = rows(...Array.from({ length: 100 }, (_, i) => 1001 + i));
    const anchor = anchorAt(before, 30 * ROW_PX + 5)!;
    expect(anchor).toEqual({ seq: 1031, offsetPx: 5 });
    const after = rows(...Array.from({ length: 1100 }, (_, i) => 1 + i));
    expect(anchoredScroll(after, anchor)).toBe(1030 * ROW_PX + 5);
  });

  it('keeps the top row in place when the oldest rows leave the log', () => {
    const before = rows(...Array.from({ length: 100 }, (_, i) => 1 + i));
    const anchor = anchorAt(before, 50 * ROW_PX)!;
    const after = rows(...Array.from({ length: 100 }, (_, i) => 21 + i));
    expect(anchoredScroll(after, anchor)).toBe(30 * ROW_PX);
  });

  it('moves to the next row held when the anchored one left', () => {
    const anchor = { seq: 7, offsetPx: 9 };
    expect(anchoredScroll(rows(10, 11, 12), anchor)).toBe(0);
    expect(anchoredScroll(rows(2, 4, 8, 16), anchor)).toBe(2 * ROW_PX);
    // All rows before it: the last row.
    expect(anchoredScroll(rows(1, 2), anchor)).toBe(ROW_PX);
    expect(anchoredScroll([], anchor)).toBe(0);
    expect(anchorAt([], 100)).toBeNull();
  });
});

describe('keyboard access to the rows', () => {
  it('steps to the older and newer neighbour, null past either end', () => {
    const r = rows(3, 5, 9);
    expect(stepSeq(r, 5, -1)).toBe(3);
    expect(stepSeq(r, 5, 1)).toBe(9);
    expect(stepSeq(r, 3, -1)).toBeNull();
    expect(stepSeq(r, 9, 1)).toBeNull();
    expect(stepSeq([], 9, 1)).toBeNull();
  });

  it('steps from where a row no longer shown would be', () => {
    // seq 6 was filtered out: its neighbours are 5 (older) and 9 (newer).
    expect(stepSeq(rows(3, 5, 9), 6, -1)).toBe(5);
    expect(stepSeq(rows(3, 5, 9), 6, 1)).toBe(9);
    // Dropped from the front of a full log: the oldest held is the newer neighbour.
    expect(stepSeq(rows(3, 5, 9), 1, 1)).toBe(3);
    expect(stepSeq(rows(3, 5, 9), 1, -1)).toBeNull();
  });

  it('opens the newest row when following, else the first whole row in view', () => {
    const r = rows(...Array.from({ length: 100 }, (_, i) => 1 + i));
    expect(rowForKeyboard(r, 0, true)).toBe(100);
    expect(rowForKeyboard(r, 0, false)).toBe(1);
    // Row 10 (seq 11) is partly scrolled off: the first whole row is seq 12.
    expect(rowForKeyboard(r, 10 * ROW_PX + 5, false)).toBe(12);
    expect(rowForKeyboard(r, 10 * ROW_PX, false)).toBe(11);
    expect(rowForKeyboard(r, 1e9, false)).toBe(100);
    expect(rowForKeyboard([], 0, true)).toBeNull();
  });

  it('scrolls only as far as needed to show a row whole', () => {
    const top = 50 * ROW_PX;
    expect(scrollToShow(55, top, VIEW)).toBe(top);
    expect(scrollToShow(49, top, VIEW)).toBe(49 * ROW_PX);
    // Row 71 ends 1 row below a view of 21 rows from row 50.
    expect(scrollToShow(71, top, VIEW)).toBe(72 * ROW_PX - VIEW);
    expect(scrollToShow(70, top, VIEW)).toBe(top);
  });
});
