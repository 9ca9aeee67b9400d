// Where the PEVA-FAAS settings sit in a config document, the way lb finds them. A document is
// already parsed (JSON or YAML: the caller reads the text). Accepted shapes:
// - a bare peva_faas settings object;
// - lb's BenchmarkConfig: `plugin_settings.peva_faas` and/or a `workloads` entry whose
//   `plugin` is "peva_faas" — lb_runner/engine/planning.py `resolve_config_input`: the
//   workload's `options` shallow-merged over the (validated) plugin settings;
// - the YAML layout lb reads through `config_path` (`common` deep-merged with
//   `plugins.peva_faas`, config.py `_load_config_data`).
import type { ConfigError } from './peva-config';

const PLUGIN = 'peva_faas';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** lb's `_deep_merge`: nested objects merged key by key, anything else replaced. */
export function deepMerge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const prev = merged[key];
    merged[key] = isRecord(value) && isRecord(prev) ? deepMerge(prev, value) : value;
  }
  return merged;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; error: ConfigError };

/** Python's truthiness for a YAML value (`data.get("common", {}) or {}`). */
const falsy = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === false ||
  v === 0 ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (isRecord(v) && Object.keys(v).length === 0);

/**
 * lb's `_load_config_data` on the parsed file: `common` deep-merged with `plugins.peva_faas`
 * (a `plugins.dfaas` section is not read). An empty file is `{}`.
 */
export function configPathData(doc: unknown): Resolved<Record<string, unknown>> {
  const data = falsy(doc) ? {} : doc;
  if (!isRecord(data)) {
    return { ok: false, error: { path: '', message: 'Config file must contain a mapping at the top level.' } };
  }
  const common = falsy(data.common) ? {} : data.common;
  const plugins = falsy(data.plugins) ? {} : data.plugins;
  if (!isRecord(plugins)) {
    return { ok: false, error: { path: 'plugins', message: "Config section 'plugins' must be a mapping." } };
  }
  const pluginData = PLUGIN in plugins ? plugins[PLUGIN] : {};
  if (!isRecord(common) || !isRecord(pluginData)) {
    return {
      ok: false,
      error: {
        path: isRecord(common) ? `plugins.${PLUGIN}` : 'common',
        message: "Config sections 'common' and 'plugins.peva_faas' must be mappings.",
      },
    };
  }
  return { ok: true, value: deepMerge(common, pluginData) };
}

/** What lb does with `config_path`: the file's settings deep-merged under the other settings. */
export function mergeConfigPath(fileData: Record<string, unknown>, settings: Record<string, unknown>) {
  const { config_path: _path, ...overrides } = settings;
  return deepMerge(fileData, overrides);
}

/** The `config_path` a settings object names (null, "" and absent: none — lb skips them). */
export function configPathOf(settings: unknown): string | null {
  if (!isRecord(settings)) return null;
  const p = settings.config_path;
  return typeof p === 'string' && p !== '' ? p : null;
}

export type DocumentShape = 'bare' | 'benchmark_config' | 'config_path_layout';

export function documentShape(doc: unknown): DocumentShape {
  if (!isRecord(doc)) return 'bare';
  if ('plugin_settings' in doc || 'workloads' in doc) return 'benchmark_config';
  if ('plugins' in doc || 'common' in doc) return 'config_path_layout';
  return 'bare';
}

export interface PevaSettings {
  /** The settings lb would hand to DfaasConfig (not validated yet). */
  settings: unknown;
  shape: DocumentShape;
  warnings: ConfigError[];
}

/** lb's pydantic `bool` in a workload's `enabled`. */
const enabledFlag = (v: unknown): boolean =>
  !(
    v === false ||
    v === 0 ||
    (typeof v === 'string' && ['0', 'off', 'f', 'false', 'n', 'no'].includes(v.toLowerCase()))
  );

/**
 * The PEVA-FAAS settings of a config document. `hydrate` is lb's validation of
 * `plugin_settings.peva_faas` before the workload options are merged over it (lb merges the
 * model's dump, e.g. with legacy `rates` already migrated); it returns the settings unchanged
 * when they do not validate (lb then keeps the raw dict, too).
 */
export function resolvePevaSettings(
  doc: unknown,
  hydrate: (base: Record<string, unknown>) => Record<string, unknown> = (b) => b,
): Resolved<PevaSettings> {
  const shape = documentShape(doc);
  if (shape === 'bare') return { ok: true, value: { settings: doc, shape, warnings: [] } };
  const d = doc as Record<string, unknown>;
  if (shape === 'config_path_layout') {
    const data = configPathData(d);
    return data.ok ? { ok: true, value: { settings: data.value, shape, warnings: [] } } : data;
  }

  const warnings: ConfigError[] = [];
  const pluginSettings = d.plugin_settings ?? {};
  if (!isRecord(pluginSettings)) {
    return { ok: false, error: { path: 'plugin_settings', message: 'plugin_settings must be an object' } };
  }
  const base = pluginSettings[PLUGIN];
  if (base !== undefined && !isRecord(base)) {
    return {
      ok: false,
      error: {
        path: `plugin_settings.${PLUGIN}`,
        message: 'plugin_settings.peva_faas must be an object with the PEVA-FAAS settings',
      },
    };
  }
  const workloads = d.workloads ?? {};
  if (!isRecord(workloads)) {
    return { ok: false, error: { path: 'workloads', message: 'workloads must map workload names to workloads' } };
  }
  // lb runs the workloads the file lists (lb_app: `cfg.workloads`); `lb run peva_faas` adds
  // one without options for plugin settings no workload uses (client.py `_ensure_workloads`).
  // A workload without options takes the plugin settings (settings.py `_ensure_workload_entry`).
  const entries: Array<[string, Record<string, unknown>]> = [];
  for (const [name, w] of Object.entries(workloads)) {
    if (!isRecord(w) || typeof w.plugin !== 'string') {
      return {
        ok: false,
        error: { path: `workloads.${name}`, message: `workloads.${name} must be an object with a "plugin" name` },
      };
    }
    if (w.plugin !== PLUGIN) {
      warnings.push({
        path: `workloads.${name}`,
        message: `workloads.${name} (plugin ${w.plugin}) is not run: lb-web runs only ${PLUGIN}`,
      });
      continue;
    }
    if (w.options !== undefined && !isRecord(w.options)) {
      return { ok: false, error: { path: `workloads.${name}.options`, message: 'options must be an object' } };
    }
    entries.push([name, w]);
  }
  if (base !== undefined && entries.length === 0) entries.push([PLUGIN, { plugin: PLUGIN }]);
  for (const name of Object.keys(pluginSettings)) {
    if (name !== PLUGIN && !(name in workloads)) {
      warnings.push({
        path: `plugin_settings.${name}`,
        message: `plugin_settings.${name} is not run: lb-web runs only ${PLUGIN}`,
      });
    }
  }
  const enabled = entries.filter(([, w]) => enabledFlag(w.enabled));
  if (entries.length === 0) {
    return {
      ok: false,
      error: {
        path: `plugin_settings.${PLUGIN}`,
        message: `no PEVA-FAAS settings: expected plugin_settings.${PLUGIN} or a workloads entry with "plugin": "${PLUGIN}"`,
      },
    };
  }
  if (enabled.length === 0) {
    const names = entries.map(([n]) => `workloads.${n}`).join(', ');
    return {
      ok: false,
      error: {
        path: `workloads.${entries[0]![0]}.enabled`,
        message: `${names} is disabled (enabled: false): lb would not run it`,
      },
    };
  }
  if (enabled.length > 1) {
    return {
      ok: false,
      error: {
        path: 'workloads',
        message: `${enabled.length} enabled ${PLUGIN} workloads (${enabled.map(([n]) => n).join(', ')}): lb runs each in turn, lb-web runs one configuration — keep one enabled`,
      },
    };
  }
  const options = (enabled[0]![1].options as Record<string, unknown> | undefined) ?? {};
  const baseSettings = base ?? {};
  const settings = Object.keys(options).length === 0 ? baseSettings : { ...hydrate(baseSettings), ...options };
  return { ok: true, value: { settings, shape, warnings } };
}
