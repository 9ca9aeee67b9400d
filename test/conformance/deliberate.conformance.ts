// Every deliberate difference from lb (support/deliberate.ts) is documented where users read
// about formats: docs/FORMATS.md's "Deliberate differences" table names its case, section and
// switch. A difference the code registers but the docs do not mention would be a silent one.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DELIBERATE } from './support/deliberate';

const formats = readFileSync(new URL('../../docs/FORMATS.md', import.meta.url), 'utf8');
const table = formats.slice(formats.indexOf('## Deliberate differences from lb'));

describe('deliberate differences are documented', () => {
  it('ours » docs/FORMATS.md has the table', () => {
    expect(formats).toContain('## Deliberate differences from lb');
  });
  for (const [key, entry] of Object.entries(DELIBERATE)) {
    it(`ours » ${key} is in FORMATS.md with its section`, () => {
      const row = table.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${key}\``));
      expect(row, `a table row naming \`${key}\``).toBeDefined();
      expect(row).toContain(entry.section);
    });
  }
});
