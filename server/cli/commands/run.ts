// `lb-web run -c <config.json|.yaml>`: read lb's config (any shape parsePevaConfig takes, JSON
// or YAML, config_path inlined), validate it, provision the hosts if needed, run it
// with the shared controller and print every event as an `LB_EVENT {json}` line as it
// arrives. Ctrl-C / SIGTERM stop the run the lb way (its STOP file), then wait for the end.
import 'server-only';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { killAllOwnedSync } from '@/server/process/owned-process';
import { hydratePluginSettings, parsePevaConfig } from '@/lib/contract/peva-config';
import { configPathData, configPathOf, mergeConfigPath, resolvePevaSettings } from '@/lib/contract/config-file';
import { getProvider } from '@/server/hosts/providers';
import type { ControllerState } from '@/lib/contract/controller-states';
import { RunIdSchema } from '@/server/runs/run-dir';
import { requestStop } from '@/server/runs/stop-watcher';
import { cliRoots, parseCommandArgs, parseProviderKind, UsageError, guarded } from '../cli-common';
import { startCliRun } from '../run-session';
import { readRun } from '@/server/runs/read-run';
import { capacityText, OUTCOME_EXIT_CODE, OUTCOME_TEXT } from '@/lib/contract/run-results';
import { ThresholdsSchema, type Thresholds } from '@/lib/contract/thresholds';
import { preflight } from '@/server/runs/preflight';
import { preflightLines } from '@/server/runs/preflight-text';
import { EXIT_USAGE, type CliCommand, type CliContext } from './types';

const usage =
  'lb-web run -c <config.json|config.yaml> [--thresholds <file>] [--provider local|multipass|ssh] [--output DIR] [--run-id ID] [--allow-many-configurations] [--strict-config] [--dry-run [--json]]';

/**
 * Without an outcome (the run never ended cleanly): 0 only for `finished`; a stopped run is not
 * a successful one. With one, OUTCOME_EXIT_CODE (99: thresholds failed) — README lists them.
 */
export const RUN_EXIT: Record<'finished' | 'failed' | 'aborted' | 'stop_failed', number> = {
  finished: 0,
  failed: 1,
  aborted: 3,
  stop_failed: 4,
};

/** YAML as lb reads it (PyYAML's safe_load: YAML 1.1, a repeated key keeps the last value). */
const YAML_OPTIONS = { version: '1.1', uniqueKeys: false } as const;

/** A config file's document: JSON, or YAML for .yaml/.yml (and for other names that are not JSON). */
async function readDocument(file: string, what = 'config'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `lb-web run: cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const ext = path.extname(file).toLowerCase();
  const yaml = () => {
    try {
      return parseYaml(text, YAML_OPTIONS) as unknown;
    } catch (err) {
      throw new UsageError(`lb-web run: ${file} is not valid YAML: ${(err as Error).message}`);
    }
  };
  if (ext === '.yaml' || ext === '.yml') return yaml();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (ext === '.json') throw new UsageError(`lb-web run: ${file} is not JSON: ${(err as Error).message}`);
    return yaml();
  }
}

/**
 * The config document, with lb's `config_path` done here: lb reads that YAML file (relative
 * to the working directory, `~` expanded) and deep-merges the other settings over its
 * `common` + `plugins.peva_faas`. The run then gets those settings inline (the agent runs
 * on another host and the web server never reads paths from a request).
 */
async function readConfig(file: string, cwd: string, note: (line: string) => void): Promise<unknown> {
  const doc = await readDocument(file);
  const source = resolvePevaSettings(doc, hydratePluginSettings);
  const configPath = source.ok ? configPathOf(source.value.settings) : null;
  if (!source.ok || configPath === null) return doc;
  const expanded = configPath.replace(/^~(?=$|\/)/, os.homedir());
  const target = path.resolve(cwd, expanded);
  const data = configPathData(await readDocument(target, 'config_path file'));
  if (!data.ok) throw new UsageError(`lb-web run: config_path ${target}: ${data.error.message}`);
  note(`lb-web run: config_path ${target} read and merged under the settings of ${file}`);
  for (const w of source.value.warnings) note(`lb-web run: config warning: ${w.path}: ${w.message}`);
  return mergeConfigPath(data.value, source.value.settings as Record<string, unknown>);
}

async function runRun(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', usage, args, {
    config: { type: 'string', short: 'c' },
    provider: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'run-id': { type: 'string' },
    'allow-many-configurations': { type: 'boolean' },
    'strict-config': { type: 'boolean' },
    thresholds: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) return (ctx.io.out(`usage: ${usage}`), 0);
  if (positionals.length > 0)
    throw new UsageError(`lb-web run: unexpected argument ${positionals[0]}\nusage: ${usage}`);
  if (typeof values.config !== 'string')
    throw new UsageError(`lb-web run: -c <config.json> is required\nusage: ${usage}`);
  const kind = parseProviderKind('run', values.provider);
  const runIdArg = values['run-id'];
  if (typeof runIdArg === 'string' && !RunIdSchema.safeParse(runIdArg).success)
    throw new UsageError(
      `lb-web run: --run-id ${runIdArg}: ${RunIdSchema.safeParse(runIdArg).error?.issues[0]?.message}`,
    );

  const file = path.resolve(ctx.cwd, values.config);
  const rawConfig = await readConfig(file, ctx.cwd, (line) => ctx.io.err(line));
  const strictConfig = values['strict-config'] === true;
  const parsed = parsePevaConfig(rawConfig, { strict: strictConfig });
  if (!parsed.ok) {
    ctx.io.err(`lb-web run: invalid PEVA-FAAS config ${file}; nothing was started:`);
    for (const e of parsed.errors) ctx.io.err(`  ${e.path || '(root)'}: ${e.message}`);
    return EXIT_USAGE;
  }
  for (const w of parsed.warnings) ctx.io.err(`lb-web run: config warning: ${w.path}: ${w.message}`);
  let thresholds: Thresholds | undefined;
  if (typeof values.thresholds === 'string') {
    const tfile = path.resolve(ctx.cwd, values.thresholds);
    const t = ThresholdsSchema.safeParse(await readDocument(tfile, 'thresholds file'));
    if (!t.success) {
      ctx.io.err(`lb-web run: invalid thresholds ${tfile}; nothing was started:`);
      for (const i of t.error.issues) ctx.io.err(`  ${i.path.join('.') || '(root)'}: ${i.message}`);
      return EXIT_USAGE;
    }
    thresholds = t.data;
  }
  const { outputRoot, hostsRoot } = cliRoots(ctx, typeof values.output === 'string' ? values.output : undefined);
  const provider = getProvider(kind, hostsRoot);
  if (values['dry-run'] === true) {
    // Starts nothing, provisions nothing: reads the runner's memory and the gateway when the hosts are up.
    const p = await preflight({ config: rawConfig, strictConfig, provider });
    if (values.json === true) ctx.io.out(JSON.stringify(p));
    else for (const line of preflightLines(p)) ctx.io.out(line);
    return 0;
  }
  // A local stack started by this command (or left by a killed one, adopted here) lives in
  // this process: stop it when we are done.
  const ownsLocalStack =
    kind === 'local' && ((await provider.connect()) === null || (await provider.adoptOrphanStack?.()) === true);

  const run = await startCliRun({
    outputRoot,
    provider,
    rawConfig,
    runId: typeof runIdArg === 'string' ? runIdArg : undefined,
    allowManyConfigurations: values['allow-many-configurations'] === true,
    strictConfig,
    thresholds,
  });
  ctx.io.err(`lb-web run: ${run.runId} in ${run.dir} (provider ${kind}); Ctrl-C stops it`);
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (++signals > 1) {
      ctx.io.err(`lb-web run: ${sig} again: killing every process of this run`);
      killAllOwnedSync();
      process.exit(130);
    }
    ctx.io.err(`lb-web run: ${sig}: stopping ${run.runId} (creating ${run.stopFile}); ${sig} again kills it`);
    void requestStop(run.dir);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Last resort at exit; registered once per process however often the command runs (tests).
  process.off('exit', killAllOwnedSync);
  process.once('exit', killAllOwnedSync);
  let state: ControllerState;
  try {
    for await (const e of run.events()) ctx.io.out(`LB_EVENT ${JSON.stringify(e)}`);
    state = await run.done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (ownsLocalStack) {
      ctx.io.err('lb-web run: stopping the local stack this command started');
      await provider
        .destroy()
        .catch((err: Error) => ctx.io.err(`lb-web run: could not stop the local stack: ${err.message}`));
    }
  }
  const { outcome, capacity } = await readRun(outputRoot, run.runId).catch(() => ({ outcome: null, capacity: null }));
  ctx.io.err(`lb-web run: ${run.runId} ended ${state}; output in ${run.dir}`);
  for (const c of capacity ?? []) ctx.io.err(`lb-web run: capacity ${capacityText(c)}`);
  if (outcome) ctx.io.err(`lb-web run: outcome ${OUTCOME_TEXT[outcome.kind]}: ${outcome.detail}`);
  if (state === 'stop_failed' || !outcome) return RUN_EXIT[state as keyof typeof RUN_EXIT] ?? 1;
  return OUTCOME_EXIT_CODE[outcome.kind];
}

export const runCli: CliCommand = {
  name: 'run',
  summary: 'Run a PEVA-FAAS config and print its LB_EVENT lines (exit 0 only when finished)',
  usage,
  run: guarded('run', runRun),
};
