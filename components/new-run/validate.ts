// Form validation with the very check the runs.start procedure uses (parsePevaConfig: the
// schema plus the key audit), and the server's field errors mapped onto the same dotted paths
// ("functions.0.name").
import { parsePevaConfig, type PevaConfig, type PevaConfigInput } from '@/lib/contract/peva-config';
import { toConfig, type FormValues } from './form-model';

export type FieldErrors = Record<string, string[]>;

/** Props of a section of the New-run form: the values it edits and the errors beside them. */
export interface FormSectionProps {
  values: FormValues;
  onChange: (v: FormValues) => void;
  errors: FieldErrors;
}

export interface Validation {
  config: PevaConfigInput;
  parsed: PevaConfig | null;
  errors: FieldErrors;
}

function add(errors: FieldErrors, path: string, message: string) {
  const list = (errors[path] ??= []);
  if (!list.includes(message)) list.push(message);
}

/** The form validates strictly and asks the server to do the same (runs.start strictConfig). */
export const FORM_STRICT_CONFIG = true;

export function validateValues(values: FormValues): Validation {
  const { config, localErrors } = toConfig(values);
  const errors: FieldErrors = {};
  for (const [p, msgs] of Object.entries(localErrors)) msgs.forEach((m) => add(errors, p, m));
  // The form's configs are built here, not lb files: a sweep that runs nothing is an error (strict).
  const r = parsePevaConfig(config, { strict: FORM_STRICT_CONFIG });
  if (!r.ok) for (const e of r.errors) add(errors, e.path, e.message);
  return { config, parsed: r.ok && Object.keys(localErrors).length === 0 ? r.config : null, errors };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * `err.data.zodError` of a failed runs.start (see server/api/flatten-issues.ts): keys are
 * paths of the procedure input, so the config's fields come prefixed with "config.".
 * Returns null when the error carries no field errors.
 */
export function serverFieldErrors(err: unknown): FieldErrors | null {
  const data = isRecord(err) && isRecord(err.data) ? err.data : null;
  const z = data && isRecord(data.zodError) ? data.zodError : null;
  if (!z) return null;
  const errors: FieldErrors = {};
  const fields = isRecord(z.fieldErrors) ? z.fieldErrors : {};
  for (const [key, msgs] of Object.entries(fields)) {
    const path = key === 'config' ? '' : key.startsWith('config.') ? key.slice('config.'.length) : key;
    for (const m of Array.isArray(msgs) ? msgs : []) add(errors, path, String(m));
  }
  for (const m of Array.isArray(z.formErrors) ? z.formErrors : []) add(errors, '', String(m));
  return errors;
}

/** Messages for one field; `nested` also takes errors below it (e.g. rates.2 under rates). */
export function errorsAt(errors: FieldErrors, path: string, nested = false): string[] {
  const own = errors[path] ?? [];
  if (!nested) return own;
  const prefix = `${path}.`;
  return [
    ...own,
    ...Object.entries(errors)
      .filter(([k]) => k.startsWith(prefix))
      .flatMap(([, v]) => v),
  ];
}
