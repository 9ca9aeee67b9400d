// Keys of a PEVA-FAAS config that lb-web does not use. A key lb knows but lb-web does not
// support is a warning (the same file still runs under lb, where it means something); a key
// neither tool knows is an error — most often a typo that would silently run the defaults.
import type { ConfigError } from './peva-config';

/** A section of the config: the keys lb-web reads, and those only lb reads (lb's config.py). */
interface Section {
  ours: readonly string[];
  lbOnly: readonly string[];
}

const TOP: Section = {
  ours: [
    'functions',
    'rate_strategy',
    'rates',
    'combinations',
    'duration',
    'iterations',
    'cooldown',
    'overload',
    'gateway_url',
    'prometheus_url',
    'memory',
    'k6_outputs',
    'k6_tags',
    'selection_mode',
    'micro_batch_size',
    'micro_batch_window_s',
    'algorithm_entrypoint',
  ],
  // lb's DfaasConfig and BasePluginConfig fields that have no counterpart here.
  lbOnly: [
    'config_path',
    'output_dir',
    'run_id',
    'k3s_host',
    'k3s_user',
    'k3s_ssh_key',
    'k3s_port',
    'k6_host',
    'k6_user',
    'k6_ssh_key',
    'k6_port',
    'k6_workspace_root',
    'k6_log_stream',
    'openfaas_port',
    'prometheus_port',
    'queries_path',
    'deploy_functions',
    'scaphandre_enabled',
    'function_pid_regexes',
    'grafana',
    'loki',
    'max_retries',
    'timeout_buffer',
    'tags',
  ],
};

const NESTED: Record<string, Section> = {
  'functions.*': { ours: ['name', 'method', 'body', 'headers', 'max_rate'], lbOnly: [] },
  rate_strategy: {
    ours: ['type', 'min_rate', 'max_rate', 'step', 'count', 'seed', 'base', 'min_power', 'max_power', 'rates'],
    lbOnly: [],
  },
  // lb's deprecated DfaasRatesConfig, migrated into rate_strategy (peva-config.ts).
  rates: { ours: ['min_rate', 'max_rate', 'step'], lbOnly: [] },
  combinations: { ours: ['min_functions', 'max_functions'], lbOnly: [] },
  cooldown: { ours: ['max_wait_seconds', 'sleep_step_seconds', 'idle_threshold_pct'], lbOnly: [] },
  overload: {
    ours: [
      'cpu_overload_pct_of_capacity',
      'ram_overload_pct',
      'success_rate_node_min',
      'success_rate_function_min',
      'replicas_overload_threshold',
      // Ours (lb compares with one core's percent, "one_core").
      'cpu_unit',
    ],
    lbOnly: [],
  },
  memory: {
    ours: [
      'backend',
      'db_path',
      'schema_version',
      'fresh',
      'preload_core_parquet_dir',
      'export_core_parquet_dir',
      'export_raw_debug_parquet_dir',
      'preload_raw_debug',
    ],
    lbOnly: [],
  },
};

/** Whether a dotted path ("grafana", "memory.preload_raw_debug") is an lb setting lb-web ignores. */
export function isLbOnlySetting(path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return TOP.lbOnly.includes(path);
  return NESTED[path.slice(0, dot)]?.lbOnly.includes(path.slice(dot + 1)) ?? false;
}

/** What lb-web does instead, for the lb-only keys where that helps. */
const INSTEAD: Record<string, string> = {
  k3s_host:
    'lb-web uses the provisioned k3s host: {host.address} and localhost in gateway_url/prometheus_url become its address',
  k3s_user: 'the provider reaches its hosts itself',
  k3s_ssh_key: 'the provider reaches its hosts itself',
  k3s_port: 'the provider reaches its hosts itself',
  k6_host: 'the load runs on the runner host',
  openfaas_port: "the provider's gateway URL is used for the k3s host's OpenFaaS NodePort",
  prometheus_port: "the provider's Prometheus URL is used for the k3s host's Prometheus NodePort",
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface KeyAudit {
  errors: ConfigError[];
  warnings: ConfigError[];
}

function auditSection(obj: Record<string, unknown>, section: Section, prefix: string, out: KeyAudit): void {
  for (const key of Object.keys(obj)) {
    if (section.ours.includes(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (section.lbOnly.includes(key)) {
      const instead = prefix ? undefined : INSTEAD[key];
      out.warnings.push({
        path,
        message: `${path} is an lb setting lb-web does not support; it is ignored here${instead ? ` (${instead})` : ''}`,
      });
    } else {
      const where = prefix ? ` in ${prefix}` : '';
      out.errors.push({
        path,
        message: `unknown key "${key}"${where}: neither lb nor lb-web reads it (check the spelling)`,
      });
    }
  }
}

/** Every key of a bare PEVA-FAAS config object that lb-web will not read. */
export function auditConfigKeys(config: unknown): KeyAudit {
  const out: KeyAudit = { errors: [], warnings: [] };
  if (!isRecord(config)) return out;
  auditSection(config, TOP, '', out);
  for (const [name, section] of Object.entries(NESTED)) {
    if (name === 'functions.*') {
      const fns = config.functions;
      if (Array.isArray(fns)) fns.forEach((f, i) => isRecord(f) && auditSection(f, section, `functions.${i}`, out));
    } else if (isRecord(config[name])) auditSection(config[name], section, name, out);
  }
  return out;
}
