'use client';
// The selected cell in full: JSON pretty-printed (bare NaN kept as written), copy cell/row.
import { useState } from 'react';
import type { Cell, ResultColumn } from '@/components/explorer/engine/arrow-values';
import { cellText } from './grid-sort';
import { looksLikeJson, prettyJson } from './json-pretty';
import s from '@/components/explorer/explorer.module.css';

interface Props {
  column: ResultColumn;
  value: Cell;
  rowNumber: number;
  onCopyCell(): Promise<boolean>;
  onCopyRow(): Promise<boolean>;
}

export default function CellDetail({ column, value, rowNumber, onCopyCell, onCopyRow }: Props) {
  const [flash, setFlash] = useState('');
  const text = cellText(value);
  const shown = typeof value === 'string' && looksLikeJson(value) ? prettyJson(value) : text;
  const copy = async (what: string, fn: () => Promise<boolean>) =>
    setFlash((await fn()) ? `${what} copied` : 'copy failed (clipboard blocked)');
  return (
    <div className={s.detail} data-testid="cell-detail">
      <div className={s.row}>
        <strong>
          row {rowNumber} · {column.name}
        </strong>
        <span className={s.type}>{column.type}</span>
        <button type="button" className={s.button} onClick={() => void copy('cell', onCopyCell)}>
          Copy cell
        </button>
        <button type="button" className={s.button} onClick={() => void copy('row', onCopyRow)}>
          Copy row
        </button>
        <span className={s.status} role="status">
          {flash}
        </span>
      </div>
      <pre data-testid="cell-detail-text">{shown}</pre>
    </div>
  );
}
