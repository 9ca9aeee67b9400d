// A Field with a text input bound to one string of the form values.
import { Field } from '@/components/ui/field';
import type { ReactNode } from 'react';

export interface TextFieldProps {
  path: string;
  label: ReactNode;
  value: string;
  onChange: (v: string) => void;
  errors: readonly string[];
  placeholder?: string;
  hint?: ReactNode;
  numeric?: boolean;
  className?: string;
  list?: string;
}

export function TextField({
  path,
  label,
  value,
  onChange,
  errors,
  placeholder,
  hint,
  numeric,
  className,
  list,
}: TextFieldProps) {
  return (
    <Field path={path} label={label} errors={errors} hint={hint} className={className}>
      {(a11y) => (
        <input
          {...a11y}
          type="text"
          name={path}
          value={value}
          placeholder={placeholder}
          list={list}
          inputMode={numeric ? 'decimal' : undefined}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
