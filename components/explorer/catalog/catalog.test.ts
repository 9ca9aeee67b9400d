import { describe, expect, it } from 'vitest';
import { buildCatalog, completionSchema, countsSql, objectsSql, previewSql, withCounts } from './catalog';
import { qualifiedName, virtualFileName } from '@/components/explorer/engine/sql-text';

describe('catalog', () => {
  const objects = [
    { database_name: 'run', schema_name: 'main', name: 'execution_events', kind: 'table' },
    { database_name: 'run', schema_name: 'main', name: 'v', kind: 'view' },
    { database_name: 'cmp', schema_name: 'main', name: 'execution_events', kind: 'table' },
  ];
  const columns = [
    {
      database_name: 'run',
      schema_name: 'main',
      table_name: 'execution_events',
      column_name: 'config_id',
      data_type: 'VARCHAR',
    },
    {
      database_name: 'run',
      schema_name: 'main',
      table_name: 'execution_events',
      column_name: 'payload_json',
      data_type: 'JSON',
    },
    { database_name: 'run', schema_name: 'main', table_name: 'v', column_name: 'n', data_type: 'BIGINT' },
  ];

  it('groups columns under their table and counts tables only', () => {
    const cat = buildCatalog(objects, columns);
    expect(cat[0]).toMatchObject({
      name: 'execution_events',
      kind: 'table',
      columns: [{ name: 'config_id' }, { name: 'payload_json', type: 'JSON' }],
    });
    expect(cat[1]?.kind).toBe('view');
    const sql = countsSql(cat);
    expect(sql).toBe(
      'SELECT 0 AS i, count(*) AS n FROM run.execution_events\nUNION ALL\nSELECT 2 AS i, count(*) AS n FROM cmp.execution_events',
    );
    const counted = withCounts(cat, [
      { i: 0, n: 30 },
      { i: 2, n: 7 },
    ]);
    expect(counted.map((t) => t.rowCount)).toEqual([30, null, 7]);
  });

  it('builds the completion schema and previews', () => {
    const cat = buildCatalog(objects, columns);
    expect(completionSchema(cat)).toEqual({
      run: { execution_events: ['config_id', 'payload_json'], v: ['n'] },
      cmp: { execution_events: [] },
    });
    expect(previewSql(cat[0]!, 10)).toBe('SELECT * FROM run.execution_events LIMIT 10;');
  });

  it('quotes names from files', () => {
    expect(qualifiedName('run', 'main', 'My Table')).toBe('run."My Table"');
    expect(qualifiedName('run', 'x', 'a"b')).toBe('run.x."a""b"');
    expect(objectsSql(["o'k"])).toContain("IN ('o''k')");
    expect(virtualFileName('run', '/tmp/a b/peva_faas.duckdb', 3)).toBe('run-3-peva_faas.duckdb');
  });
});
