import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configId } from './enumeration';
import { lbIndexKeyConfigId, lbIndexKeyRepr, loadLbIndex, parseLbIndexText } from './lb-index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lb-index-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const reprs = (text: string) => {
  const r = parseLbIndexText(text);
  return { status: r.status, keys: r.keys.map(lbIndexKeyRepr) };
};

describe("lb's _load_index", () => {
  it("reads lb's index.csv (test_load_index_reads_rows_and_handles_invalid_literal)", () => {
    expect(reprs('functions;rates;results_file\n"[\'f1\']";"[10]";results.csv\n')).toEqual({
      status: 'ok',
      keys: ["(('f1',), (10,))"],
    });
    expect(reprs('functions;rates;results_file\n"[\'f1\'";"[10]";results.csv\n').status).toBe('warning');
  });

  it('keeps the first of equal keys (a set), a missing column reads as []', () => {
    expect(reprs("functions;rates\n['f'];[10]\n['f'];[10.0]\n").keys).toEqual(["(('f',), (10,))"]);
    expect(reprs("functions;other\n['a'];x\n").keys).toEqual(["(('a',), ())"]);
  });

  it('a TypeError escapes (lb fails); a short row warns', () => {
    expect(parseLbIndexText('functions;rates\n5;[1]\n').status).toBe('error');
    expect(parseLbIndexText("functions;rates\n['a']\n").status).toBe('warning');
  });

  it('absent file, directory, bytes that are not UTF-8', async () => {
    const path = join(dir, 'index.csv');
    expect(loadLbIndex(path).status).toBe('absent');
    await writeFile(path, Buffer.from([0x66, 0x3b, 0xff, 0x0a]));
    expect(loadLbIndex(path)).toMatchObject({ status: 'warning', message: /Invalid data/ });
    await rm(path);
    await mkdir(path);
    expect(loadLbIndex(path)).toMatchObject({ status: 'warning', message: /Could not read/ });
  });
});

describe('lbIndexKeyConfigId', () => {
  it('is the config id of the configuration whose config_key equals the key, else null', () => {
    const key = (text: string) => parseLbIndexText(`functions;rates\n${text}\n`).keys[0]!;
    const ab = configId([
      { name: 'a', rate: 10 },
      { name: 'b', rate: 20 },
    ]);
    expect(lbIndexKeyConfigId(key("['a', 'b'];[10, 20.0]"))).toBe(ab);
    expect(lbIndexKeyConfigId(key("['b', 'a'];[20, 10]"))).toBeNull(); // lb never matches unsorted names
    expect(lbIndexKeyConfigId(key("['a'];[10, 20]"))).toBeNull();
    expect(lbIndexKeyConfigId(key('[];[]'))).toBeNull();
    expect(lbIndexKeyConfigId(key("['a'];[True]"))).toBe(configId([{ name: 'a', rate: 1 }]));
  });
});
