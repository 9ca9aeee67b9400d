import { describe, expect, it } from 'vitest';
import { duckdbErrorText, errorText } from './duckdb-error';

describe('duckdbErrorText', () => {
  it('prints a JSON error object (duckdb-wasm parser errors) as DuckDB does', () => {
    const raw =
      '{"exception_type":"Parser","exception_message":"syntax error at or near \\"SELEC\\"\\n\\nLINE 1: SELEC 1\\n        ^","error_subtype":"SYNTAX_ERROR","position":"0"}';
    expect(duckdbErrorText(raw)).toBe('Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC 1\n        ^');
  });

  it('keeps text errors and non-error JSON unchanged', () => {
    const binder = 'Binder Error: Referenced column "nope" not found in FROM clause!';
    expect(duckdbErrorText(binder)).toBe(binder);
    expect(duckdbErrorText('{"a": 1}')).toBe('{"a": 1}');
    expect(duckdbErrorText('{not json')).toBe('{not json');
  });
});

describe('errorText', () => {
  it('reads the message of an Error, and anything else as text', () => {
    expect(errorText(new Error('{"exception_type":"Catalog","exception_message":"no table t"}'))).toBe(
      'Catalog Error: no table t',
    );
    expect(errorText('IO Error: gone')).toBe('IO Error: gone');
  });
});
