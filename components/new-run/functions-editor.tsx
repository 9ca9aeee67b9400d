// The functions table: one row per function (name, method, body, max_rate, headers).
import { Field } from '@/components/ui/field';
import { HTTP_METHODS } from '@/lib/contract/peva-config';
import { newFunctionRow, type FunctionRow } from './form-model';
import { errorsAt, type FieldErrors } from './validate';
import { TextField } from './text-field';

// The functions the local stack deploys (server/localstack); any OpenFaaS name is allowed.
const KNOWN_FUNCTIONS = ['figlet', 'env', 'cpu-burn'];

export function FunctionsEditor({
  rows,
  onChange,
  errors,
}: {
  rows: FunctionRow[];
  onChange: (rows: FunctionRow[]) => void;
  errors: FieldErrors;
}) {
  const set = (i: number, patch: Partial<FunctionRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const listErrors = errorsAt(errors, 'functions');
  return (
    <fieldset className="group" data-testid="functions">
      <legend>Functions</legend>
      <datalist id="known-functions">
        {KNOWN_FUNCTIONS.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      {listErrors.length > 0 && (
        <p className="field-error" data-testid="error-functions">
          {listErrors.join('; ')}
        </p>
      )}
      {rows.map((r, i) => (
        <div className="fn-row" key={r.key} data-testid="function-row">
          <TextField
            path={`functions.${i}.name`}
            label={`Name #${i + 1}`}
            value={r.name}
            onChange={(name) => set(i, { name })}
            errors={errorsAt(errors, `functions.${i}.name`)}
            list="known-functions"
            placeholder="figlet"
          />
          <Field path={`functions.${i}.method`} label="Method" errors={errorsAt(errors, `functions.${i}.method`)}>
            {(a11y) => (
              <select {...a11y} value={r.method} onChange={(e) => set(i, { method: e.target.value })}>
                {HTTP_METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            )}
          </Field>
          <TextField
            path={`functions.${i}.body`}
            label="Body"
            value={r.body}
            onChange={(body) => set(i, { body })}
            errors={errorsAt(errors, `functions.${i}.body`)}
          />
          <TextField
            path={`functions.${i}.max_rate`}
            label="max_rate"
            numeric
            value={r.max_rate}
            onChange={(max_rate) => set(i, { max_rate })}
            errors={errorsAt(errors, `functions.${i}.max_rate`)}
            placeholder="no cap"
          />
          <Field
            path={`functions.${i}.headers`}
            label="Headers"
            errors={errorsAt(errors, `functions.${i}.headers`, true)}
            hint="one “Name: value” per line"
          >
            {(a11y) => (
              <textarea {...a11y} rows={1} value={r.headers} onChange={(e) => set(i, { headers: e.target.value })} />
            )}
          </Field>
          <button
            type="button"
            className="button small remove"
            disabled={rows.length === 1}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={`Remove function ${i + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => onChange([...rows, newFunctionRow()])}>
        Add function
      </button>
    </fieldset>
  );
}
