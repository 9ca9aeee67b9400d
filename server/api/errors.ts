// Domain errors → tRPC codes, in one place. Matched by name, not instanceof: Next bundles a
// module more than once (route handlers, instrumentation), so a class from one copy is not
// the class of another.
import 'server-only';
import { TRPCError } from '@trpc/server';

type Mapping = { code: TRPCError['code']; issues?: (err: Error) => { message: string; path: string[] }[] };

const BY_NAME: Record<string, Mapping> = {
  RunNotFoundError: { code: 'NOT_FOUND' },
  NotAFileError: { code: 'NOT_FOUND' },
  NoSuchRunError: { code: 'NOT_FOUND' },
  RunExistsError: { code: 'CONFLICT' },
  RunnerBusyError: { code: 'CONFLICT' },
  RunActiveError: { code: 'CONFLICT' },
  SourceNotFoundError: { code: 'NOT_FOUND' },
  InvalidRunIdError: { code: 'BAD_REQUEST' },
  PathEscapeError: { code: 'FORBIDDEN' },
  ProviderUnavailableError: { code: 'PRECONDITION_FAILED' },
  SshHostsFileError: { code: 'PRECONDITION_FAILED' },
  SshConnectionError: { code: 'PRECONDITION_FAILED' },
  ZodError: { code: 'BAD_REQUEST' },
  ConfigValidationError: {
    code: 'BAD_REQUEST',
    issues: (err) =>
      (err as Error & { errors: { path: string; message: string }[] }).errors.map((e) => ({
        message: e.message,
        path: e.path ? e.path.split('.') : [],
      })),
  },
};

/** The tRPC error a domain error stands for; anything unknown is INTERNAL_SERVER_ERROR. */
export function toTRPCError(err: unknown): TRPCError {
  if (err instanceof TRPCError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  const mapping = BY_NAME[e.name];
  if (!mapping) return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: e.message, cause: e });
  // The error formatter turns `cause.issues` into field errors beside the form's fields.
  const cause = mapping.issues ? Object.assign(e, { issues: mapping.issues(e) }) : e;
  return new TRPCError({ code: mapping.code, message: e.message, cause });
}
