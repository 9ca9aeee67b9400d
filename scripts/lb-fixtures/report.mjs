#!/usr/bin/env node
// Summarises a run of the lb conformance suite per lb unit-test file: passed (same as lb),
// deliberate (a documented difference, FORMATS.md, whose our-side check passed), failed,
// missing (no lb-web counterpart), and one line per failure. Input: vitest's JSON report.
//   npx vitest run -c test/conformance/vitest.conformance.config.ts --reporter=json --outputFile=/tmp/conformance.json
//   node scripts/lb-fixtures/report.mjs /tmp/conformance.json
import { readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path) {
  console.error('usage: report.mjs <vitest JSON report>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8'));

/** "test_peva_faas_x.py::test_y » case" → "test_peva_faas_x.py"; our own cases by area. */
function groupOf(test, file) {
  const lbTest = test.title.split(' » ')[0];
  if (lbTest !== 'ours') return lbTest.split('::')[0];
  const area = file.split('/').pop().replace('.conformance.ts', '');
  return `ours (${area})`;
}

/** The first line of the failure, without the assertion class and vitest's diff. */
function reasonOf(test) {
  const first = (test.failureMessages?.[0] ?? '').split('\n')[0];
  return first.replace(/^AssertionError: /, '').replace(/^Error: /, '');
}

const groups = new Map();
for (const file of report.testResults) {
  for (const test of file.assertionResults) {
    const key = groupOf(test, file.name);
    const g = groups.get(key) ?? { passed: 0, deliberate: 0, failed: [], missing: [] };
    if (test.status === 'passed' && test.title.endsWith(' [deliberate]')) g.deliberate++;
    else if (test.status === 'passed') g.passed++;
    else {
      const reason = reasonOf(test);
      const line = `${test.title.split(' » ').slice(1).join(' » ')}: ${reason.replace(/^missing: /, '')}`;
      (reason.startsWith('missing: ') ? g.missing : g.failed).push(line);
    }
    groups.set(key, g);
  }
}

const keys = [...groups.keys()].sort((a, b) =>
  a.startsWith('ours') === b.startsWith('ours') ? a.localeCompare(b) : a.startsWith('ours') ? 1 : -1,
);
const total = { passed: 0, deliberate: 0, failed: 0, missing: 0 };
console.log('| lb test file | same as lb | deliberate | fail | missing |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const k of keys) {
  const g = groups.get(k);
  total.passed += g.passed;
  total.deliberate += g.deliberate;
  total.failed += g.failed.length;
  total.missing += g.missing.length;
  console.log(`| ${k} | ${g.passed} | ${g.deliberate} | ${g.failed.length} | ${g.missing.length} |`);
}
console.log(`| **total** | ${total.passed} | ${total.deliberate} | ${total.failed} | ${total.missing} |`);
for (const k of keys) {
  const g = groups.get(k);
  if (!g.failed.length && !g.missing.length) continue;
  console.log(`\n### ${k}`);
  for (const l of g.failed) console.log(`- FAIL ${l}`);
  for (const l of g.missing) console.log(`- MISSING ${l}`);
}
