// Duration, iterations, combinations, memory and endpoint overrides.
import { Field } from '@/components/ui/field';
import { DEFAULT_DB_PATH } from '@/lib/contract/peva-config';
import { errorsAt, type FormSectionProps } from './validate';
import { TextField } from './text-field';

export function RunFields({ values, onChange, errors }: FormSectionProps) {
  const e = (p: string) => errorsAt(errors, p);
  return (
    <>
      <fieldset className="group">
        <legend>Load</legend>
        <div className="grid">
          <TextField
            path="duration"
            label="Duration"
            value={values.duration}
            onChange={(duration) => onChange({ ...values, duration })}
            errors={e('duration')}
            placeholder="30s"
            hint="e.g. 500ms, 30s, 1m, 1h"
          />
          <TextField
            path="iterations"
            label="Iterations"
            numeric
            value={values.iterations}
            onChange={(iterations) => onChange({ ...values, iterations })}
            errors={e('iterations')}
            placeholder="3"
          />
          <TextField
            path="combinations.min_functions"
            label="min_functions"
            numeric
            value={values.combinations.min_functions}
            onChange={(min_functions) =>
              onChange({ ...values, combinations: { ...values.combinations, min_functions } })
            }
            errors={e('combinations.min_functions')}
            placeholder="1"
          />
          <TextField
            path="combinations.max_functions"
            label="max_functions (exclusive)"
            numeric
            value={values.combinations.max_functions}
            onChange={(max_functions) =>
              onChange({ ...values, combinations: { ...values.combinations, max_functions } })
            }
            errors={e('combinations.max_functions')}
            placeholder="2"
            hint="min 1, max 2 = each function alone"
          />
        </div>
      </fieldset>
      <fieldset className="group">
        <legend>Memory (DuckDB on the runner)</legend>
        <div className="grid">
          <Field
            path="memory.fresh"
            label="Start a fresh memory file"
            errors={e('memory.fresh')}
            hint={
              values.memory.fresh
                ? 'a new file replaces the runner’s memory'
                : 'continues the runner’s memory: configurations already in it are not selected (as lb does; the run’s setup log counts them)'
            }
          >
            {(a11y) => (
              <input
                {...a11y}
                type="checkbox"
                checked={values.memory.fresh}
                onChange={(ev) => onChange({ ...values, memory: { ...values.memory, fresh: ev.target.checked } })}
              />
            )}
          </Field>
          <TextField
            path="memory.db_path"
            label="db_path"
            className="wide"
            value={values.memory.db_path}
            onChange={(db_path) => onChange({ ...values, memory: { ...values.memory, db_path } })}
            errors={e('memory.db_path')}
            placeholder={DEFAULT_DB_PATH}
            hint="relative to the runner’s lb_workdir, or absolute"
          />
        </div>
      </fieldset>
      <fieldset className="group">
        <legend>Endpoints (blank = the provisioned k3s host)</legend>
        <div className="grid">
          <TextField
            path="gateway_url"
            label="gateway_url"
            className="wide"
            value={values.gateway_url}
            onChange={(gateway_url) => onChange({ ...values, gateway_url })}
            errors={e('gateway_url')}
            placeholder="http://<k3s>:31112"
          />
          <TextField
            path="prometheus_url"
            label="prometheus_url"
            className="wide"
            value={values.prometheus_url}
            onChange={(prometheus_url) => onChange({ ...values, prometheus_url })}
            errors={e('prometheus_url')}
            placeholder="http://<k3s>:30411"
          />
        </div>
      </fieldset>
    </>
  );
}
