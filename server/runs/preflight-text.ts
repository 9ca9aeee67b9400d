// `lb-web run --dry-run` in words: what a start would run, what it would leave out and why.
import 'server-only';
import { formatRuntime } from '@/lib/contract/rate-plan';
import type { Preflight } from './preflight';
import { CAPACITY_SEARCH_ENTRYPOINT } from '@/lib/contract/policy-settings';

const SHOWN = 20;

export function preflightLines(p: Preflight): string[] {
  const lines = [
    `${p.configurations} configuration${p.configurations === 1 ? '' : 's'} × ${p.iterations} iteration${p.iterations === 1 ? '' : 's'}: ` +
      `load ≈ ${formatRuntime(p.loadSeconds)}, cooldowns up to ${formatRuntime(p.cooldownMaxSeconds)}`,
  ];
  const search = p.policy.search;
  if (search) {
    lines.push(
      `capacity search (${CAPACITY_SEARCH_ENTRYPOINT}${p.policy.entrypoint === CAPACITY_SEARCH_ENTRYPOINT ? ', this run' : ''}): ` +
        `at most ${search.configurations} configuration${search.configurations === 1 ? '' : 's'}: load ≈ ${formatRuntime(search.loadSeconds)}, ` +
        `cooldowns up to ${formatRuntime(search.cooldownMaxSeconds)}`,
    );
  }
  if (p.policy.entrypoint && p.policy.entrypoint !== CAPACITY_SEARCH_ENTRYPOINT)
    lines.push(`policy: ${p.policy.entrypoint} (${p.policy.selectionMode}) chooses what runs`);
  const memory = p.memory.path ? `runner memory ${p.memory.path}` : 'runner memory';
  if (p.inMemory === null)
    lines.push(`${memory}: not read (${p.memory.detail ?? p.memory.state}); all ${p.toRun} would run`);
  else if (p.memory.state === 'absent') lines.push(`${memory}: no file yet; all ${p.toRun} would run`);
  else lines.push(`${memory}: ${p.inMemory} already there (left out, as lb does); ${p.toRun} would run`);
  const f = p.functions;
  if (f.deployed === null) lines.push(`functions: not checked (${f.detail ?? 'unknown'})`);
  else if (f.missing.length === 0) lines.push('functions: every one is deployed');
  else lines.push(`functions not deployed: ${f.missing.join(', ')}${f.willDeploy ? ' (deployed at setup)' : ''}`);
  for (const c of p.listed.slice(0, SHOWN)) lines.push(`  ${c.id}  ${c.label}${c.inMemory ? '  (in memory)' : ''}`);
  if (p.configurations > SHOWN) lines.push(`  … and ${p.configurations - SHOWN} more`);
  for (const w of p.warnings) lines.push(`warning: ${w}`);
  return lines;
}
