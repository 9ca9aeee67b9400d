// A labelled form control with its validation messages beside it. The message ids are
// wired through aria-describedby so the error is announced with the field.
import type { ReactNode } from 'react';

export interface FieldProps {
  /** Dotted config path ("functions.0.name"): the control's id and the error lookup key. */
  path: string;
  label: ReactNode;
  errors?: readonly string[];
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
  className?: string;
}

export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export function Field({ path, label, errors, hint, children, className }: FieldProps) {
  const id = fieldId(path);
  const errId = `${id}-error`;
  const hasError = Boolean(errors && errors.length > 0);
  return (
    <div className={`field${hasError ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': hasError, 'aria-describedby': hasError ? errId : undefined })}
      {hint && !hasError && <small className="hint">{hint}</small>}
      {hasError && (
        <p className="field-error" id={errId} data-testid={`error-${path}`} data-error-path={path}>
          {errors!.join('; ')}
        </p>
      )}
    </div>
  );
}
