// Validation issues → `{ formErrors, fieldErrors }` keyed by dotted path
// ("functions.0.name"), so a form built from the same zod schema as the router can put
// each message beside its field, including nested ones (z.flattenError keeps only the
// first path segment).
import 'server-only';
import { ZodError } from 'zod';

export interface FlatIssues {
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
}

interface IssueLike {
  message: string;
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>;
}

function issuesOf(cause: unknown): IssueLike[] | null {
  if (cause instanceof ZodError) return cause.issues;
  // tRPC wraps Standard Schema failures in StandardSchemaV1Error ({ issues }); other
  // validators and domain code may throw the same shape.
  if (cause && typeof cause === 'object' && 'issues' in cause && Array.isArray(cause.issues)) {
    const issues = cause.issues as unknown[];
    if (issues.every((i) => i && typeof i === 'object' && typeof (i as IssueLike).message === 'string')) {
      return issues as IssueLike[];
    }
  }
  return null;
}

export function flattenIssues(cause: unknown): FlatIssues | null {
  const issues = issuesOf(cause);
  if (!issues) return null;
  const flat: FlatIssues = { formErrors: [], fieldErrors: {} };
  for (const issue of issues) {
    const key = (issue.path ?? [])
      .map((seg) => String(typeof seg === 'object' && seg !== null ? seg.key : seg))
      .join('.');
    if (!key) flat.formErrors.push(issue.message);
    else (flat.fieldErrors[key] ??= []).push(issue.message);
  }
  return flat;
}
