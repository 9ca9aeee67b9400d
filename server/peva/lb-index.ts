// Resume from lb's index.csv: run_execution.py DfaasRunPlanner._load_index, rule for rule.
//
//   with index_path.open("r") as handle:                       # UTF-8, universal newlines
//       reader = csv.DictReader(handle, delimiter=";")
//       for row in reader:
//           functions = ast.literal_eval(row.get("functions", "[]"))
//           rates = ast.literal_eval(row.get("rates", "[]"))
//           entries.add((tuple(functions), tuple(rates)))
//   except (OSError, csv.Error): warning, set()
//   except (SyntaxError, ValueError): warning, set()           # UnicodeDecodeError is a ValueError
//
// A TypeError (`tuple(5)`, an unhashable list inside) is not caught: lb's run fails. A key
// resumes a configuration only when it equals lb's `config_key` of it: names sorted, rates equal.
import 'server-only';
import { readFileSync, statSync } from 'node:fs';
import { CsvError, readCsvDicts } from './csv';
import { configId, type ConfigPair } from './enumeration';
import { PyComplex, PyFloat, PyTuple, pyRepr, pyStrCompare, type PyValue } from './python-format';
import { literalEval, PyError, pyEquals, pyHashable, pyIterate, type PyLiteral } from './python-literal';

/** One entry of lb's `existing_index` set: (tuple(functions), tuple(rates)). */
export interface LbIndexKey {
  functions: PyLiteral[];
  rates: PyLiteral[];
}

export type LbIndexLoad =
  /** No index.csv (lb: `set()`). */
  | { status: 'absent'; keys: [] }
  /** The set lb builds, first-added member kept for equal keys. */
  | { status: 'ok'; keys: LbIndexKey[] }
  /** lb logs this warning and resumes nothing. */
  | { status: 'warning'; keys: []; message: string }
  /** lb raises it (TypeError) and the run fails. */
  | { status: 'error'; keys: []; message: string };

const asTuple = (items: PyLiteral[]): PyTuple => new PyTuple(items as PyValue[]);

/** `repr()` of a key as Python prints the set member: `(('figlet',), (10,))`. */
export function lbIndexKeyRepr(key: LbIndexKey): string {
  return pyRepr(new PyTuple([asTuple(key.functions), asTuple(key.rates)]));
}

/** The loop over DictReader rows, on the decoded text. */
export function parseLbIndexText(text: string, file = 'index.csv'): LbIndexLoad {
  const keys: LbIndexKey[] = [];
  try {
    for (const row of readCsvDicts(text, { delimiter: ';' })) {
      const functions = literalEval(row.get('functions', '[]'));
      const rates = literalEval(row.get('rates', '[]'));
      const key = { functions: pyIterate(functions), rates: pyIterate(rates) };
      const whole = new PyTuple([asTuple(key.functions), asTuple(key.rates)]);
      if (!pyHashable(whole)) {
        const bad = [...key.functions, ...key.rates].find((v) => !pyHashable(v));
        const type = Array.isArray(bad) ? 'list' : bad instanceof PyTuple ? 'tuple' : 'dict or set';
        throw new PyError('TypeError', `unhashable type: '${type}'`);
      }
      if (!keys.some((k) => pyEquals(whole, new PyTuple([asTuple(k.functions), asTuple(k.rates)])))) keys.push(key);
    }
  } catch (err) {
    if (err instanceof CsvError) {
      return { status: 'warning', keys: [], message: `Could not read index file ${file}: ${err.message}` };
    }
    if (err instanceof PyError && err.type !== 'TypeError') {
      return { status: 'warning', keys: [], message: `Invalid data in index file ${file}: ${err.message}` };
    }
    if (err instanceof PyError) {
      return { status: 'error', keys: [], message: `index file ${file}: ${err.message} (lb's run fails on it)` };
    }
    throw err;
  }
  return { status: 'ok', keys };
}

/** `_load_index(output_dir)` on the file at `path`. */
export function loadLbIndex(path: string): LbIndexLoad {
  try {
    statSync(path);
  } catch {
    return { status: 'absent', keys: [] }; // Path.exists() is False (also for a dangling symlink)
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(path));
  } catch (err) {
    const message = (err as Error).message;
    // A read error is an OSError; undecodable bytes a UnicodeDecodeError (a ValueError).
    return err instanceof TypeError
      ? { status: 'warning', keys: [], message: `Invalid data in index file ${path}: ${message}` }
      : { status: 'warning', keys: [], message: `Could not read index file ${path}: ${message}` };
  }
  return parseLbIndexText(text, path);
}

function rateOf(v: PyLiteral): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PyFloat) return v.value;
  if (v instanceof PyComplex && v.im === 0) return v.re;
  return null;
}

/**
 * The config_id of the configuration whose `config_key` equals this key, or null when no
 * configuration can (a name that is not a str, names out of order, lengths that differ).
 */
export function lbIndexKeyConfigId(key: LbIndexKey): string | null {
  if (key.functions.length === 0 || key.functions.length !== key.rates.length) return null;
  const pairs: ConfigPair[] = [];
  for (let i = 0; i < key.functions.length; i++) {
    const name = key.functions[i];
    const rate = rateOf(key.rates[i]!);
    if (typeof name !== 'string' || rate === null || !Number.isFinite(rate)) return null;
    if (i > 0 && pyStrCompare(key.functions[i - 1] as string, name) >= 0) return null;
    pairs.push({ name, rate });
  }
  return configId(pairs);
}
