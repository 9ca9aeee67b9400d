'use client';
// Virtualized result grid: only the rows in view (plus overscan) are in the DOM, so
// 100 000 rows scroll like 100. Sorting reorders an index array, not the rows.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Cell, ResultColumn } from '@/components/explorer/engine/arrow-values';
import CellDetail from './cell-detail';
import { copyText } from './copy-text';
import { cellText, nextSort, rowJson, sortOrder, type SortSpec } from './grid-sort';
import s from '@/components/explorer/explorer.module.css';

const ROW_HEIGHT = 24;

function columnWidths(columns: readonly ResultColumn[], rows: readonly Cell[][]): number[] {
  const sample = rows.slice(0, 200);
  return columns.map((c, i) => {
    let chars = c.name.length + 4;
    for (const r of sample) chars = Math.max(chars, Math.min(48, cellText(r[i] ?? null).length));
    return Math.max(70, Math.min(360, chars * 7.5 + 16));
  });
}

interface Props {
  columns: ResultColumn[];
  rows: Cell[][];
  /** Told the row order on screen, so an export can follow the user's sort. */
  onOrder?(order: readonly number[]): void;
}

export default function ResultsGrid({ columns, rows, onOrder }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [sort, setSort] = useState<SortSpec | null>(null);
  const [sel, setSel] = useState<{ row: number; col: number } | null>(null);
  const order = useMemo(() => sortOrder(rows, sort), [rows, sort]);
  const widths = useMemo(() => columnWidths(columns, rows), [columns, rows]);
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const v = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const names = useMemo(() => columns.map((c) => c.name), [columns]);
  const selRow = sel ? rows[order[sel.row] ?? -1] : undefined;
  useEffect(() => {
    onOrder?.(order);
  }, [order, onOrder]);
  // A new order starts at its top; the selection would point at a different row.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setSel(null);
  }, [sort]);

  const onKey = (e: KeyboardEvent) => {
    if (!sel) return;
    if ((e.ctrlKey || e.metaKey) && e.key === 'c' && selRow) {
      e.preventDefault();
      void copyText(cellText(selRow[sel.col] ?? null));
      return;
    }
    const moves: Record<string, [number, number]> = {
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    const row = Math.max(0, Math.min(order.length - 1, sel.row + m[0]));
    const col = Math.max(0, Math.min(columns.length - 1, sel.col + m[1]));
    setSel({ row, col });
    v.scrollToIndex(row);
  };

  return (
    <>
      <div
        ref={scroller}
        className={s.grid}
        role="grid"
        aria-rowcount={order.length + 1}
        aria-colcount={columns.length}
        tabIndex={0}
        onKeyDown={onKey}
        data-testid="results-grid"
      >
        <div className={s.gridHeader} role="row" style={{ width: totalWidth }}>
          {columns.map((c, i) => (
            <div
              key={`${c.name}-${i}`}
              role="columnheader"
              aria-sort={sort?.column === i ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              className={s.gridHeadCell}
              style={{ width: widths[i] }}
              title={`${c.name} (${c.type}) — click to sort`}
              onClick={() => setSort((cur) => nextSort(cur, i))}
            >
              {c.name}
              {sort?.column === i ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              <small>{c.type}</small>
            </div>
          ))}
        </div>
        <div style={{ height: v.getTotalSize(), width: totalWidth, position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const row = rows[order[item.index]!]!;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`${s.gridRow} ${item.index % 2 ? s.gridRowOdd : ''}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)`, width: totalWidth }}
              >
                {columns.map((_, ci) => {
                  const val = row[ci] ?? null;
                  const isSel = sel?.row === item.index && sel.col === ci;
                  return (
                    <div
                      key={ci}
                      role="gridcell"
                      className={`${s.gridCell} ${typeof val === 'number' ? s.num : ''} ${val === null ? s.null : ''} ${isSel ? s.selected : ''}`}
                      style={{ width: widths[ci] }}
                      onClick={() => setSel({ row: item.index, col: ci })}
                    >
                      {cellText(val)}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {sel && selRow && (
        <CellDetail
          column={columns[sel.col]!}
          value={selRow[sel.col] ?? null}
          rowNumber={sel.row + 1}
          onCopyCell={() => copyText(cellText(selRow[sel.col] ?? null))}
          onCopyRow={() => copyText(rowJson(names, selRow))}
        />
      )}
    </>
  );
}
