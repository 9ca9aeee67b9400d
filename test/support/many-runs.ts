// Thousands of finished and failed runs in an output root, written directly (one journal per
// run, the shape RunJournal saves) so benches and e2e specs can fill a catalog in seconds.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RunJournal } from '@/server/runs/run-journal';

export interface ManyRunsSummary {
  ids: string[];
  byState: Record<string, number>;
}

/** `count` runs `run-many-00001`…, one day apart; every fifth `failed`, the rest `finished`. */
export async function writeManyRuns(outputRoot: string, count: number): Promise<ManyRunsSummary> {
  // One real journal as the template, so the files are exactly what lb-web writes.
  const templateId = 'run-many-template';
  const scratch = await mkdtemp(path.join(tmpdir(), 'lbweb-many-runs-'));
  const template = await RunJournal.create(path.join(scratch, 'run_journal.json'), {
    run_id: templateId,
    created_at: new Date(Date.UTC(2026, 0, 1)),
    tasks: [{ host: 'runner', workload: 'peva_faas', repetition: 1 }],
  });
  template.setControllerState('finished');
  await template.save();
  const text = await readFile(path.join(scratch, 'run_journal.json'), 'utf8');
  await rm(scratch, { recursive: true, force: true });
  const ids: string[] = [];
  const byState: Record<string, number> = {};
  const base = Date.UTC(2020, 0, 1);
  const writes: Promise<void>[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `run-many-${String(i).padStart(5, '0')}`;
    const state = i % 5 === 0 ? 'failed' : 'finished';
    byState[state] = (byState[state] ?? 0) + 1;
    ids.push(id);
    const created = new Date(base + i * 3_600_000).toISOString();
    const body = text
      .replaceAll(templateId, id)
      .replace(/"created_at":\s*"[^"]*"/, `"created_at": "${created}"`)
      .replace(/"controller_state":\s*"finished"/, `"controller_state": "${state}"`);
    writes.push(
      mkdir(path.join(outputRoot, id), { recursive: true }).then(() =>
        writeFile(path.join(outputRoot, id, 'run_journal.json'), body),
      ),
    );
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  return { ids, byState };
}
