'use client';
// Every table and view of the attached files with row count and columns; clicking a
// name previews it in the SQL tab.
import type { CatalogState } from './use-catalog';
import type { CatalogTable } from './catalog';
import s from '@/components/explorer/explorer.module.css';

const LABELS: Record<string, string> = { run: 'run (main file)', cmp: 'cmp (comparison)' };

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
            <details
              key={`${t.schema}.${t.name}`}
              className={s.catalogItem}
              data-testid="catalog-item"
              data-catalog={t.catalog}
              data-table={t.name}
              data-rows={t.rowCount ?? ''}
            >
              <summary>
                <button
                  type="button"
                  className={s.tableName}
                  onClick={(e) => (e.preventDefault(), onPreview(t))}
                  title="Preview rows"
                >
                  {t.schema === 'main' ? t.name : `${t.schema}.${t.name}`}
                </button>
                <span className={s.count} data-testid="row-count">
                  {t.kind === 'view'
                    ? 'view'
                    : t.rowCount === null
                      ? '…'
                      : `${t.rowCount.toLocaleString('en-US')} ${t.rowCount === 1 ? 'row' : 'rows'}`}
                </span>
              </summary>
              <ul className={s.columns}>
                {t.columns.map((c) => (
                  <li key={c.name}>
                    <span>{c.name}</span>
                    <span className={s.type}>{c.type}</span>
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </div>
      ))}
    </aside>
  );
}
