// Every test file of lb's peva_faas unit suite (fixtures/lb-tests.json, listed by the generator
// from lb's checkout) is either the source of conformance cases or listed here with the reason
// lb-web has no counterpart. A test file lb adds fails this until someone decides which.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { casesOf, loadFixture } from './support/fixtures';

/** lb test files about Python/Ansible/Grafana machinery that lb-web does not have, and why. */
const NO_COUNTERPART: Record<string, string> = {
  'test_peva_faas_contracts.py': "Python Protocol conformance at runtime; TypeScript's types are checked by tsc",
  'test_peva_faas_docs.py': "sections of lb's own README; lb-web's docs are docs/FORMATS.md and README.md",
  'test_peva_faas_exceptions.py': "Python exception classes; lb-web's errors are typed per module",
  'test_peva_faas_grafana_dashboard.py': "lb's Grafana dashboard JSON (grafana is an lb-only setting)",
  'test_peva_faas_imports.py':
    "Python import cycles; lb-web's import graph is checked by test/structure/import-graph.test.ts",
  'test_peva_faas_log_manager.py':
    "Python logging handlers; lb-web's LB_EVENT log events are checked in lib/contract/lb-event.test.ts",
  'test_peva_faas_playbooks.py':
    'Ansible playbooks; lb-web sets hosts up with scripts/roles (shellcheck, FORMATS.md §12)',
};

const inventory = casesOf<{ path: string }, { tests: string[] }>(loadFixture('lb-tests'), 'test_file');
const fixtureAreas = readdirSync(new URL('./fixtures/', import.meta.url))
  .filter((f) => f.endsWith('.json') && f !== 'lb-tests.json')
  .map((f) => f.replace(/\.json$/, ''));
/** lb test → how many fixture cases come from it. */
const casesFrom = new Map<string, number>();
for (const area of fixtureAreas) {
  for (const c of loadFixture(area).cases) casesFrom.set(c.lb_test, (casesFrom.get(c.lb_test) ?? 0) + 1);
}
const coveredTests = (file: string) => [...casesFrom.keys()].filter((t) => t.startsWith(`${file}::`));

describe('coverage of lb test files', () => {
  it('ours » the inventory lists the suite', () => {
    expect(inventory.length).toBeGreaterThan(20);
  });
  for (const entry of inventory) {
    const file = entry.id;
    it(`ours » coverage: ${file}`, () => {
      const covered = coveredTests(file);
      const why = NO_COUNTERPART[file];
      if (why) expect(covered, `${file} has cases now: drop it from NO_COUNTERPART`).toEqual([]);
      else
        expect(covered.length, `${file}: no conformance case comes from it and no reason is given`).toBeGreaterThan(0);
      // A case naming a test lb no longer has would compare against nothing real.
      for (const t of covered) expect(entry.expected.tests).toContain(t.split('::').at(-1));
    });
  }
  it('ours » NO_COUNTERPART names only files lb has', () => {
    expect(Object.keys(NO_COUNTERPART).filter((f) => !inventory.some((e) => e.id === f))).toEqual([]);
  });
});
