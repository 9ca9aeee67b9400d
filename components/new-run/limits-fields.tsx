// Cooldown and overload thresholds (lb's defaults as placeholders), folded away by default.
import type { FormValues } from './form-model';
import { errorsAt, type FormSectionProps } from './validate';
import { TextField } from './text-field';

const COOLDOWN: { key: keyof FormValues['cooldown']; placeholder: string; label: string }[] = [
  { key: 'max_wait_seconds', placeholder: '180', label: 'max_wait_seconds' },
  { key: 'sleep_step_seconds', placeholder: '5', label: 'sleep_step_seconds' },
  { key: 'idle_threshold_pct', placeholder: '15', label: 'idle_threshold_pct' },
];
// What the CPU threshold is compared with depends on overload.cpu_unit (server/peva/overload.ts):
// lb's percent of ONE core by default, so the label says which.
const CPU_UNIT_TEXT: Record<FormValues['cpuUnit'], string> = {
  '': '% of one core, as lb',
  one_core: '% of one core, as lb',
  node_capacity: '% of all cores',
};
const OVERLOAD: { key: keyof FormValues['overload']; placeholder: string; label: string }[] = [
  { key: 'cpu_overload_pct_of_capacity', placeholder: '80', label: 'cpu_overload_pct_of_capacity' },
  { key: 'ram_overload_pct', placeholder: '90', label: 'ram_overload_pct' },
  { key: 'success_rate_node_min', placeholder: '0.95', label: 'success_rate_node_min' },
  { key: 'success_rate_function_min', placeholder: '0.90', label: 'success_rate_function_min' },
  { key: 'replicas_overload_threshold', placeholder: '15', label: 'replicas_overload_threshold' },
];

export function LimitsFields({ values, onChange, errors }: FormSectionProps) {
  const anyError = Object.keys(errors).some((k) => k.startsWith('cooldown') || k.startsWith('overload'));
  const summary = `cooldown ≤ ${values.cooldown.max_wait_seconds || '180'} s per iteration`;
  return (
    <details className="group" open={anyError || undefined}>
      <summary>
        Cooldown and overload <small className="muted">({summary})</small>
      </summary>
      <fieldset className="group plain">
        <legend>Cooldown (before each iteration: wait for idle CPU/RAM and &lt; 2 replicas)</legend>
        <div className="grid">
          {COOLDOWN.map((f) => (
            <TextField
              key={f.key}
              path={`cooldown.${f.key}`}
              label={f.label}
              numeric
              value={values.cooldown[f.key]}
              placeholder={f.placeholder}
              errors={errorsAt(errors, `cooldown.${f.key}`)}
              onChange={(v) => onChange({ ...values, cooldown: { ...values.cooldown, [f.key]: v } })}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="group plain">
        <legend>Overload</legend>
        <div className="grid">
          <label className="field">
            <span>cpu_unit (what the CPU threshold measures)</span>
            <select
              data-testid="cpu-unit"
              value={values.cpuUnit}
              onChange={(e) => onChange({ ...values, cpuUnit: e.target.value as FormValues['cpuUnit'] })}
            >
              <option value="">one_core (lb: percent of one core)</option>
              <option value="node_capacity">node_capacity (percent of all cores)</option>
            </select>
          </label>
          {OVERLOAD.map((f) => (
            <TextField
              key={f.key}
              path={`overload.${f.key}`}
              label={
                f.key === 'cpu_overload_pct_of_capacity' ? `${f.label} (${CPU_UNIT_TEXT[values.cpuUnit]})` : f.label
              }
              numeric
              value={values.overload[f.key]}
              placeholder={f.placeholder}
              errors={errorsAt(errors, `overload.${f.key}`)}
              onChange={(v) => onChange({ ...values, overload: { ...values.overload, [f.key]: v } })}
            />
          ))}
        </div>
      </fieldset>
    </details>
  );
}
