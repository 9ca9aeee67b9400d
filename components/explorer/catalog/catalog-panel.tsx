'use client';
// Every table and view of the attached files with row count and columns; clicking a
// name previews it in the SQL tab.
import { useState } from 'react';
import type { CatalogState } from './use-catalog';
import type { CatalogTable } from './catalog';
import s from '@/components/explorer/explorer.module.css';

const LABELS: Record<string, string> = { run: 'run (main file)', cmp: 'cmp (comparison)' };

/**
 * One table: its name previews it, the arrow shows its columns. Two sibling buttons, not a
 * button inside a <summary> (an interactive element nested in another one has no clear
 * keyboard or screen-reader behaviour).
 */
function CatalogItem({ table: t, onPreview }: { table: CatalogTable; onPreview(t: CatalogTable): void }) {
  const [open, setOpen] = useState(false);
  const name = t.schema === 'main' ? t.name : `${t.schema}.${t.name}`;
  return (
    <div
      className={s.catalogItem}
      data-testid="catalog-item"
      data-catalog={t.catalog}
      data-table={t.name}
      data-rows={t.rowCount ?? ''}
    >
      <div className={s.catalogHead}>
        <button
          type="button"
          className={s.expand}
          aria-expanded={open}
          aria-label={`Columns of ${name}`}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? '▾' : '▸'}
        </button>
        <button type="button" className={s.tableName} onClick={() => onPreview(t)} title="Preview rows">
          {name}
        </button>
        <span className={s.count} data-testid="row-count">
          {t.kind === 'view'
            ? 'view'
            : t.rowCount === null
              ? '…'
              : `${t.rowCount.toLocaleString('en-US')} ${t.rowCount === 1 ? 'row' : 'rows'}`}
        </span>
      </div>
      {open && (
        <ul className={s.columns}>
          {t.columns.map((c) => (
            <li key={c.name}>
              <span>{c.name}</span>
              <span className={s.type}>{c.type}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default function CatalogPanel({
  catalog,
  onPreview,
}: {
  catalog: CatalogState;
  onPreview(t: CatalogTable): void;
}) {
  const groups = new Map<string, CatalogTable[]>();
  // The main file first, then the comparison, whatever DuckDB's catalog order.
  for (const cat of ['run', 'cmp']) if (catalog.tables.some((t) => t.catalog === cat)) groups.set(cat, []);
  for (const t of catalog.tables) groups.set(t.catalog, [...(groups.get(t.catalog) ?? []), t]);
  return (
    <aside className={s.catalog} data-testid="catalog" aria-busy={catalog.loading}>
      {catalog.tables.length === 0 && !catalog.loading && <p className={s.status}>Open a file to see its tables.</p>}
      {catalog.loading && <p className={s.status}>Reading catalog…</p>}
      {catalog.error && <pre className={s.error}>{catalog.error}</pre>}
      {[...groups.entries()].map(([cat, tables]) => (
        <div key={cat}>
          <h2>{LABELS[cat] ?? cat}</h2>
          {tables.map((t) => (
            <CatalogItem key={`${t.schema}.${t.name}`} table={t} onPreview={onPreview} />
          ))}
        </div>
      ))}
    </aside>
  );
}
