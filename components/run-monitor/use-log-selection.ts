'use client';
// Which event the log's detail shows. A click on a row (one listener for the log) selects it.
// The rows are not focusable (most are not in the DOM), so the keyboard goes through the log:
// Enter in the focused log opens its newest row when following, else the first row in view;
// the detail's Older / Newer step through the rows (not following, the log scrolls to keep the
// row in view), and closing it gives the focus back to the log.
import { useMemo, useState, type KeyboardEvent, type MouseEvent, type RefObject } from 'react';
import type { StoredEvent } from '@/lib/contract/stored-event';
import { indexOfSeq, rowForKeyboard, scrollToShow, stepSeq } from './log-window';

export interface LogSelection {
  /** The selected seq (the log marks its row), or null. */
  selected: number | null;
  onClick: (ev: MouseEvent<HTMLDivElement>) => void;
  /** Handles Enter on the log itself; true when it did (the caller's own keys go on otherwise). */
  onKeyDown: (ev: KeyboardEvent<HTMLDivElement>) => boolean;
  /** What the detail needs, or null when nothing is selected. */
  detail: {
    event: StoredEvent;
    onClose: () => void;
    onOlder: (() => void) | null;
    onNewer: (() => void) | null;
    focusOnOpen: boolean;
  } | null;
}

export function useLogSelection(
  rows: readonly StoredEvent[],
  /** Every held event: a selected row the filter or the cap no longer shows is still found here. */
  held: readonly StoredEvent[],
  scroller: RefObject<HTMLDivElement | null>,
  follow: boolean,
  viewPx: number,
): LogSelection {
  const [selected, setSelected] = useState<number | null>(null);
  const [openedByKey, setOpenedByKey] = useState(false);

  const onClick = (ev: MouseEvent<HTMLDivElement>) => {
    const row = (ev.target as HTMLElement).closest<HTMLElement>('[data-seq]');
    if (!row) return;
    setSelected(Number(row.dataset.seq));
    setOpenedByKey(false);
  };
  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (ev.key !== 'Enter' || ev.target !== scroller.current) return false;
    const seq = rowForKeyboard(rows, scroller.current.scrollTop, follow);
    if (seq === null) return false;
    ev.preventDefault();
    setSelected(seq);
    setOpenedByKey(true);
    return true;
  };
  const event = useMemo(() => {
    if (selected === null) return null;
    const i = indexOfSeq(rows, selected);
    return rows[i]?.seq === selected ? rows[i]! : (held.find((e) => e.seq === selected) ?? null);
  }, [selected, rows, held]);

  const stepper = (from: number, delta: -1 | 1) => {
    const to = stepSeq(rows, from, delta);
    if (to === null) return null;
    return () => {
      setSelected(to);
      const el = scroller.current;
      if (!el || follow) return;
      const top = scrollToShow(indexOfSeq(rows, to), el.scrollTop, viewPx);
      if (top !== el.scrollTop) el.scrollTop = top;
    };
  };
  const onClose = () => {
    setSelected(null);
    // The detail (and its focused button) goes: focus returns to the log, not to the page.
    scroller.current?.focus({ preventScroll: true });
  };

  return {
    selected,
    onClick,
    onKeyDown,
    detail: event && {
      event,
      onClose,
      onOlder: stepper(event.seq, -1),
      onNewer: stepper(event.seq, 1),
      focusOnOpen: openedByKey,
    },
  };
}
