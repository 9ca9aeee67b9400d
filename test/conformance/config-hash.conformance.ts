// lb's journal config_hash (lb_controller/services/journal.py _config_hash: sha256 of
// json.dumps(dump, sort_keys=True, default=str)) against server/peva/config-hash.ts.
import { describe, expect, it } from 'vitest';
import { configHash, stableStringify } from '@/server/peva/config-hash';
import { casesOf, loadFixture, title } from './support/fixtures';

const file = loadFixture('config-hash');

describe('config hash', () => {
  for (const c of casesOf<{ config_dump: unknown }, { sha256: string; payload: string }>(file, 'config_hash')) {
    it(title(c), () => {
      const ours = configHash(c.input.config_dump);
      if (ours !== c.expected.sha256) {
        // The hashed text is what differs; show where.
        const text = stableStringify(c.input.config_dump);
        let i = 0;
        while (i < text.length && text[i] === c.expected.payload[i]) i++;
        const around = (t: string) => JSON.stringify(t.slice(Math.max(0, i - 20), i + 40));
        expect.fail(`hashed text differs at char ${i}: lb ${around(c.expected.payload)} ≠ ours ${around(text)}`);
      }
    });
  }
});
