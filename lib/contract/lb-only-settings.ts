// Values of the settings only lb reads (config-keys.ts lists them). lb-web ignores them, but a
// file lb would refuse must not run here either: the same file means the same thing in both
// tools. Types and rules are lb's (DfaasConfig, GrafanaConfig, DfaasLokiConfig, MemoryConfig,
// BasePluginConfig); the values themselves go nowhere.
import { z } from 'zod';
import { laxBool, laxInt } from './lax-number';

const lbMessage = (what: string) => `${what} (lb refuses the file otherwise; lb-web ignores the setting)`;
const str = (what: string) => z.string({ error: lbMessage(`${what} must be a string`) });
const optStr = (what: string) => str(what).nullish();
const bool = (what: string) => z.preprocess(laxBool, z.boolean({ error: lbMessage(`${what} must be true or false`) }));
const int = (what: string, min?: number, max?: number) => {
  let n = z.number({ error: lbMessage(`${what} must be an integer`) }).int(lbMessage(`${what} must be an integer`));
  if (min !== undefined) n = n.min(min, lbMessage(`${what} must be ≥ ${min}`));
  if (max !== undefined) n = n.max(max, lbMessage(`${what} must be ≤ ${max}`));
  return z.preprocess(laxInt, n);
};
const port = (what: string) => int(what, 1, 65535);
const strMap = (what: string) =>
  z.record(z.string(), str(`${what} values`), { error: lbMessage(`${what} must map strings to strings`) });
/** lb's GrafanaConfig/DfaasLokiConfig accept null as {} (`_normalize_validator_values`). */
const nullAsEmpty = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === null ? {} : v), s);

export const LB_DEFAULT_PORTS = { k3s_port: 22, openfaas_port: 31112, prometheus_port: 30411 } as const;

export const LbOnlySettingsSchema = z
  .object({
    config_path: optStr('config_path'),
    output_dir: optStr('output_dir'),
    run_id: optStr('run_id'),
    k3s_host: str('k3s_host').optional(),
    k3s_user: str('k3s_user').optional(),
    k3s_ssh_key: str('k3s_ssh_key').optional(),
    k3s_port: port('k3s_port').optional(),
    k6_host: str('k6_host').optional(),
    k6_user: str('k6_user').optional(),
    k6_ssh_key: str('k6_ssh_key').optional(),
    k6_port: port('k6_port').optional(),
    k6_workspace_root: str('k6_workspace_root').optional(),
    k6_log_stream: bool('k6_log_stream').optional(),
    openfaas_port: port('openfaas_port').optional(),
    prometheus_port: port('prometheus_port').optional(),
    queries_path: str('queries_path').optional(),
    deploy_functions: bool('deploy_functions').optional(),
    scaphandre_enabled: bool('scaphandre_enabled').optional(),
    function_pid_regexes: strMap('function_pid_regexes').optional(),
    grafana: nullAsEmpty(
      z.object(
        {
          enabled: bool('grafana.enabled').nullish(),
          url: optStr('grafana.url'),
          api_key: optStr('grafana.api_key'),
          org_id: int('grafana.org_id', 1).nullish(),
        },
        { error: lbMessage('grafana must be an object') },
      ),
    ).optional(),
    loki: nullAsEmpty(
      z.object(
        {
          enabled: bool('loki.enabled').nullish(),
          endpoint: optStr('loki.endpoint'),
          labels: strMap('loki.labels').optional(),
        },
        { error: lbMessage('loki must be an object') },
      ),
    ).optional(),
    max_retries: int('max_retries', 0).optional(),
    timeout_buffer: int('timeout_buffer').optional(),
    tags: z.array(str('each tag'), { error: lbMessage('tags must be a list of strings') }).optional(),
  })
  .superRefine((s, ctx) => {
    // DfaasConfig._validate_ports
    const openfaas = s.openfaas_port ?? LB_DEFAULT_PORTS.openfaas_port;
    const prometheus = s.prometheus_port ?? LB_DEFAULT_PORTS.prometheus_port;
    const ssh = s.k3s_port ?? LB_DEFAULT_PORTS.k3s_port;
    if (openfaas === prometheus) {
      ctx.addIssue({
        code: 'custom',
        path: ['openfaas_port'],
        message: lbMessage(`openfaas_port and prometheus_port must be different (both ${openfaas})`),
      });
    } else if (openfaas === ssh) {
      ctx.addIssue({
        code: 'custom',
        path: ['openfaas_port'],
        message: lbMessage(`openfaas_port and k3s_port (SSH) must be different (both ${openfaas})`),
      });
    }
  });
