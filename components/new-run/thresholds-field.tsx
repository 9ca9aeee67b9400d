// Pass/fail limits for the run, kept outside lb's config (lib/contract/thresholds.ts): a JSON box
// checked by the schema runs.start validates with. Empty = no thresholds (capacity then counts
// only overloads). Folded away unless it holds something or an error.
import { Field } from '@/components/ui/field';

export const THRESHOLDS_EXAMPLE = '{"*": {"p95_ms": 200, "success_rate": 0.99}, "figlet": {"p99_ms": 500}}';

export function ThresholdsField({
  text,
  onChange,
  errors,
}: {
  text: string;
  onChange: (text: string) => void;
  errors: readonly string[];
}) {
  const open = text.trim() !== '' || errors.length > 0;
  return (
    <details className="group" open={open || undefined}>
      <summary>
        <h2>Thresholds</h2>
        <span className="muted">
          {text.trim() ? 'set' : 'none'} — pass/fail per configuration, capacity per function
        </span>
      </summary>
      <Field
        path="thresholds"
        label='Limits per function (JSON; "*" = every function)'
        errors={errors}
        hint={
          <>
            Limits: <code>avg_ms</code>, <code>p95_ms</code>, <code>p99_ms</code>, <code>max_ms</code>,{' '}
            <code>success_rate</code> (0–1), <code>errors</code>, <code>overloaded: false</code>. Kept out of lb’s
            config; a run that breaks one ends <em>thresholds failed</em> (CLI exit 99).
          </>
        }
      >
        {(a11y) => (
          <textarea
            {...a11y}
            name="thresholds"
            rows={3}
            value={text}
            placeholder={THRESHOLDS_EXAMPLE}
            spellCheck={false}
            onChange={(e) => onChange(e.target.value)}
            data-testid="thresholds-input"
          />
        )}
      </Field>
    </details>
  );
}
