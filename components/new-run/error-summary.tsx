// Every error in one list at the top, each linking to its field: errors on paths with no
// control of their own (e.g. a pasted k6_tags value) are still shown.
import { fieldId } from '@/components/ui/field';
import type { FieldErrors } from './validate';

export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="error-box" role="alert" data-testid="error-summary" tabIndex={-1}>
      <strong>
        {entries.length} field{entries.length === 1 ? '' : 's'} to fix — nothing was started:
      </strong>
      <ul>
        {entries.map(([path, msgs]) => (
          <li key={path}>
            {path ? (
              <a href={`#${fieldId(path)}`}>
                <code>{path}</code>
              </a>
            ) : (
              <em>config</em>
            )}
            : {msgs.join('; ')}
          </li>
        ))}
      </ul>
    </div>
  );
}
