// Pre-flight of a run, before anything starts: the configurations the config enumerates (with
// lb's config ids), how many the runner's DuckDB memory already holds (lb leaves those out, so
// a rerun of a completed sweep runs nothing), the load time and its cooldown bound, and the
// functions the gateway does not list. The New-run form and `lb-web run --dry-run` show it.
import 'server-only';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIMITS, parsePevaConfig, type ConfigError, type PevaConfig } from '@/lib/contract/peva-config';
import { countConfigs, enumerateConfigs, estimateRuntimeSeconds } from '@/server/peva/enumeration';
import { configLabel } from '@/server/agent/loop-text';
import { listFunctions } from '@/server/agent/gateway-client';
import type { HostPair, HostProvider } from '@/server/hosts/provider';
import { agentPlan } from './agent-plan';
import { isCustomEntrypoint, policySettingsOf, type SelectionMode } from '@/lib/contract/policy-settings';
import { capacitySearchUpperBound } from '@/server/peva/policy/search-estimate';
import { missingPolicyModule } from '@/server/peva/policy/policy-module';
import { policyRunner } from './policy-runner';
import { inspectCopy } from './collect';
import { ConfigValidationError } from './run-errors';

/** Configurations listed by id; the rest are counted. */
const LISTED = 200;

export interface PreflightConfig {
  id: string;
  label: string;
  inMemory: boolean;
}

export interface Preflight {
  configurations: number;
  /** The first LISTED configurations, in lb's order. */
  listed: PreflightConfig[];
  iterations: number;
  /** lb's estimate: duration × iterations × configurations (load only). */
  loadSeconds: number;
  /** Upper bound of the cooldowns: max_wait_seconds before each iteration. */
  cooldownMaxSeconds: number;
  /** Configurations the runner's memory holds (left out); null when it could not be read. */
  inMemory: number | null;
  /** What will run: configurations not in memory (all of them when memory was not read). */
  toRun: number;
  memory: { path: string | null; state: 'read' | 'absent' | 'fresh' | 'unavailable'; detail?: string };
  functions: { deployed: string[] | null; missing: string[]; willDeploy: boolean; detail?: string };
  /** Things to confirm before Start: nothing would run, functions missing, a huge sweep. */
  warnings: string[];
  configWarnings: ConfigError[];
  /** lb's selection settings and the capacity search's estimate next to the grid's. */
  policy: PreflightPolicy;
}

export interface PreflightPolicy {
  entrypoint: string | null;
  selectionMode: SelectionMode;
  /** The capacity search's worst case (search-estimate.ts); null for a sweep too large to plan. */
  search: { configurations: number; loadSeconds: number; cooldownMaxSeconds: number } | null;
}

export interface PreflightInput {
  config: unknown;
  strictConfig?: boolean;
  provider: HostProvider;
}

/** The runner's memory config ids, read from a pulled copy (never the live file). */
async function memoryIds(
  pair: HostPair,
  memoryPath: string,
): Promise<{ ids: Set<string> | null; state: Preflight['memory']['state']; detail?: string }> {
  if (!(await pair.runner.fileExists(memoryPath))) return { ids: new Set(), state: 'absent' };
  const dir = await mkdtemp(join(tmpdir(), 'lbweb-preflight-'));
  try {
    const copy = join(dir, 'memory.duckdb');
    await pair.runner.pull(memoryPath, copy);
    if (await pair.runner.fileExists(`${memoryPath}.wal`)) await pair.runner.pull(`${memoryPath}.wal`, `${copy}.wal`);
    const inspection = await inspectCopy(copy, { configIds: true });
    if (!inspection.ok)
      return { ids: null, state: 'unavailable', detail: `the memory file does not open: ${inspection.error}` };
    return { ids: new Set(inspection.configIds ?? []), state: 'read' };
  } catch (err) {
    return { ids: null, state: 'unavailable', detail: `could not copy it: ${(err as Error).message}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function deployedFunctions(pair: HostPair, gatewayUrl: string, config: PevaConfig) {
  const wanted = config.functions.map((f) => f.name);
  try {
    const deployed = (await listFunctions(gatewayUrl, pair.gatewayAuth, AbortSignal.timeout(10_000))).map(
      (f) => f.name,
    );
    return { deployed, missing: wanted.filter((n) => !deployed.includes(n)), willDeploy: !!pair.deployFunctions };
  } catch (err) {
    return { deployed: null, missing: [], willDeploy: !!pair.deployFunctions, detail: (err as Error).message };
  }
}

export async function preflight(input: PreflightInput): Promise<Preflight> {
  const parsed = parsePevaConfig(input.config, { strict: input.strictConfig });
  if (!parsed.ok) throw new ConfigValidationError(parsed.errors);
  const config = parsed.config;
  const configurations = countConfigs(config);
  const iterations = Math.max(1, config.iterations);
  const loadSeconds = estimateRuntimeSeconds(config, configurations);
  const warnings: string[] = [];
  const settings = policySettingsOf(input.config);
  const policy: PreflightPolicy = {
    entrypoint: settings.entrypoint,
    selectionMode: settings.selectionMode,
    search: null,
  };
  const base = {
    policy,
    configurations,
    iterations,
    loadSeconds,
    cooldownMaxSeconds: configurations * iterations * config.cooldown.max_wait_seconds,
    configWarnings: parsed.warnings,
  };
  // Start refuses a custom policy module the runner lacks (run-manager); say so here first.
  // (A runner that is not up cannot be read: the memory and functions lines say the hosts are down.)
  // The hosts are asked once, and only when something below needs them.
  let connected: Promise<HostPair | null> | undefined;
  const connect = () => (connected ??= input.provider.connect().catch(() => null));
  const runner = isCustomEntrypoint(settings.entrypoint) ? policyRunner(await connect(), input.provider) : null;
  const moduleProblem = runner ? await missingPolicyModule(settings.entrypoint, runner) : null;
  if (moduleProblem) warnings.push(`Start will refuse this config: algorithm_entrypoint: ${moduleProblem}`);
  if (configurations > LIMITS.configurations) {
    warnings.push(`${configurations.toLocaleString('en')} configurations: more than ${LIMITS.configurations}`);
    return {
      ...base,
      listed: [],
      inMemory: null,
      toRun: configurations,
      memory: { path: null, state: 'unavailable', detail: 'not read for a sweep this large' },
      functions: { deployed: null, missing: [], willDeploy: false, detail: 'not checked' },
      warnings,
    };
  }
  const benches = enumerateConfigs(config);
  const searched = await capacitySearchUpperBound(benches);
  policy.search = {
    configurations: searched,
    loadSeconds: estimateRuntimeSeconds(config, searched),
    cooldownMaxSeconds: searched * iterations * config.cooldown.max_wait_seconds,
  };
  const pair = await connect();
  let memory: Preflight['memory'];
  let ids: Set<string> | null = null;
  let functions: Preflight['functions'];
  if (!pair) {
    memory = { path: null, state: 'unavailable', detail: 'the hosts are not up (they are provisioned at Start)' };
    functions = { deployed: null, missing: [], willDeploy: false, detail: 'the hosts are not up' };
  } else {
    const plan = agentPlan(pair, 'preflight', input.config);
    if (config.memory.fresh) memory = { path: plan.memoryPath, state: 'fresh', detail: 'memory.fresh: started empty' };
    else {
      const m = await memoryIds(pair, plan.memoryPath);
      ids = m.ids;
      memory = { path: plan.memoryPath, state: m.state, detail: m.detail };
    }
    functions = await deployedFunctions(pair, plan.spec.gateway_url, config);
  }
  const inMemory = ids ? benches.filter((b) => ids.has(b.id)).length : memory.state === 'fresh' ? 0 : null;
  const toRun = configurations - (inMemory ?? 0);
  if (inMemory !== null && toRun === 0)
    warnings.push(`all ${configurations} configurations are already in the runner's memory: nothing would run`);
  if (functions.missing.length > 0 && !functions.willDeploy)
    warnings.push(`not deployed on the k3s role: ${functions.missing.join(', ')} (their configurations will fail)`);
  return {
    ...base,
    listed: benches.slice(0, LISTED).map((b) => ({ id: b.id, label: configLabel(b), inMemory: !!ids?.has(b.id) })),
    inMemory,
    toRun,
    memory,
    functions,
    warnings,
  };
}
