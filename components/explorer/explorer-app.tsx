'use client';
// The explorer page body (loaded only through explorer-shell's dynamic import): file
// slots, catalog, SQL tab and PEVA views. A file dropped anywhere opens as the main file;
// dropped on the comparison card it opens there.
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import CatalogPanel from '@/components/explorer/catalog/catalog-panel';
import { completionSchema, previewSql } from '@/components/explorer/catalog/catalog';
import EngineBadge from './engine-badge';
import PevaViews from '@/components/explorer/peva/peva-views';
import QueryPanel, { type QueryPanelHandle } from '@/components/explorer/query/query-panel';
import SlotCard from '@/components/explorer/sources/slot-card';
import { useSources } from '@/components/explorer/sources/use-sources';
import s from './explorer.module.css';

type Tab = 'sql' | 'peva';

export default function ExplorerApp({ src, compare }: { src?: string; compare?: string }) {
  const { slots, catalog, openUrl, openFile, close } = useSources({ src, compare });
  const [tab, setTab] = useState<Tab>('sql');
  const [dragging, setDragging] = useState(false);
  const query = useRef<QueryPanelHandle>(null);
  const schema = useMemo(() => completionSchema(catalog.tables), [catalog.tables]);
  // Rows of a query on the previous main file must not stay on screen as if they were this one's.
  const mainIdentity = `${slots.run.phase}:${slots.run.name ?? ''}`;
  useEffect(() => query.current?.clearResult(), [mainIdentity]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const f = e.dataTransfer.files[0];
    if (f) void openFile('run', f);
  };

  return (
    <div
      className={`${s.app} ${dragging ? s.dragging : ''}`}
      data-testid="explorer"
      data-dragging={dragging}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
      // Before any card stops the drop: the outline goes whichever slot takes the file.
      onDropCapture={() => setDragging(false)}
    >
      <div className={s.header}>
        <h1>DuckDB explorer</h1>
        <EngineBadge />
        <span className={s.status}>
          Runs in this browser (duckdb-wasm); files are opened read-only and never uploaded.
        </span>
      </div>
      <div className={s.slots}>
        <SlotCard
          slot="run"
          title="Memory file (A)"
          state={slots.run}
          onUrl={(u) => void openUrl('run', u)}
          onFile={(f) => void openFile('run', f)}
          onClose={() => void close('run')}
        />
        <SlotCard
          slot="cmp"
          title="Compare with (B)"
          state={slots.cmp}
          onUrl={(u) => void openUrl('cmp', u)}
          onFile={(f) => void openFile('cmp', f)}
          onClose={() => void close('cmp')}
        />
      </div>
      <div className={s.body}>
        <CatalogPanel
          catalog={catalog}
          onPreview={(t) => {
            setTab('sql');
            query.current?.runSql(previewSql(t));
          }}
        />
        <div className={s.main}>
          <div className={s.tabs} role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'sql'}
              className={`${s.tab} ${tab === 'sql' ? s.tabActive : ''}`}
              onClick={() => setTab('sql')}
            >
              SQL
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'peva'}
              className={`${s.tab} ${tab === 'peva' ? s.tabActive : ''}`}
              onClick={() => setTab('peva')}
            >
              PEVA views
            </button>
          </div>
          {/* Both tabs stay mounted: switching keeps the editor text, results and history. */}
          <div hidden={tab !== 'sql'}>
            <QueryPanel ref={query} schema={schema} />
          </div>
          <div hidden={tab !== 'peva'}>
            {tab === 'peva' && <PevaViews catalog={catalog} names={{ run: slots.run.name, cmp: slots.cmp.name }} />}
          </div>
        </div>
      </div>
    </div>
  );
}
