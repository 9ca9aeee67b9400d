import { describe, expect, it } from 'vitest';
import { refusedReason, stripLiterals } from './sql-guard';

describe('sql guard', () => {
  it('refuses extension downloads', () => {
    expect(refusedReason('INSTALL json')).toMatch(/not loaded/);
    expect(refusedReason('select 1; load json;')).toMatch(/not loaded/);
    expect(refusedReason('FORCE INSTALL httpfs')).not.toBeNull();
    expect(refusedReason('SET autoload_known_extensions=true')).toMatch(/stays off/);
    expect(refusedReason('set global autoinstall_known_extensions to 1')).not.toBeNull();
    expect(refusedReason("SET custom_extension_repository = 'http://x'")).not.toBeNull();
    expect(refusedReason('RESET autoload_known_extensions')).not.toBeNull();
  });

  it('lets everything else through, keywords inside literals and comments included', () => {
    expect(refusedReason('SELECT * FROM execution_events')).toBeNull();
    expect(refusedReason("SELECT 'install json' AS x -- load json")).toBeNull();
    expect(refusedReason('SET autoload_known_extensions=false')).toBeNull();
    expect(refusedReason('SET threads = 1')).toBeNull();
    expect(refusedReason('SELECT payload_json::VARCHAR FROM execution_events /* LOAD */')).toBeNull();
  });

  it('strips comments and literals', () => {
    expect(stripLiterals("a 'b''c' \"d\" -- e\n/* f */ g")).toBe('a \'\' ""  \n  g');
  });
});
