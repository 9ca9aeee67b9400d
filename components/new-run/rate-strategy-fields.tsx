// rate_strategy: the type picks which fields apply (lb's four strategies). Values of the
// other types are kept, so switching back and forth loses nothing.
import { Field } from '@/components/ui/field';
import type { FormValues, RateType } from './form-model';
import { errorsAt, type FieldErrors } from './validate';
import { TextField } from './text-field';

type Rate = FormValues['rate'];

const FIELDS: Record<RateType, { key: keyof Rate; label: string; placeholder: string; hint?: string }[]> = {
  linear: [
    { key: 'min_rate', label: 'min_rate (req/s)', placeholder: '0' },
    { key: 'max_rate', label: 'max_rate (req/s)', placeholder: '200' },
    { key: 'step', label: 'step', placeholder: '10' },
  ],
  random: [
    { key: 'min_rate', label: 'min_rate (req/s)', placeholder: '10' },
    { key: 'max_rate', label: 'max_rate (req/s)', placeholder: '200' },
    { key: 'count', label: 'count', placeholder: '10' },
    { key: 'seed', label: 'seed', placeholder: '0', hint: 'fixed so a resumed run draws the same rates' },
  ],
  exponential: [
    { key: 'base', label: 'base', placeholder: '2' },
    { key: 'min_power', label: 'min_power', placeholder: '0' },
    { key: 'max_power', label: 'max_power', placeholder: '8' },
    { key: 'max_rate', label: 'max_rate (cap)', placeholder: 'no cap' },
  ],
  custom: [{ key: 'rates', label: 'rates (req/s)', placeholder: '10, 20, 50', hint: 'comma- or space-separated' }],
};

export function RateStrategyFields({
  rate,
  onChange,
  errors,
}: {
  rate: Rate;
  onChange: (r: Rate) => void;
  errors: FieldErrors;
}) {
  return (
    <fieldset className="group" data-testid="rate-strategy">
      <legend>Rate strategy</legend>
      <div className="grid">
        <Field path="rate_strategy.type" label="Type" errors={errorsAt(errors, 'rate_strategy.type')}>
          {(a11y) => (
            <select
              {...a11y}
              value={rate.type}
              onChange={(e) => onChange({ ...rate, type: e.target.value as RateType })}
            >
              <option value="linear">linear</option>
              <option value="random">random</option>
              <option value="exponential">exponential</option>
              <option value="custom">custom</option>
            </select>
          )}
        </Field>
        {FIELDS[rate.type].map((f) => (
          <TextField
            key={f.key}
            path={`rate_strategy.${f.key}`}
            label={f.label}
            numeric={f.key !== 'rates'}
            value={rate[f.key]}
            onChange={(v) => onChange({ ...rate, [f.key]: v })}
            errors={errorsAt(errors, `rate_strategy.${f.key}`, f.key === 'rates')}
            placeholder={f.placeholder}
            hint={f.hint}
          />
        ))}
      </div>
      {errorsAt(errors, 'rate_strategy').length > 0 && (
        <p className="field-error">{errorsAt(errors, 'rate_strategy').join('; ')}</p>
      )}
    </fieldset>
  );
}
