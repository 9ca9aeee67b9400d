'use client';
// One file slot: open by URL, pick or drop a file (read lazily, never copied whole), close.
import { useRef, useState, type DragEvent } from 'react';
import FileMessage from './file-message';
import type { Slot, SlotState } from './use-slots';
import s from '@/components/explorer/explorer.module.css';

interface Props {
  slot: Slot;
  title: string;
  state: SlotState;
  onUrl(url: string): void;
  onFile(file: File): void;
  onClose(): void;
}

const mb = (n?: number) =>
  n === undefined ? '' : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} kB`;

export default function SlotCard({ slot, title, state, onUrl, onFile, onClose }: Props) {
  const [url, setUrl] = useState(state.url ?? '');
  const [shownUrl, setShownUrl] = useState(state.url);
  const input = useRef<HTMLInputElement>(null);
  // Show the URL a slot was opened from (e.g. ?src=), without fighting the user's typing:
  // adjusted during render when the slot's URL changes (React's "previous props" pattern).
  // A file picked or dropped (no URL) clears the box: it no longer says what is open.
  if (state.url !== shownUrl) {
    setShownUrl(state.url);
    setUrl(state.url ?? '');
  }
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    // Opened here, not as the main file (the page clears its outline in the capture phase).
    e.stopPropagation();
    const f = e.dataTransfer.files[0];
    if (f) onFile(f);
  };
  return (
    <section
      className={s.slot}
      data-testid={`slot-${slot}`}
      data-phase={state.phase}
      onDragOver={(e) => e.preventDefault()}
      onDrop={onDrop}
    >
      <div className={s.slotTitle}>
        <span>{title}</span>
        <span className={s.slotMeta} data-testid={`slot-${slot}-status`}>
          {state.phase === 'empty' && 'no file — drop a .duckdb file here'}
          {state.phase === 'loading' && `opening ${state.name ?? ''}…`}
          {state.phase === 'ready' &&
            `${state.name} · ${mb(state.size)}${state.ranged ? ' (read in place)' : ''} · storage v${state.version} · opened in ${state.openMs} ms` +
              (state.pevaResults
                ? state.pevaResults.rows === null
                  ? ` · ${state.pevaResults.table}: built when a query first names it (many events)`
                  : ` · ${state.pevaResults.table}: ${state.pevaResults.rows.toLocaleString('en-US')} rows for plain SQL`
                : '')}
          {state.phase === 'error' && 'not opened'}
        </span>
      </div>
      <form
        className={s.row}
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) onUrl(url.trim());
        }}
      >
        <input
          type="text"
          aria-label={`${title} URL`}
          placeholder="/api/artifacts/<run>/memory/<host>/peva_faas.duckdb"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
        <button type="submit" className={s.button}>
          Open URL
        </button>
      </form>
      <div className={s.row}>
        <input
          ref={input}
          type="file"
          accept=".duckdb,.db,application/octet-stream"
          data-testid={`file-input-${slot}`}
          style={{ display: 'none' }}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) onFile(f);
            e.target.value = '';
          }}
        />
        <button type="button" className={s.button} onClick={() => input.current?.click()}>
          Pick a file…
        </button>
        {state.phase !== 'empty' && (
          <button type="button" className={s.button} onClick={onClose}>
            Close
          </button>
        )}
      </div>
      {state.phase === 'error' && state.problem && <FileMessage problem={state.problem} slot={slot} />}
    </section>
  );
}
