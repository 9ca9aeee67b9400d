#!/usr/bin/env node
// lb-web runner self-check: can this host open DuckDB the way the agent does?
//   node agent-self-check.mjs [AGENT_DIR]
// Resolves @duckdb/node-api from AGENT_DIR (where setup installed it, not beside this
// file), writes a table to a temporary file, CHECKPOINTs, reads it back, and prints
// "duckdb ok <version> <arch>"; anything else exits non-zero with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const agentDir = path.resolve(process.argv[2] ?? process.cwd());
const fail = (msg) => {
  console.error(`duckdb self-check failed: ${msg}`);
  process.exit(1);
};

let entry;
try {
  entry = createRequire(path.join(agentDir, 'package.json')).resolve('@duckdb/node-api');
} catch {
  fail(`@duckdb/node-api is not installed in ${agentDir} (run the runner setup again)`);
}
const version = JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')).version;
const { DuckDBInstance } = await import(pathToFileURL(entry).href);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lbweb-duckdb-check-'));
try {
  const instance = await DuckDBInstance.create(path.join(dir, 'check.duckdb'));
  const conn = await instance.connect();
  await conn.run('CREATE TABLE self_check AS SELECT 42 AS answer');
  await conn.run('CHECKPOINT');
  const reader = await conn.runAndReadAll('SELECT answer FROM self_check');
  const rows = reader.getRows();
  conn.closeSync();
  instance.closeSync();
  if (Number(rows[0]?.[0]) !== 42) fail(`unexpected result ${JSON.stringify(rows)}`);
  console.log(`duckdb ok ${version} ${process.platform}-${process.arch} node ${process.version}`);
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
