import { describe, expect, it } from 'vitest';
import { errorText, JSON_HINT } from './duckdb-error';

describe('DuckDB errors as the explorer shows them', () => {
  it('prints a JSON error object the way DuckDB does', () => {
    expect(
      errorText(new Error('{"exception_type":"Parser","exception_message":"syntax error at or near \\"SELEC\\""}')),
    ).toBe('Parser Error: syntax error at or near "SELEC"');
  });

  it('points a query that needed the json extension to peva_results', () => {
    const msg =
      'Catalog Error: Scalar Function with name json_extract is not in the catalog, but it exists in the json extension.\n\nPlease try installing and loading the json extension by running:\nINSTALL json;';
    expect(errorText(new Error(msg))).toBe(`${msg}\n\n${JSON_HINT}`);
    expect(errorText(new Error('Binder Error: column "x" not found'))).toBe('Binder Error: column "x" not found');
  });
});
